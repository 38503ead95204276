"""Forms of the per-company figures page: a year's figures and the outcome records."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.outcomes.forms_ledger import DATE, ENTERED_PROVENANCES
from jiwon.outcomes.models import Metric, Provenance, YearFigure
from jiwon.outcomes.services.figures import FIRST_YEAR, MAX_VALUE, RecordKind

METRIC_HELP = {
    Metric.EMPLOYEES: _("Regular employees (상시근로자) at the end of the year."),
    Metric.NEW_HIRES: _("People hired during the year."),
    Metric.SALES_WON: _("Sales of the year in whole won."),
    Metric.EXPORTS_USD: _("Exports of the year in whole US dollars."),
}


def _metric_field(metric: Metric) -> forms.IntegerField:
    return forms.IntegerField(
        label=metric.label,
        required=False,
        min_value=0,
        max_value=MAX_VALUE,
        help_text=METRIC_HELP[metric],
    )


class YearFiguresForm(KrdsFormMixin, forms.Form):
    """The figures of one year; an empty box leaves that figure as it is."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    employees = _metric_field(Metric.EMPLOYEES)
    new_hires = _metric_field(Metric.NEW_HIRES)
    sales_won = _metric_field(Metric.SALES_WON)
    exports_usd = _metric_field(Metric.EXPORTS_USD)
    provenance = forms.ChoiceField(
        label=_("Provenance"), choices=ENTERED_PROVENANCES, initial=Provenance.STAFF
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("Enter a year up to %(year)s: figures are of past years."),
                params={"year": this_year},
            )
        return year

    def clean(self):
        data = super().clean()
        if all(data.get(m.value) is None for m in Metric):
            raise forms.ValidationError(_("Enter at least one figure."))
        return data

    def figures(self) -> dict[str, int]:
        return {
            m.value: self.cleaned_data[m.value]
            for m in Metric
            if self.cleaned_data.get(m.value) is not None
        }

    @staticmethod
    def initial_for(company, year: int) -> dict:
        initial = {"year": year}
        for figure in YearFigure.objects.filter(company=company, year=year):
            initial[figure.metric] = figure.value
        return initial


def record_form_class(kind: RecordKind) -> type[forms.Form]:
    """A form with the fields a person enters for `kind`, plus the provenance."""
    fields = forms.fields_for_model(kind.model, fields=kind.fields, widgets={"occurred_on": DATE})
    fields["provenance"] = forms.ChoiceField(
        label=_("Provenance"), choices=ENTERED_PROVENANCES, initial=Provenance.STAFF
    )
    return type(f"{kind.model.__name__}Form", (KrdsFormMixin, forms.Form), fields)
