"""Forms for selection: aggregation settings, bonuses and tracks, ties at the cutoff. They
check shape only; the services check the rules."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.core.support import SupportKind
from jiwon.reviews.models.selection import MAX_BONUS, MinimumOn, Rounding, TrackSource
from jiwon.reviews.services.selection import AggregationInput

BAD_TRACK_LINE = _("Line %(number)s: write code, name, quota; for example “youth, 청년, 60”.")
TRACK_LINE = re.compile(r"^\s*(?P<code>[\w-]+)\s*,\s*(?P<label>[^,]*?)\s*,\s*(?P<quota>\d+)\s*$")


class AggregationConfigForm(KrdsFormMixin, forms.Form):
    qualifying_minimum = forms.DecimalField(
        label=_("Qualifying minimum (과락)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("An applicant scoring below it is not ranked. Leave empty for none."),
    )
    minimum_on = forms.ChoiceField(label=_("The minimum applies"), choices=MinimumOn.choices)
    bonus_cap = forms.DecimalField(
        label=_("Largest bonus (가점)"),
        min_value=0,
        max_value=MAX_BONUS,
        decimal_places=2,
        initial=MAX_BONUS,
    )
    places = forms.IntegerField(label=_("Decimal places"), min_value=0, max_value=4, initial=2)
    rounding = forms.ChoiceField(label=_("Rounding"), choices=Rounding.choices)
    tie_breaks = forms.CharField(
        label=_("Tie-breaks, in order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: criterion:<code> (higher mean on that criterion), bonus (higher "
            "bonus), submitted_at (earlier submission)."
        ),
    )
    track_source = forms.ChoiceField(
        label=_("Tracks come from"), choices=TrackSource.choices, required=False
    )
    track_answer_key = forms.CharField(
        label=_("Form field with the track"),
        required=False,
        max_length=60,
        help_text=_("The key of the application form's field whose answer is the track code."),
    )
    tracks = forms.CharField(
        label=_("Tracks and quotas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: code, name, quota; for example “youth, 청년, 60”."),
    )
    shortlist_size = forms.IntegerField(
        label=_("Passed on to the next stage"),
        required=False,
        min_value=0,
        help_text=_(
            "For a first stage followed by another: how many the first passes on. Empty: "
            "everyone who qualifies."
        ),
    )
    appeal_days = forms.IntegerField(
        label=_("Days to appeal"),
        min_value=1,
        max_value=90,
        initial=7,
        help_text=_("Calendar days after the day of publication; appeals close at midnight KST."),
    )
    grant_per_company_won = forms.IntegerField(
        label=_("Grant per selected company (won)"),
        required=False,
        min_value=0,
        help_text=_("Recorded in the support ledger on publication. Empty: no amount."),
    )
    support_kind = forms.ChoiceField(
        label=_("Kind of support in the ledger"),
        required=False,
        choices=[("", _("From the programme's category"))] + list(SupportKind.choices),
    )

    @classmethod
    def initial_from(cls, config) -> dict:
        return {
            "qualifying_minimum": config.qualifying_minimum,
            "minimum_on": config.minimum_on,
            "bonus_cap": config.bonus_cap,
            "places": config.places,
            "rounding": config.rounding,
            "tie_breaks": "\n".join(config.tie_breaks),
            "track_source": config.track_source,
            "track_answer_key": config.track_answer_key,
            "tracks": "\n".join(
                f"{t['code']}, {t.get('label', '')}, {t['quota']}" for t in config.tracks
            ),
            "shortlist_size": config.shortlist_size,
            "appeal_days": config.appeal_days,
            "grant_per_company_won": config.grant_per_company_won,
            "support_kind": config.support_kind,
        }

    def clean_tie_breaks(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.cleaned_data["tie_breaks"].splitlines() if line.strip()
        )

    def clean_tracks(self) -> tuple[dict, ...]:
        tracks, errors = [], []
        for number, line in enumerate(self.cleaned_data["tracks"].splitlines(), start=1):
            if not line.strip():
                continue
            match = TRACK_LINE.match(line)
            if match is None:
                errors.append(
                    ValidationError(
                        BAD_TRACK_LINE,
                        params={"number": number},
                    )
                )
                continue
            tracks.append(
                {
                    "code": match["code"],
                    "label": match["label"],
                    "quota": int(match["quota"]),
                }
            )
        if errors:
            raise ValidationError(errors)
        return tuple(tracks)

    def to_input(self) -> AggregationInput:
        data = self.cleaned_data
        return AggregationInput(
            bonus_cap=data["bonus_cap"],
            qualifying_minimum=data["qualifying_minimum"],
            minimum_on=data["minimum_on"],
            places=data["places"],
            rounding=data["rounding"],
            tie_breaks=data["tie_breaks"],
            track_source=data["track_source"],
            track_answer_key=data["track_answer_key"],
            tracks=data["tracks"],
            shortlist_size=data["shortlist_size"],
            appeal_days=data["appeal_days"],
            grant_per_company_won=data["grant_per_company_won"],
            support_kind=data["support_kind"],
        )


class AdjustmentForm(KrdsFormMixin, forms.Form):
    bonus = forms.DecimalField(
        label=_("Bonus (가점)"), min_value=0, max_value=MAX_BONUS, decimal_places=2, initial=0
    )
    bonus_reason = forms.CharField(
        label=_("Reason for the bonus"),
        required=False,
        max_length=300,
        help_text=_("Required for a bonus above zero, e.g. the certification it rewards."),
    )
    track = forms.CharField(label=_("Track"), required=False, max_length=40)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tracks:
            self.fields["track"] = forms.ChoiceField(
                label=_("Track"),
                required=False,
                choices=[("", _("From the application"))]
                + [(t["code"], t.get("label") or t["code"]) for t in tracks],
                widget=forms.Select(attrs={"class": "krds-form-select"}),
            )


class TieDecisionForm(KrdsFormMixin, forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Select")), ("0", _("Do not select"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
