"""Identifiers as people read them, in every template: `{{ company.brn|brn }}` shows a business
registration number as 123-45-67890 (stored as its 10 digits); anything else is shown as given,
and an empty value as "—"."""

from django import template

from jiwon.core.formats import brn_format

register = template.Library()


@register.filter
def brn(value: object) -> str:
    return brn_format(value) or "—"
