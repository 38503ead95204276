"""Report pages: request a report, follow its progress, download it, and drill down from any of
its figures to the records behind it."""

import io
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.views_helpers import require, show_service_error
from jiwon.outcomes.access import report_run_for
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report import FORMATS
from jiwon.outcomes.report.build import step_label
from jiwon.outcomes.report.html import offline_document
from jiwon.outcomes.report.xlsx import write_listing
from jiwon.outcomes.selectors.drill import DrillQuery, drill_exists, listing
from jiwon.outcomes.selectors.kpis import years_with_data
from jiwon.outcomes.services import reports as services
from jiwon.outcomes.services.reports import FIRST_YEAR, last_full_year

RECENT_RUNS = 20


class ReportRequestForm(KrdsFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    format = forms.ChoiceField(label=_("Format"), choices=ReportRun.Format.choices)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=ReportRun.Language.choices,
        help_text=_("The report's language: Korean unless you need it in English."),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        # The bound is today's year, so it is set per request, not at import.
        year.validators.append(MaxValueValidator(timezone.localdate().year))
        year.widget.attrs["max"] = timezone.localdate().year
        self.fields["year"].help_text = (
            _("Years with support recorded: %(years)s.") % {"years": _years_text(years)}
            if years
            else _("No support is recorded in the ledger yet: every figure would be empty.")
        )
        # The hint is set after the form's widgets were described: describe it now.
        self.describe("year")


def _years_text(years: list[int]) -> str:
    """2017–2021, 2023 for [2023, 2021, 2020, 2019, 2018, 2017]: runs of years as ranges."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def default_year(years: list[int]) -> int:
    """The latest full year with data, else the latest year with data (this year's), else
    last year."""
    full = [y for y in years if y <= last_full_year()]
    return (full or years or [last_full_year()])[0]


@require("reports.generate")
def report_list(request):
    years = years_with_data()
    initial = {"year": default_year(years), "format": ReportRun.Format.HTML, "language": "ko"}
    form = ReportRequestForm(request.POST or None, initial=initial, years=years)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["year"] not in years:
            messages.warning(
                request,
                _(
                    "No support is recorded for %(year)s: the report will say there is no "
                    "data rather than show zeros."
                )
                % {"year": form.cleaned_data["year"]},
            )
        try:
            run = services.report_request(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return redirect("outcomes:report_status", pk=run.pk)
    runs = ReportRun.objects.select_related("requested_by")[:RECENT_RUNS]
    return render(request, "outcomes/report_list.html", {"form": form, "runs": runs})


@require("reports.generate")
def report_status(request, pk):
    run = report_run_for(request.user, pk)
    context = {"run": run, "step": step_label(run.message)}
    if request.headers.get("HX-Request"):
        return render(request, "outcomes/report_progress.html", context)
    return render(request, "outcomes/report_status.html", context)


@require("reports.generate")
def report_download(request, pk):
    run = report_run_for(request.user, pk, action="download")
    output = FORMATS[run.format]
    # An HTML report opens in the browser, its figures linking to the drill-down pages;
    # ?download=1 saves it instead. The other formats are always saved.
    inline = run.format == ReportRun.Format.HTML and not request.GET.get("download")
    name = f"jiwon-{run.kind}-{run.year}-{run.language}.{output.extension}"
    if run.format == ReportRun.Format.HTML and not inline:
        # Saved to be read offline: the stylesheet goes inside the file.
        with run.file.open("rb") as stored:
            html = stored.read().decode("utf-8")
        document = offline_document(html, origin=request.build_absolute_uri("/"))
        response = HttpResponse(document.encode("utf-8"), content_type=output.content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    return FileResponse(
        run.file.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=output.content_type,
    )


class DrillForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=9999)
    until = forms.DateField(required=False)
    on = forms.DateField(required=False)
    program = forms.IntegerField(required=False, min_value=1)
    category = forms.CharField(required=False, max_length=32)
    kind = forms.CharField(required=False, max_length=32)
    stage = forms.CharField(required=False, max_length=16)
    place = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        year, until = data.get("year"), data.get("until")
        if year and until and until.year != year:
            self.add_error("until", _("The end date must fall in the year."))
        return data

    def query(self) -> DrillQuery:
        data = self.cleaned_data
        return DrillQuery(
            year=data["year"],
            until=data["until"],
            on=data["on"],
            program=data["program"],
            category=data["category"],
            kind=data["kind"],
            stage=data["stage"],
            place=data["place"],
        )


@require("outcomes.view_all")
def report_drill(request, kpi):
    if not drill_exists(kpi):
        raise Http404
    form = DrillForm(request.GET)
    if not form.is_valid():
        return render(request, "outcomes/report_drill.html", {"form": form}, status=400)
    query = form.query()
    result = listing(kpi, query)
    if request.GET.get("export") == "xlsx":
        out = io.BytesIO()
        write_listing(result, out)
        out.seek(0)
        return FileResponse(
            out,
            as_attachment=True,
            filename=f"jiwon-{kpi}-{query.year}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
    page = paginate(
        result.items,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE * 4,
        count=True,
    )
    rows = [
        list(zip([c.kind for c in result.columns], cells, strict=True))
        for cells in result.rows(page.items)
    ]
    total = len(result.items) if isinstance(result.items, list) else result.items.count()
    params = {k: v for k, v in query.params().items() if v not in ("", None)}
    return render(
        request,
        "outcomes/report_drill.html",
        {
            "form": form,
            "kpi": kpi,
            "listing": result,
            "page": page,
            "rows": rows,
            "total": total,
            "query": urlencode(params),
            "drill": query,
        },
    )
