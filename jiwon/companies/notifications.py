"""Telling a company something by email: every active member with an address gets one
message in Korean and English (Korean first), the way the application receipt is sent.

Domains call `notify_company(company=…, template=…, context=…)` from their services with
`on_commit=True` (the default), so a message leaves only when the write that caused it has
committed: a rolled-back offer or decision never reaches anyone. `template` names a pair of
templates, `<template>_subject.txt` and `<template>_body.txt`, rendered once per language.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from jiwon.companies.models import Company, Membership

LANGUAGES = ("ko", "en")
SEPARATOR = "\n\n----------------------------------------\n\n"


def member_emails(company: Company) -> list[str]:
    return list(
        Membership.objects.filter(company=company, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _render(name: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return render_to_string(name, context).strip()


def render_bilingual(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of `template` in both languages."""
    subject = " / ".join(_render(f"{template}_subject.txt", context, lang) for lang in LANGUAGES)
    body = SEPARATOR.join(_render(f"{template}_body.txt", context, lang) for lang in LANGUAGES)
    return subject, body


def notify_company(
    *, company: Company, template: str, context: dict[str, Any], on_commit: bool = True
) -> None:
    """Email `company`'s members (see the module docstring)."""

    def send() -> None:
        to = member_emails(company)
        if not to:
            return
        subject, body = render_bilingual(template, {**context, "company": company})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)

    if on_commit:
        transaction.on_commit(send)
    else:
        send()
