"""Application forms as data: parse and check a programme's form definition, and clean the
answers given to it.

A definition is JSON:

    {"steps": [
        {"key": "plan", "title": "사업계획", "title_en": "Business plan", "fields": [
            {"key": "summary", "type": "textarea", "label": "사업 요약", "label_en": "Summary",
             "required": true, "help": "...", "help_en": "...", "max_length": 2000},
            {"key": "amount", "type": "number", "label": "...", "min": 0, "max": 100000000},
            {"key": "track", "type": "choice", "label": "...",
             "choices": [{"value": "youth", "label": "청년", "label_en": "Youth"}]},
            {"key": "plan_file", "type": "file", "label": "...", "required": true,
             "allowed_types": ["pdf", "hwp"], "max_size_mb": 20, "multiple": false},
            {"key": "company_name", "type": "text", "label": "기업명",
             "prefill": "company.name_ko"}
        ]}
    ]}

Field types: text, textarea, number (whole numbers: money is integer won), date (YYYY-MM-DD),
choice, multichoice, checkbox, file. A field with `prefill` shows what the registry holds and is
never typed: its answer is copied from the registry when the application is submitted.
Labels are the programme's own words (data, like its title), in Korean with optional English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from jiwon.core.normalize import ascii_digits
from jiwon.core.phones import phone_normalise
from jiwon.core.uploads import SIGNATURES, UploadPolicy

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "multichoice",
    "checkbox",
    "file",
    "phone",  # a Korean phone number, checked and stored as 031-123-4567 (jiwon.core.phones)
)
CHOICE_TYPES = ("choice", "multichoice")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 5000}
# The longest number, date or choice value a draft keeps while it is still wrong.
DRAFT_SHORT_ANSWER = 100
MAX_FILE_MB = 50
DEFAULT_FILE_MB = 20


def _company_value(attribute: str):
    def read(company):
        value = getattr(company, attribute)
        return "" if value is None else value

    return read


# Registry facts a field may be prefilled from: source id → (how to read it, the label used
# when the definition gives none). Only these ids are accepted in a definition.
PREFILL_SOURCES: dict[str, Any] = {
    "company.name_ko": _company_value("name_ko"),
    "company.name_en": _company_value("name_en"),
    "company.brn": _company_value("brn"),
    "company.crn": _company_value("crn"),
    "company.representative_name": _company_value("representative_name"),
    "company.founded_on": lambda c: c.founded_on.isoformat() if c.founded_on else "",
    "company.address": _company_value("address"),
    "company.employees": _company_value("employees"),
    "company.annual_sales_won": _company_value("annual_sales_won"),
    "company.email": _company_value("email"),
    "company.phone": _company_value("phone"),
    "company.ksic": lambda c: str(c.ksic) if c.ksic_id else "",
    "company.region": lambda c: str(c.region) if c.region_id else "",
}


def _localized(data: dict, name: str) -> str:
    if translation.get_language() == "en" and data.get(f"{name}_en"):
        return data[f"{name}_en"]
    return data.get(name, "")


@dataclass(frozen=True)
class Choice:
    value: str
    raw: dict

    @property
    def label(self) -> str:
        return _localized(self.raw, "label") or self.value


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    raw: dict

    @property
    def label(self) -> str:
        return _localized(self.raw, "label") or self.key

    @property
    def help(self) -> str:
        return _localized(self.raw, "help")

    @property
    def required(self) -> bool:
        return bool(self.raw.get("required"))

    @property
    def prefill(self) -> str:
        return self.raw.get("prefill", "")

    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(str(c["value"]), c) for c in self.raw.get("choices", ()))

    @property
    def max_length(self) -> int:
        return int(self.raw.get("max_length") or DEFAULT_MAX_LENGTH.get(self.type, 200))

    def fits_a_draft(self, raw: Any) -> bool:
        """Whether an answer that is not valid yet is small enough to keep in a draft (so that
        nothing typed is lost) without letting a client store megabytes: text up to the
        field's own maximum, a list no longer than the options, anything else short."""
        if isinstance(raw, list | tuple):
            return len(raw) <= len(self.choices) and all(
                len(str(v)) <= DRAFT_SHORT_ANSWER for v in raw
            )
        bound = self.max_length if self.type in ("text", "textarea") else DRAFT_SHORT_ANSWER
        return len(str(raw)) <= bound

    @property
    def allowed_types(self) -> tuple[str, ...]:
        return tuple(t.lower() for t in self.raw.get("allowed_types") or ("pdf",))

    @property
    def max_size_mb(self) -> int:
        return int(self.raw.get("max_size_mb") or DEFAULT_FILE_MB)

    @property
    def upload_policy(self) -> UploadPolicy:
        """What a file field accepts (see jiwon.core.uploads)."""
        return UploadPolicy(extensions=self.allowed_types, max_mb=self.max_size_mb)

    @property
    def multiple(self) -> bool:
        return bool(self.raw.get("multiple"))

    @property
    def is_file(self) -> bool:
        return self.type == "file"

    @property
    def is_answered_by_applicant(self) -> bool:
        return not self.prefill and not self.is_file


@dataclass(frozen=True)
class Step:
    key: str
    raw: dict
    fields: tuple[Field, ...]

    @property
    def title(self) -> str:
        return _localized(self.raw, "title") or self.key


@dataclass(frozen=True)
class Definition:
    steps: tuple[Step, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for step in self.steps for f in step.fields)

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def step_of(self, key: str) -> int:
        """The 1-based number of the step holding field `key`."""
        for number, step in enumerate(self.steps, start=1):
            if any(f.key == key for f in step.fields):
                return number
        raise KeyError(key)


def parse_definition(data: Any) -> Definition:
    """The definition in `data`, or ValidationError listing every problem found, each saying
    where it is and what to fix."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise ValidationError(_('A form needs a list of steps ("steps") with at least one step.'))
    steps: list[Step] = []
    seen_steps: set[str] = set()
    seen_fields: set[str] = set()
    for s_index, raw_step in enumerate(data["steps"], start=1):
        where = _("Step %(n)d") % {"n": s_index}
        if not isinstance(raw_step, dict):
            problems.append(_("%(where)s must be an object.") % {"where": where})
            continue
        key = raw_step.get("key", "")
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in seen_steps:
            problems.append(
                _("%(where)s needs a unique key of lower-case letters, digits and _.")
                % {"where": where}
            )
        seen_steps.add(key)
        if not str(raw_step.get("title", "")).strip():
            problems.append(_("%(where)s needs a title.") % {"where": where})
        raw_fields = raw_step.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            problems.append(_("%(where)s needs at least one field.") % {"where": where})
            continue
        fields = []
        for f_index, raw_field in enumerate(raw_fields, start=1):
            field_where = _("%(where)s, field %(n)d") % {"where": where, "n": f_index}
            field = _parse_field(raw_field, field_where, seen_fields, problems)
            if field:
                fields.append(field)
        steps.append(Step(str(key), raw_step, tuple(fields)))
    if problems:
        raise ValidationError(problems)
    return Definition(tuple(steps))


def _parse_field(raw: Any, where: str, seen: set[str], problems: list[str]) -> Field | None:
    if not isinstance(raw, dict):
        problems.append(_("%(where)s must be an object.") % {"where": where})
        return None
    key, kind = raw.get("key", ""), raw.get("type", "")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(
            _("%(where)s needs a key of lower-case letters, digits and _, starting with a letter.")
            % {"where": where}
        )
        return None
    where = f"{where} ({key})"
    if key in seen:
        problems.append(_("%(where)s: the key is used twice.") % {"where": where})
    seen.add(key)
    if kind not in FIELD_TYPES:
        problems.append(
            _("%(where)s: the type must be one of %(types)s.")
            % {"where": where, "types": ", ".join(FIELD_TYPES)}
        )
        return None
    if not str(raw.get("label", "")).strip():
        problems.append(_("%(where)s needs a label.") % {"where": where})
    prefill = raw.get("prefill")
    if prefill is not None:
        if prefill not in PREFILL_SOURCES:
            problems.append(
                _("%(where)s: unknown prefill source; use one of %(sources)s.")
                % {"where": where, "sources": ", ".join(PREFILL_SOURCES)}
            )
        elif kind not in ("text", "number", "date"):
            problems.append(
                _("%(where)s: only text, number and date fields can be prefilled.")
                % {"where": where}
            )
    if kind in CHOICE_TYPES:
        choices = raw.get("choices")
        values = [c.get("value") for c in choices or () if isinstance(c, dict)]
        if (
            not isinstance(choices, list)
            or len(values) != len(choices)
            or not values
            or any(not isinstance(v, str) or not v for v in values)
            or len(set(values)) != len(values)
        ):
            problems.append(
                _(
                    '%(where)s needs choices: a list of {"value": ..., "label": ...} with '
                    "distinct values."
                )
                % {"where": where}
            )
    for bound in ("min", "max", "max_length"):
        if bound in raw and (not isinstance(raw[bound], int) or isinstance(raw[bound], bool)):
            problems.append(
                _("%(where)s: %(bound)s must be a whole number.") % {"where": where, "bound": bound}
            )
    if kind == "file":
        types = raw.get("allowed_types", ["pdf"])
        unknown = (
            [t for t in types if not isinstance(t, str) or t.lower() not in SIGNATURES]
            if isinstance(types, list)
            else [types]
        )
        if unknown or not types:
            problems.append(
                _("%(where)s: allowed file types must be chosen from %(types)s.")
                % {"where": where, "types": ", ".join(SIGNATURES)}
            )
        size = raw.get("max_size_mb", DEFAULT_FILE_MB)
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_FILE_MB:
            problems.append(
                _("%(where)s: max_size_mb must be a whole number from 1 to %(max)d.")
                % {"where": where, "max": MAX_FILE_MB}
            )
    return Field(key, kind, raw)


def clean_value(field: Field, raw: Any) -> Any:
    """The stored form of one answer (str, int, ISO date text, list or bool; None when empty),
    or ValidationError saying what to fix."""
    if field.type == "checkbox":
        return raw in (True, "on", "true", "1", 1)
    if field.type == "multichoice":
        values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
        allowed = {c.value for c in field.choices}
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise ValidationError(_("Choose from the options given."))
        return [c.value for c in field.choices if c.value in values] or None
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if field.type == "phone":
        return phone_normalise(text)
    if field.type in ("text", "textarea"):
        if len(text) > field.max_length:
            raise ValidationError(
                _("Shorten this to at most %(max)d characters (now %(n)d).")
                % {"max": field.max_length, "n": len(text)}
            )
        return text
    if field.type == "number":
        digits = ascii_digits(text).replace(",", "")
        # ASCII digits only, and not so many that int() refuses them (4,300) or they mean
        # nothing: no bound on a form is above 10^18.
        if not re.fullmatch(r"-?[0-9]{1,18}", digits):
            raise ValidationError(_("Enter a whole number, without units."))
        number = int(digits)
        if "min" in field.raw and number < field.raw["min"]:
            raise ValidationError(
                _("Enter a number of at least %(min)s.") % {"min": f"{field.raw['min']:,}"}
            )
        if "max" in field.raw and number > field.raw["max"]:
            raise ValidationError(
                _("Enter a number of at most %(max)s.") % {"max": f"{field.raw['max']:,}"}
            )
        return number
    if field.type == "date":
        try:
            return date.fromisoformat(ascii_digits(text)).isoformat()
        except ValueError as exc:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from exc
    if field.type == "choice":
        if text not in {c.value for c in field.choices}:
            raise ValidationError(_("Choose from the options given."))
        return text
    raise ValueError(f"field {field.key} of type {field.type} has no typed answer")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def default_definition() -> dict:
    """The form a programme gets when staff have not defined one: the company facts from the
    registry, a basic business plan and its documents."""

    def prefilled(key, source, label, label_en):
        return {"key": key, "type": "text", "label": label, "label_en": label_en, "prefill": source}

    return {
        "steps": [
            {
                "key": "company",
                "title": "기업 정보",
                "title_en": "Company",
                "fields": [
                    prefilled("company_name", "company.name_ko", "기업명", "Company name"),
                    prefilled("brn", "company.brn", "사업자등록번호", "Business number"),
                    prefilled(
                        "representative", "company.representative_name", "대표자", "Representative"
                    ),
                    {
                        "key": "employees",
                        "type": "number",
                        "label": "상시근로자 수",
                        "label_en": "Employees",
                        "prefill": "company.employees",
                    },
                    {
                        "key": "annual_sales",
                        "type": "number",
                        "label": "연 매출액(원)",
                        "label_en": "Annual sales (won)",
                        "prefill": "company.annual_sales_won",
                    },
                    {
                        "key": "contact_name",
                        "type": "text",
                        "label": "담당자 성명",
                        "label_en": "Contact person",
                        "required": True,
                    },
                    {
                        "key": "contact_phone",
                        "type": "phone",
                        "label": "담당자 연락처",
                        "label_en": "Contact phone",
                        "required": True,
                        "max_length": 30,
                    },
                ],
            },
            {
                "key": "plan",
                "title": "사업계획",
                "title_en": "Business plan",
                "fields": [
                    {
                        "key": "project_title",
                        "type": "text",
                        "label": "과제명",
                        "label_en": "Project title",
                        "required": True,
                    },
                    {
                        "key": "summary",
                        "type": "textarea",
                        "label": "사업 내용 요약",
                        "label_en": "Summary of the project",
                        "required": True,
                        "max_length": 3000,
                        "help": "무엇을, 누구에게, 어떻게 제공하는지 적어 주세요.",
                        "help_en": "What you offer, to whom, and how.",
                    },
                    {
                        "key": "market",
                        "type": "textarea",
                        "label": "시장 및 경쟁 현황",
                        "label_en": "Market and competition",
                        "max_length": 3000,
                    },
                    {
                        "key": "requested_won",
                        "type": "number",
                        "label": "신청 금액(원)",
                        "label_en": "Amount requested (won)",
                        "min": 0,
                    },
                    {
                        "key": "start_on",
                        "type": "date",
                        "label": "사업 시작 예정일",
                        "label_en": "Planned start",
                    },
                ],
            },
            {
                "key": "documents",
                "title": "제출 서류",
                "title_en": "Documents",
                "fields": [
                    {
                        "key": "business_plan",
                        "type": "file",
                        "label": "사업계획서",
                        "label_en": "Business plan",
                        "required": True,
                        "allowed_types": ["pdf", "hwp", "hwpx", "docx"],
                        "max_size_mb": 20,
                    },
                    {
                        "key": "other_documents",
                        "type": "file",
                        "label": "기타 증빙 서류",
                        "label_en": "Other supporting documents",
                        "multiple": True,
                        "allowed_types": ["pdf", "hwp", "hwpx", "jpg", "png", "zip"],
                        "max_size_mb": 20,
                    },
                    {
                        "key": "consent",
                        "type": "checkbox",
                        "required": True,
                        "label": "신청 내용이 사실임을 확인합니다.",
                        "label_en": "I confirm that this application is true and complete.",
                    },
                ],
            },
        ]
    }
