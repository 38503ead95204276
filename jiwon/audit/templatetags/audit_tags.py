import json
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from jiwon.audit.models import AuditEntry

register = template.Library()

# Object types whose page an audit entry can link to.
_OBJECT_PAGES = {"companies.company": "companies:detail"}


@register.filter
def audit_value(value: Any) -> str:
    """A recorded before/after value (any JSON value) as a reader should see it."""
    if value is None:
        return "—"
    if value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@register.filter
def object_url(entry: AuditEntry) -> str:
    """The page of the entry's object, or "" when it has none."""
    name = _OBJECT_PAGES.get(entry.object_type)
    if name is None:
        return ""
    try:
        return reverse(name, args=[entry.object_id])
    except NoReverseMatch:
        return ""


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
