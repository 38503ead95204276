"""The receipt email (접수증), in Korean and English in one message."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from jiwon.applications.models import Application
from jiwon.companies.models import Membership

LANGUAGES = ("ko", "en")


def recipients(application: Application) -> list[str]:
    emails = (
        Membership.objects.filter(company_id=application.company_id, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return list(emails)


def _render(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context).strip()


def send_receipt(application_pk: int) -> int:
    """Email the receipt to every member of the applicant company; returns how many were sent
    (0 when no member has an email address)."""
    application = Application.objects.select_related("program", "program__agency", "company").get(
        pk=application_pk
    )
    to = recipients(application)
    if not to:
        return 0
    context = {"application": application, "program": application.program}
    subject = " / ".join(
        _render("applications/email/receipt_subject.txt", context, lang) for lang in LANGUAGES
    )
    body = "\n\n----------------------------------------\n\n".join(
        _render("applications/email/receipt_body.txt", context, lang) for lang in LANGUAGES
    )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
