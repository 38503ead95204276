"""From evaluators' score sheets to a ranked selection, exactly as jiwon/reviews/README.md
("Aggregation") defines it:

1. An evaluator's total is Σ weight × score over the criteria, on a 100-point scale
   (100 × Σ w·s / Σ w·max), rounded.
2. With at least `trim_from` sheets, the sheets are ordered by total, then by evaluator key,
   and the first and the last are dropped: one lowest and one highest, even when tied.
3. The base score is the mean of the kept totals, rounded; the bonus (가점, capped) is added.
4. The qualifying minimum (과락) applies to the base score or to the final one.
5. Qualified applicants are ranked by score, then by the configured tie-breaks; equal on all
   of them means equal rank. Each close call notes the rule that decided it.
6. Selection walks the ranking, filling per-track quotas and an overall quota.

Arithmetic is exact (fractions); a value is rounded once where it is shown, and what is shown
is what the next step uses, so an applicant can recompute their score from their own sheet.
"""

from __future__ import annotations

import decimal
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ROUNDING_MODES = (
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_FLOOR,
    decimal.ROUND_CEILING,
)
MINIMUM_ON = ("base", "final")
BONUS = "bonus"
SUBMITTED_AT = "submitted_at"
CRITERION_PREFIX = "criterion:"
SCALE = 100


@dataclass(frozen=True)
class Criterion:
    key: str
    maximum: Decimal
    weight: Decimal = Decimal(1)
    label: str = ""


@dataclass(frozen=True, kw_only=True)
class AggregationConfig:
    """A programme's aggregation rules. `tie_breaks` are applied in order after the score:
    "criterion:<key>" (higher mean on that criterion over the kept sheets), "bonus" (higher
    bonus), "submitted_at" (earlier submission)."""

    criteria: tuple[Criterion, ...]
    trim_from: int | None = 5
    bonus_cap: Decimal | None = None
    qualifying_minimum: Decimal | None = None
    minimum_on: str = "base"
    places: int = 2
    rounding: str = decimal.ROUND_HALF_UP
    tie_breaks: tuple[str, ...] = ()
    track_quotas: Mapping[str, int] = field(default_factory=dict)
    overall_quota: int | None = None

    def __post_init__(self):
        errors = _config_errors(self)
        if errors:
            raise ValidationError(errors)

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def round(self, value: Fraction) -> Decimal:
        """Round an exact value to `places` with `rounding`. Every decimal rounding mode
        depends only on the integer part and on whether the rest is zero, below, at or above
        one half, so a stand-in with the same integer part and the same kind of rest rounds
        exactly like the exact value would."""
        scaled = value * 10**self.places
        whole = math.floor(scaled)
        rest = scaled - whole
        half = Fraction(1, 2)
        if rest == 0:
            stand_in = Decimal(whole)
        else:
            quarter = 1 if rest < half else 2 if rest == half else 3
            stand_in = Decimal(whole) + Decimal(quarter) / 4
        return stand_in.quantize(Decimal(1), rounding=self.rounding).scaleb(-self.places)


def _config_errors(config: AggregationConfig) -> list[ValidationError]:
    errors = []

    def error(message, **params):
        errors.append(ValidationError(message, params=params))

    keys = [c.key for c in config.criteria]
    if not keys:
        error(_("Add at least one criterion."))
    for key, count in Counter(keys).items():
        if count > 1:
            error(_("The criterion “%(key)s” is defined twice."), key=key)
    for c in config.criteria:
        if not isinstance(c.maximum, Decimal) or c.maximum <= 0:
            error(_("The criterion “%(key)s” needs a maximum above zero."), key=c.key)
        if not isinstance(c.weight, Decimal) or c.weight <= 0:
            error(_("The criterion “%(key)s” needs a weight above zero."), key=c.key)
    if config.trim_from is not None and config.trim_from < 3:
        error(
            _(
                "Dropping the highest and the lowest total needs at least 3 evaluators; "
                "enter 3 or more, or leave it empty to always take the plain mean."
            )
        )
    for value, message in (
        (config.bonus_cap, _("The bonus cap must be a number of zero or more.")),
        (config.qualifying_minimum, _("The qualifying minimum must be a number of zero or more.")),
    ):
        if value is not None and (not isinstance(value, Decimal) or value < 0):
            error(message)
    if config.minimum_on not in MINIMUM_ON:
        error(_("Apply the qualifying minimum to “base” or “final”."))
    if not 0 <= config.places <= 6:
        error(_("Round to 0 to 6 decimal places."))
    if config.rounding not in ROUNDING_MODES:
        error(_("“%(mode)s” is not a rounding mode."), mode=config.rounding)
    for rule in config.tie_breaks:
        if rule.startswith(CRITERION_PREFIX):
            if rule.removeprefix(CRITERION_PREFIX) not in keys:
                error(_("The tie-break “%(rule)s” names no criterion of this rubric."), rule=rule)
        elif rule not in (BONUS, SUBMITTED_AT):
            error(
                _("“%(rule)s” is not a tie-break (criterion:<key>, bonus or submitted_at)."),
                rule=rule,
            )
    if len(set(config.tie_breaks)) != len(config.tie_breaks):
        error(_("Each tie-break may be listed once."))
    quotas = [*config.track_quotas.values(), config.overall_quota]
    if any(q is not None and q < 0 for q in quotas):
        error(_("Quotas must be zero or more."))
    return errors


def config_from_json(data: Mapping[str, Any]) -> AggregationConfig:
    """The stored form: numbers as strings so that no float ever touches a score."""

    def number(value):
        return None if value is None else Decimal(str(value))

    return AggregationConfig(
        criteria=tuple(
            Criterion(
                key=c["key"],
                maximum=number(c["maximum"]),
                weight=number(c.get("weight", 1)),
                label=c.get("label", ""),
            )
            for c in data.get("criteria", ())
        ),
        trim_from=data.get("trim_from", 5),
        bonus_cap=number(data.get("bonus_cap")),
        qualifying_minimum=number(data.get("qualifying_minimum")),
        minimum_on=data.get("minimum_on", "base"),
        places=data.get("places", 2),
        rounding=data.get("rounding", decimal.ROUND_HALF_UP),
        tie_breaks=tuple(data.get("tie_breaks", ())),
        track_quotas=dict(data.get("track_quotas", {})),
        overall_quota=data.get("overall_quota"),
    )


def config_to_json(config: AggregationConfig) -> dict[str, Any]:
    def number(value):
        return None if value is None else str(value)

    return {
        "criteria": [
            {"key": c.key, "label": c.label, "maximum": str(c.maximum), "weight": str(c.weight)}
            for c in config.criteria
        ],
        "trim_from": config.trim_from,
        "bonus_cap": number(config.bonus_cap),
        "qualifying_minimum": number(config.qualifying_minimum),
        "minimum_on": config.minimum_on,
        "places": config.places,
        "rounding": config.rounding,
        "tie_breaks": list(config.tie_breaks),
        "track_quotas": dict(config.track_quotas),
        "overall_quota": config.overall_quota,
    }


# Inputs and outcomes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One evaluator's scores for one application. `evaluator` is a stable key (an id or a
    pseudonym); it orders tied totals when one of them is dropped."""

    evaluator: str
    scores: Mapping[str, Decimal]


@dataclass(frozen=True)
class Entry:
    key: Hashable
    sheets: tuple[Sheet, ...]
    bonus: Decimal = Decimal(0)
    submitted_at: datetime | None = None
    track: str = ""


@dataclass(frozen=True)
class EvaluatorTotal:
    evaluator: str
    total: Decimal
    kept: bool


REASONS = {
    "selected": _("Selected."),
    "not_scored": _("No evaluator has scored this application."),
    "below_minimum": _("Below the qualifying minimum of %(minimum)s."),
    "track_quota_reached": _("The quota of %(quota)s for “%(track)s” is filled."),
    "overall_quota_reached": _("The overall quota of %(quota)s is filled."),
    "tie_at_cutoff": _(
        "Tied with %(tied)s others at the quota cutoff with %(left)s places left; staff decide."
    ),
}
DECIDED_BY = {
    BONUS: _("Tie on score broken by the higher bonus."),
    SUBMITTED_AT: _("Tie on score broken by the earlier submission."),
    "criterion": _("Tie on score broken by the higher score on “%(criterion)s”."),
    "tie": _("Tie remains after every tie-break: equal rank."),
}


@dataclass
class Outcome:
    key: Hashable
    track: str
    totals: tuple[EvaluatorTotal, ...]
    base: Decimal | None
    bonus: Decimal
    score: Decimal | None
    criterion_means: dict[str, Decimal]
    submitted_at: datetime | None
    qualified: bool = False
    rank: int | None = None
    selected: bool = False
    reason: str = ""
    reason_params: dict = field(default_factory=dict)
    decided_by: str = ""
    decided_by_params: dict = field(default_factory=dict)

    @property
    def reason_message(self) -> str:
        return REASONS[self.reason] % self.reason_params

    @property
    def decided_by_message(self) -> str:
        if not self.decided_by:
            return ""
        kind = "criterion" if self.decided_by.startswith(CRITERION_PREFIX) else self.decided_by
        return DECIDED_BY[kind] % self.decided_by_params


# The computation ---------------------------------------------------------------------------


def aggregate(config: AggregationConfig, entries: Iterable[Entry]) -> list[Outcome]:
    """Every entry's outcome: the ranked (qualified) ones by rank, then those below the
    minimum by score, then the unscored. Raises ValidationError listing every bad input."""
    entries = list(entries)
    errors = _entry_errors(config, entries)
    if errors:
        raise ValidationError(errors)
    outcomes = [_score(config, entry) for entry in entries]
    ranked = [o for o in outcomes if o.qualified]
    ranked.sort(key=lambda o: _order_key(config, o))
    _rank(config, ranked)
    _select(config, ranked)
    rest = sorted(
        (o for o in outcomes if not o.qualified),
        key=lambda o: (o.score is None, -(o.score or 0)),
    )
    return ranked + rest


def _entry_errors(config: AggregationConfig, entries: list[Entry]) -> list[ValidationError]:
    errors = []
    keys = {c.key for c in config.criteria}
    for key, count in Counter(e.key for e in entries).items():
        if count > 1:
            errors.append(ValidationError(_("%(key)s is listed twice."), params={"key": key}))
    for entry in entries:
        params = {"key": entry.key}
        if not _is_number(entry.bonus) or entry.bonus < 0:
            errors.append(
                ValidationError(_("%(key)s: the bonus must be zero or more."), params=params)
            )
        if config.track_quotas and entry.track not in config.track_quotas:
            errors.append(
                ValidationError(
                    _("%(key)s: the track “%(track)s” has no quota."),
                    params={**params, "track": entry.track},
                )
            )
        for evaluator, count in Counter(s.evaluator for s in entry.sheets).items():
            if count > 1:
                errors.append(
                    ValidationError(
                        _("%(key)s: %(evaluator)s scored it twice."),
                        params={**params, "evaluator": evaluator},
                    )
                )
        for sheet in entry.sheets:
            errors.extend(_sheet_errors(config, keys, entry, sheet))
    return errors


def _is_number(value) -> bool:
    """Decimal or int: a float has already lost the score's exact value."""
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _sheet_errors(config, keys, entry: Entry, sheet: Sheet) -> list[ValidationError]:
    errors = []
    params = {"key": entry.key, "evaluator": sheet.evaluator}
    missing = sorted(keys - set(sheet.scores))
    if missing:
        errors.append(
            ValidationError(
                _("%(key)s: %(evaluator)s has not scored %(criteria)s."),
                params={**params, "criteria": ", ".join(missing)},
            )
        )
    for criterion_key, value in sheet.scores.items():
        if criterion_key not in keys:
            errors.append(
                ValidationError(
                    _("%(key)s: %(evaluator)s scored “%(criterion)s”, which is not a criterion."),
                    params={**params, "criterion": criterion_key},
                )
            )
            continue
        maximum = config.criterion(criterion_key).maximum
        if not _is_number(value) or not 0 <= value <= maximum:
            errors.append(
                ValidationError(
                    _(
                        "%(key)s: %(evaluator)s gave %(value)s on “%(criterion)s”; enter 0 "
                        "to %(maximum)s."
                    ),
                    params={
                        **params,
                        "criterion": criterion_key,
                        "value": value,
                        "maximum": maximum,
                    },
                )
            )
    return errors


def _score(config: AggregationConfig, entry: Entry) -> Outcome:
    zero = Fraction(0)
    full = sum((Fraction(c.weight) * Fraction(c.maximum) for c in config.criteria), zero)
    totals = {
        sheet.evaluator: config.round(
            SCALE
            * sum(
                (Fraction(c.weight) * Fraction(sheet.scores[c.key]) for c in config.criteria),
                zero,
            )
            / full
        )
        for sheet in entry.sheets
    }
    ordered = sorted(entry.sheets, key=lambda s: (totals[s.evaluator], s.evaluator))
    if config.trim_from is not None and len(ordered) >= config.trim_from:
        kept = ordered[1:-1]
    else:
        kept = ordered
    kept_keys = {s.evaluator for s in kept}
    bonus = entry.bonus if config.bonus_cap is None else min(entry.bonus, config.bonus_cap)
    bonus = config.round(Fraction(bonus))
    outcome = Outcome(
        key=entry.key,
        track=entry.track,
        totals=tuple(
            EvaluatorTotal(s.evaluator, totals[s.evaluator], s.evaluator in kept_keys)
            for s in ordered
        ),
        base=None,
        bonus=bonus,
        score=None,
        criterion_means={},
        submitted_at=entry.submitted_at,
    )
    if not kept:
        outcome.reason = "not_scored"
        return outcome
    outcome.base = config.round(
        sum((Fraction(totals[s.evaluator]) for s in kept), zero) / len(kept)
    )
    outcome.score = outcome.base + bonus
    outcome.criterion_means = {
        c.key: config.round(sum((Fraction(s.scores[c.key]) for s in kept), zero) / len(kept))
        for c in config.criteria
    }
    measured = outcome.base if config.minimum_on == "base" else outcome.score
    minimum = config.qualifying_minimum
    outcome.qualified = minimum is None or measured >= minimum
    if not outcome.qualified:
        outcome.reason = "below_minimum"
        outcome.reason_params = {"minimum": minimum}
    return outcome


def _tie_key(rule: str, outcome: Outcome):
    """Ascending sort key of one tie-break: smaller is better."""
    if rule == BONUS:
        return -outcome.bonus
    if rule == SUBMITTED_AT:
        at = outcome.submitted_at
        return (at is None, at.timestamp() if at else 0)
    return -outcome.criterion_means[rule.removeprefix(CRITERION_PREFIX)]


def _scored(outcome: Outcome) -> Decimal:
    if outcome.score is None:
        raise ValueError(f"{outcome.key} has no score and cannot be ranked")
    return outcome.score


def _order_key(config: AggregationConfig, outcome: Outcome) -> tuple:
    return (-_scored(outcome), *(_tie_key(rule, outcome) for rule in config.tie_breaks))


def _rank(config: AggregationConfig, ranked: list[Outcome]) -> None:
    """Competition ranking (1, 2, 2, 4) on the full key. Within a group of equal scores, each
    applicant's `decided_by` is the first tie-break after which nobody else in the group
    shares its key so far, or "tie" when someone shares all of it."""
    keys = [_order_key(config, o) for o in ranked]
    for i, outcome in enumerate(ranked):
        outcome.rank = i + 1 if i == 0 or keys[i] != keys[i - 1] else ranked[i - 1].rank
    groups: dict[Decimal, list[int]] = {}
    for i, outcome in enumerate(ranked):
        groups.setdefault(_scored(outcome), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            ranked[i].decided_by = "tie"
            for depth, rule in enumerate(config.tie_breaks, start=2):
                prefix = keys[i][:depth]
                if sum(keys[j][:depth] == prefix for j in members) == 1:
                    ranked[i].decided_by = rule
                    if rule.startswith(CRITERION_PREFIX):
                        criterion = config.criterion(rule.removeprefix(CRITERION_PREFIX))
                        ranked[i].decided_by_params = {
                            "criterion": criterion.label or criterion.key
                        }
                    break


def _select(config: AggregationConfig, ranked: list[Outcome]) -> None:
    """Walk the ranking one rank at a time. A group of equal rank is taken whole or not at
    all: when it does not fit in what is left of a quota, its members are marked for staff to
    decide and that quota is closed, so nobody ranked below them takes the places."""
    filled: Counter[str] = Counter()
    overall = 0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j].rank == ranked[i].rank:
            j += 1
        group = ranked[i:j]
        i = j
        fits = []
        for track in dict.fromkeys(o.track for o in group):
            members = [o for o in group if o.track == track]
            quota = config.track_quotas.get(track)
            if quota is None:
                fits.extend(members)
                continue
            left = quota - filled[track]
            if left <= 0:
                _mark(members, "track_quota_reached", quota=quota, track=track)
            elif len(members) <= left:
                fits.extend(members)
            else:
                _mark(members, "tie_at_cutoff", tied=len(members) - 1, left=left)
                filled[track] = quota
        limit = config.overall_quota
        if limit is not None and limit - overall <= 0:
            _mark(fits, "overall_quota_reached", quota=limit)
        elif limit is not None and len(fits) > limit - overall:
            _mark(fits, "tie_at_cutoff", tied=len(fits) - 1, left=limit - overall)
            overall = limit
        else:
            for o in fits:
                o.selected = True
                o.reason = "selected"
                filled[o.track] += 1
            overall += len(fits)


def _mark(outcomes: list[Outcome], reason: str, **params) -> None:
    for o in outcomes:
        o.reason = reason
        o.reason_params = params
