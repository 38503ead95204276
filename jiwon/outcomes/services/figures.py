"""Writes of yearly company figures (성과) and dated outcome records. Every function is atomic,
audited with before and after, and records the provenance and who entered the values."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.models import Region
from jiwon.outcomes.models import (
    RECORD_FIELDS,
    RECORD_MODELS,
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    OutcomeRecord,
    Provenance,
    Relocation,
    YearFigure,
)

FIRST_YEAR = 2000
# Employees, hires, won and USD alike: far above any real company, catches stray digits.
MAX_VALUE = 10**15
MAX_AMOUNT_WON = 10**15


def _check_provenance(provenance: str, errors: dict) -> None:
    if provenance not in Provenance.values:
        errors["provenance"] = ValidationError(_("Choose where this figure comes from."))


def year_figure_problems(
    *, year: Any, metric: str, value: Any, provenance: str
) -> dict[str, ValidationError]:
    """What is wrong with a figure, without a query: {field: error saying what to fix}."""
    errors: dict[str, ValidationError] = {}
    this_year = timezone.localdate().year
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        errors["year"] = ValidationError(
            _("Enter a year from %(first)s to %(last)s."),
            params={"first": FIRST_YEAR, "last": this_year},
        )
    if metric not in Metric.values:
        errors["metric"] = ValidationError(_("Choose a figure from the list."))
    if isinstance(value, bool) or not isinstance(value, int):
        errors["value"] = ValidationError(_("Enter a whole number."))
    elif value < 0:
        errors["value"] = ValidationError(_("Enter 0 or more; a figure cannot be negative."))
    elif value > MAX_VALUE:
        errors["value"] = ValidationError(_("The number is too large; check the number of digits."))
    _check_provenance(provenance, errors)
    return errors


@transaction.atomic
def year_figure_set(
    *, actor: Actor, company: Company, year: int, metric: str, value: int, provenance: str
) -> YearFigure:
    """Set one figure of `company` for `year`, adding or replacing it. Setting the value it
    already has writes nothing, so the provenance and enterer of that value are kept."""
    errors = year_figure_problems(year=year, metric=metric, value=value, provenance=provenance)
    if errors:
        raise ValidationError(errors)
    figure = (
        YearFigure.objects.select_for_update()
        .filter(company=company, year=year, metric=metric)
        .first()
    )
    fields = ["value", "provenance", "entered_by"]
    if figure is None:
        figure = YearFigure.objects.create(
            company=company,
            year=year,
            metric=metric,
            value=value,
            provenance=provenance,
            entered_by=actor_user(actor),
        )
        changes = {k: [None, v] for k, v in snapshot(figure, ["year", "metric", *fields]).items()}
        audit_record(actor=actor, action="outcomes.year_figure_set", obj=figure, changes=changes)
        return figure
    if figure.value == value:
        return figure
    before = snapshot(figure, fields)
    figure.value = value
    figure.provenance = provenance
    figure.entered_by = actor_user(actor)
    figure.save(update_fields=[*fields, "updated_at"])
    changes = diff(before, snapshot(figure, fields))
    changes["year"] = [year, year]
    changes["metric"] = [metric, metric]
    audit_record(actor=actor, action="outcomes.year_figure_set", obj=figure, changes=changes)
    return figure


@transaction.atomic
def year_figures_set(
    *, actor: Actor, company: Company, year: int, values: Mapping[str, int], provenance: str
) -> list[YearFigure]:
    """Set several figures of one year (`values`: {metric: value}), all of them or none. A
    refusal names the metric it concerns instead of "value"."""
    figures = []
    for metric, value in values.items():
        try:
            figures.append(
                year_figure_set(
                    actor=actor,
                    company=company,
                    year=year,
                    metric=metric,
                    value=value,
                    provenance=provenance,
                )
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "value" in exc.error_dict:
                exc.error_dict[metric] = exc.error_dict.pop("value")
            raise
    return figures


# --- outcome records ---------------------------------------------------------------------------


def record_fields(model: type[OutcomeRecord]) -> list[str]:
    """The fields a person enters for a record of `model`, in form order."""
    return list(RECORD_FIELDS[model])


def number_taken(record: IntellectualProperty) -> ValidationError:
    return ValidationError(
        _("This number is already recorded as a %(kind)s."),
        params={"kind": record.get_kind_display()},
    )


def not_a_district(code: str) -> ValidationError:
    return ValidationError(_("%(code)s is not a 시군구 code."), params={"code": code})


def outcome_record_problems(
    record: OutcomeRecord, *, lookups: bool = True
) -> dict[str, ValidationError]:
    """The rules of outcome records: {field: error saying what to fix}. Queries only for the
    IP number and the region code, and not at all with `lookups=False` (a batch checks those
    two for all its rows at once: services/bulk.py)."""
    errors: dict[str, ValidationError] = {}
    _check_provenance(record.provenance, errors)
    if record.occurred_on and record.occurred_on > timezone.localdate():
        errors["occurred_on"] = ValidationError(
            _("Enter a date that has passed: outcomes are recorded after they happen.")
        )
    if isinstance(record, Investment):
        if record.amount_won is None or record.amount_won <= 0:
            errors["amount_won"] = ValidationError(_("Enter the amount invested, more than 0 won."))
        elif record.amount_won > MAX_AMOUNT_WON:
            errors["amount_won"] = ValidationError(
                _("The amount is too large; check the number of digits.")
            )
    if isinstance(record, IntellectualProperty):
        record.number = record.number.strip()
        taken = IntellectualProperty.objects.filter(kind=record.kind, number=record.number)
        if lookups and record.number and taken.exclude(pk=record.pk).exists():
            errors["number"] = number_taken(record)
    if isinstance(record, Relocation):
        record.other_region_code = record.other_region_code.strip()
        code = record.other_region_code
        if lookups and code and not Region.objects.filter(code=code, level=2).exists():
            errors["other_region_code"] = not_a_district(code)
        if not code and not record.other_place.strip():
            errors["other_place"] = ValidationError(
                _("Say where the company moved from or to: a 시군구 code or a place name.")
            )
    return errors


def outcome_record_check(record: OutcomeRecord) -> None:
    """Raise ValidationError (by field) if `record` may not be saved as it is."""
    errors = outcome_record_problems(record)
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["company", "entered_by"], validate_constraints=False)


# The service noun of each record kind: its writes are audited as outcomes.<noun>_add/_update.
_NOUNS: dict[type[OutcomeRecord], str] = {
    Investment: "investment",
    IntellectualProperty: "intellectual_property",
    Agreement: "agreement",
    Award: "award",
    Relocation: "relocation",
}


R = TypeVar("R", bound=OutcomeRecord)


def _record_write(
    model: type[R],
    *,
    actor: Actor,
    record: R | None,
    company: Company | None,
    provenance: str,
    values: dict[str, Any],
) -> R:
    audited = [*RECORD_FIELDS[model], "provenance", "entered_by"]
    before: dict[str, Any]
    if record is None:
        record = model(company=company)
        before = dict.fromkeys(audited)
        action = f"outcomes.{_NOUNS[model]}_add"
    else:
        record = model._default_manager.select_for_update().get(pk=record.pk)
        before = snapshot(record, audited)
        action = f"outcomes.{_NOUNS[model]}_update"
    for field, value in values.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    record.provenance = provenance
    outcome_record_check(record)
    after = snapshot(record, audited)
    if record.pk and all(before[k] == after[k] for k in audited if k != "entered_by"):
        return record
    record.entered_by = actor_user(actor)
    record.save()
    changes = diff(before, snapshot(record, audited))
    if company is not None:
        changes["company"] = [None, str(company)]
    audit_record(actor=actor, action=action, obj=record, changes=changes)
    return record


@transaction.atomic
def investment_add(
    *,
    actor: Actor,
    company: Company,
    occurred_on: date,
    amount_won: int,
    investor: str,
    round: str,
    provenance: str,
) -> Investment:
    return _record_write(
        Investment,
        actor=actor,
        record=None,
        company=company,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "amount_won": amount_won,
            "investor": investor,
            "round": round,
        },
    )


@transaction.atomic
def investment_update(
    *,
    actor: Actor,
    investment: Investment,
    occurred_on: date,
    amount_won: int,
    investor: str,
    round: str,
    provenance: str,
) -> Investment:
    return _record_write(
        Investment,
        actor=actor,
        record=investment,
        company=None,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "amount_won": amount_won,
            "investor": investor,
            "round": round,
        },
    )


@transaction.atomic
def intellectual_property_add(
    *,
    actor: Actor,
    company: Company,
    occurred_on: date,
    kind: str,
    number: str,
    title: str = "",
    provenance: str,
) -> IntellectualProperty:
    return _record_write(
        IntellectualProperty,
        actor=actor,
        record=None,
        company=company,
        provenance=provenance,
        values={"occurred_on": occurred_on, "kind": kind, "number": number, "title": title},
    )


@transaction.atomic
def intellectual_property_update(
    *,
    actor: Actor,
    ip: IntellectualProperty,
    occurred_on: date,
    kind: str,
    number: str,
    title: str = "",
    provenance: str,
) -> IntellectualProperty:
    return _record_write(
        IntellectualProperty,
        actor=actor,
        record=ip,
        company=None,
        provenance=provenance,
        values={"occurred_on": occurred_on, "kind": kind, "number": number, "title": title},
    )


@transaction.atomic
def agreement_add(
    *,
    actor: Actor,
    company: Company,
    occurred_on: date,
    kind: str,
    counterparty: str,
    title: str = "",
    provenance: str,
) -> Agreement:
    return _record_write(
        Agreement,
        actor=actor,
        record=None,
        company=company,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "kind": kind,
            "counterparty": counterparty,
            "title": title,
        },
    )


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    occurred_on: date,
    kind: str,
    counterparty: str,
    title: str = "",
    provenance: str,
) -> Agreement:
    return _record_write(
        Agreement,
        actor=actor,
        record=agreement,
        company=None,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "kind": kind,
            "counterparty": counterparty,
            "title": title,
        },
    )


@transaction.atomic
def award_add(
    *,
    actor: Actor,
    company: Company,
    occurred_on: date,
    name: str,
    awarded_by: str = "",
    provenance: str,
) -> Award:
    return _record_write(
        Award,
        actor=actor,
        record=None,
        company=company,
        provenance=provenance,
        values={"occurred_on": occurred_on, "name": name, "awarded_by": awarded_by},
    )


@transaction.atomic
def award_update(
    *,
    actor: Actor,
    award: Award,
    occurred_on: date,
    name: str,
    awarded_by: str = "",
    provenance: str,
) -> Award:
    return _record_write(
        Award,
        actor=actor,
        record=award,
        company=None,
        provenance=provenance,
        values={"occurred_on": occurred_on, "name": name, "awarded_by": awarded_by},
    )


@transaction.atomic
def relocation_add(
    *,
    actor: Actor,
    company: Company,
    occurred_on: date,
    direction: str,
    other_region_code: str = "",
    other_place: str = "",
    provenance: str,
) -> Relocation:
    return _record_write(
        Relocation,
        actor=actor,
        record=None,
        company=company,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "direction": direction,
            "other_region_code": other_region_code,
            "other_place": other_place,
        },
    )


@transaction.atomic
def relocation_update(
    *,
    actor: Actor,
    relocation: Relocation,
    occurred_on: date,
    direction: str,
    other_region_code: str = "",
    other_place: str = "",
    provenance: str,
) -> Relocation:
    return _record_write(
        Relocation,
        actor=actor,
        record=relocation,
        company=None,
        provenance=provenance,
        values={
            "occurred_on": occurred_on,
            "direction": direction,
            "other_region_code": other_region_code,
            "other_place": other_place,
        },
    )


@dataclass(frozen=True)
class RecordKind:
    """One kind of outcome record as the pages and the imports know it, with its services."""

    slug: str
    add: Callable[..., OutcomeRecord]
    update: Callable[..., OutcomeRecord]
    # The keyword naming the record in `update`.
    param: str

    @property
    def model(self) -> type[OutcomeRecord]:
        return RECORD_MODELS[self.slug]

    @property
    def fields(self) -> list[str]:
        return record_fields(self.model)

    def save(
        self,
        *,
        actor: Actor,
        record: OutcomeRecord | None = None,
        company: Company | None = None,
        provenance: str,
        values: dict[str, Any],
    ) -> OutcomeRecord:
        if record is None:
            return self.add(actor=actor, company=company, provenance=provenance, **values)
        return self.update(actor=actor, provenance=provenance, **{self.param: record}, **values)


RECORD_KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind("investment", investment_add, investment_update, "investment"),
        RecordKind("ip", intellectual_property_add, intellectual_property_update, "ip"),
        RecordKind("agreement", agreement_add, agreement_update, "agreement"),
        RecordKind("award", award_add, award_update, "award"),
        RecordKind("relocation", relocation_add, relocation_update, "relocation"),
    )
}
