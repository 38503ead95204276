from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jiwon.core.forms import KrdsFormMixin
from jiwon.programs.models import Category, TargetGroup
from jiwon.programs.selectors.public import (
    NoticeFilters,
    Sort,
    State,
    fiscal_years,
    region_choices,
)

ALL = ("", _("All"))
WITHIN_DAYS = (3, 7, 14, 30)


def _to_int(value: str) -> int:
    return int(value)


def _within(days: int) -> str:
    return ngettext("Within %(days)d day", "Within %(days)d days", days) % {"days": days}


class NoticeFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Every word must appear in the title, summary, target or notice."),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[ALL, *Category.choices]
    )
    target = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[ALL, *TargetGroup.choices]
    )
    status = forms.ChoiceField(
        label=_("Applications"),
        required=False,
        choices=[
            ALL,
            (State.OPEN, _("Open now")),
            (State.UPCOMING, _("Upcoming")),
            (State.CLOSED, _("Closed")),
        ],
    )
    region = forms.ChoiceField(label=_("Region served"), required=False)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=_to_int, empty_value=None
    )
    within_days = forms.TypedChoiceField(
        label=_("Deadline"),
        required=False,
        coerce=_to_int,
        empty_value=None,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (Sort.NEWEST, _("Newest first")),
            (Sort.DEADLINE, _("Soonest deadline first")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [ALL, *region_choices()]
        self.fields["fiscal_year"].choices = [ALL, *[(str(y), str(y)) for y in fiscal_years()]]
        self.fields["within_days"].choices = [
            ("", _("Any time")),
            *[(str(days), _within(days)) for days in WITHIN_DAYS],
        ]

    def filters(self) -> NoticeFilters:
        """The valid filters; an invalid one (shown beside its field) is left out rather than
        emptying the whole board."""
        if not self.is_bound:
            return NoticeFilters()
        self.is_valid()
        values = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        return NoticeFilters(**values)
