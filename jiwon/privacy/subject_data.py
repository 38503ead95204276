"""What Jiwon holds about a person (개인정보 보호법 제35조, 열람): every app that holds personal
records registers a provider in its AppConfig.ready(); the person's page (/privacy/my-data/)
shows them all and offers them as one JSON download.

    register_subject_data(SubjectSection(key="companies", order=20, title=_("Companies"),
                                         records=my_company_records))

`records(user)` gives the person's records in that app, each a `SubjectRecord`: a title and
its fields as (label, value) pairs, and who accessed it (rows of the access log).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.core.models import RoleUser
from jiwon.privacy.models import PersonalDataAccess


@dataclass(frozen=True)
class SubjectRecord:
    title: str
    fields: list[tuple[str | Promise, Any]]
    accesses: list[PersonalDataAccess] = field(default_factory=list)


@dataclass(frozen=True)
class SubjectSection:
    key: str
    order: int
    title: str | Promise
    records: Callable[[RoleUser], list[SubjectRecord]]


_SECTIONS: dict[str, SubjectSection] = {}


def register_subject_data(section: SubjectSection) -> None:
    _SECTIONS[section.key] = section


def _account(user: RoleUser) -> list[SubjectRecord]:
    return [
        SubjectRecord(
            title=user.get_username(),
            fields=[
                (_("Username"), user.get_username()),
                (_("Name"), user.get_full_name()),
                (_("Email"), user.email),
                (_("Role"), user.get_role_display()),
                (_("Joined"), user.date_joined),
                (_("Last login"), user.last_login),
            ],
        )
    ]


register_subject_data(SubjectSection("account", 0, _("Account"), _account))


def subject_sections(user: RoleUser) -> list[tuple[SubjectSection, list[SubjectRecord]]]:
    sections = sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    return [(s, records) for s in sections if (records := s.records(user))]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, int | bool):
        return value
    return str(value)


def subject_export(user: RoleUser) -> dict[str, Any]:
    """Everything of subject_sections as JSON: labels in the current language; the accesses
    name the role and purpose of whoever accessed the record, not their account."""
    return {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "sections": {
            section.key: {
                "title": str(section.title),
                "records": [
                    {
                        "title": record.title,
                        "fields": {str(label): _json_value(v) for label, v in record.fields},
                        "accesses": [
                            {
                                "at": _json_value(a.at),
                                "action": a.get_action_display(),
                                "role": a.actor_role,
                                "purpose": a.purpose,
                            }
                            for a in record.accesses
                        ],
                    }
                    for record in records
                ],
            }
            for section, records in subject_sections(user)
        },
    }
