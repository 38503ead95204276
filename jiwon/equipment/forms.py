"""Forms of shared equipment. Times are typed in Seoul time and read as aware moments."""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.uploads import inspect_upload
from jiwon.equipment.models import EquipmentKind, Resource
from jiwon.equipment.rules import SEOUL
from jiwon.equipment.services import MANUAL_POLICY, PHOTO_POLICY

# Search lengths offered on the finder: 30 minutes to 8 hours.
LENGTH_CHOICES = [(m, f"{m // 60}:{m % 60:02d}") for m in range(30, 8 * 60 + 1, 30)]


def _aware(day: date, clock: Any) -> datetime:
    return datetime.combine(day, clock, SEOUL)


class FinderForm(KrdsFormMixin, forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind of equipment"), queryset=EquipmentKind.objects.all(), empty_label=None
    )
    minutes = forms.TypedChoiceField(
        label=_("Length (hours:minutes)"), choices=LENGTH_CHOICES, coerce=int, initial=120
    )


class BookingForm(KrdsFormMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("Purpose"), max_length=200)

    def __init__(self, *args: Any, companies: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"] = forms.ModelChoiceField(
                label=_("Company"),
                queryset=Company.objects.filter(pk__in=[c.pk for c in companies]),
                empty_label=None,
            )
            self.order_fields(["company", "day", "start", "end", "purpose"])
            if len(companies) == 1:
                self.fields["company"].initial = companies[0].pk

    def moments(self) -> tuple[datetime, datetime]:
        day = self.cleaned_data["day"]
        start = _aware(day, self.cleaned_data["start"])
        end = _aware(day, self.cleaned_data["end"])
        return start, end


class MoveForm(KrdsFormMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))

    def moments(self) -> tuple[datetime, datetime]:
        day = self.cleaned_data["day"]
        return _aware(day, self.cleaned_data["start"]), _aware(day, self.cleaned_data["end"])


class ReasonForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckOutForm(KrdsFormMixin, forms.Form):
    started_at = forms.TimeField(
        label=_("Used from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ended_at = forms.TimeField(
        label=_("Used until"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    person = forms.CharField(label=_("Used by"), max_length=100)
    purpose = forms.CharField(label=_("What it was used for"), max_length=200)
    counter_value = forms.IntegerField(
        label=_("Counter reading"), required=False, min_value=0, max_value=10**15
    )

    def moments(self, day: date) -> tuple[datetime, datetime]:
        return (
            _aware(day, self.cleaned_data["started_at"]),
            _aware(day, self.cleaned_data["ended_at"]),
        )


class TestRequestForm(KrdsFormMixin, forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind of equipment"), queryset=EquipmentKind.objects.all(), empty_label=None
    )
    description = forms.CharField(
        label=_("What to test"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, companies: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            label=_("Company"),
            queryset=Company.objects.filter(pk__in=[c.pk for c in companies]),
            empty_label=None,
        )
        self.order_fields(["company", "kind", "description"])


class AcceptTestForm(BookingForm):
    def __init__(self, *args: Any, kind: EquipmentKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"] = forms.ModelChoiceField(
            label=_("Unit"), queryset=Resource.objects.filter(kind=kind, active=True)
        )
        del self.fields["purpose"]
        self.order_fields(["resource", "day", "start", "end"])


class ResultForm(KrdsFormMixin, forms.Form):
    result = forms.FileField(label=_("Result file"))


class TrainingForm(KrdsFormMixin, forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind of equipment"), queryset=EquipmentKind.objects.all(), required=False
    )
    resource = forms.ModelChoiceField(
        label=_("Or one unit"), queryset=Resource.objects.all(), required=False
    )
    trained_on = forms.DateField(
        label=_("Trained on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=3650, initial=365
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The people of member companies: trainings are for those who book.
        people = get_user_model().objects.filter(is_active=True, memberships__isnull=False)
        self.fields["person"] = forms.ModelChoiceField(
            label=_("Person"), queryset=people.distinct().order_by("username")
        )
        self.order_fields(["person"])

    def expires_on(self) -> date:
        return self.cleaned_data["trained_on"] + timedelta(days=self.cleaned_data["valid_days"])


class ResourceForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "site",
            "category",
            "kind",
            "name_ko",
            "name_en",
            "model_name",
            "serial_number",
            "location",
            "specifications",
            "opens_at",
            "closes_at",
            "open_weekdays",
            "closed_on_holidays",
            "slot_minutes",
            "min_minutes",
            "max_minutes",
            "buffer_minutes",
            "min_notice_minutes",
            "max_ahead_days",
            "eligibility_program",
            "needs_approval",
            "requires_training",
            "fee_per_hour_won",
            "checkin_before_minutes",
            "release_after_minutes",
            "has_counter",
            "active",
        ]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
            "specifications": forms.Textarea(attrs={"rows": 3}),
        }

    photo_file = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPG or PNG, at most 5 MB. Shown on the resource's public page."),
    )
    remove_photo = forms.BooleanField(label=_("Take the photo off"), required=False)
    manual_file = forms.FileField(
        label=_("Manual"),
        required=False,
        help_text=_("PDF, at most 30 MB. Signed-in users may download it."),
    )
    remove_manual = forms.BooleanField(label=_("Take the manual off"), required=False)

    def clean_photo_file(self) -> Any:
        upload = self.cleaned_data.get("photo_file")
        if upload:
            inspect_upload(upload, PHOTO_POLICY)
        return upload

    def clean_manual_file(self) -> Any:
        upload = self.cleaned_data.get("manual_file")
        if upload:
            inspect_upload(upload, MANUAL_POLICY)
        return upload

    def resource_data(self) -> dict[str, Any]:
        """The cleaned fields that are the resource's own (the files go separately)."""
        files = ("photo_file", "remove_photo", "manual_file", "remove_manual")
        return {k: v for k, v in self.cleaned_data.items() if k not in files}

    def clean_open_weekdays(self) -> str:
        value = "".join(sorted(set(self.cleaned_data["open_weekdays"].replace(",", ""))))
        if not value or any(ch not in "0123456" for ch in value):
            raise forms.ValidationError(
                _("Write the open weekdays as digits from 0 (Monday) to 6 (Sunday), e.g. 01234.")
            )
        return value


class UtilisationForm(KrdsFormMixin, forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("week", _("Week")), ("month", _("Month")), ("year", _("Year"))],
        initial="month",
    )
    day = forms.DateField(
        label=_("Containing the day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
