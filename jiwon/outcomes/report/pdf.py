"""The PDF: the report's HTML laid out by WeasyPrint. Korean text needs a Korean font on the
machine (Debian's fonts-nanum: `make system-deps`); the stylesheet asks for NanumGothic."""

from django.contrib.staticfiles import finders

from jiwon.outcomes.report.html import render_html

STYLESHEETS = ("outcomes/report.css", "outcomes/report_print.css")


def render_pdf(report: dict) -> bytes:
    # Imported here: loading WeasyPrint loads Pango, which only report generation needs.
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(name)) for name in STYLESHEETS]
    html = render_html(report, links=False, for_pdf=True)
    return HTML(string=html).write_pdf(stylesheets=stylesheets)
