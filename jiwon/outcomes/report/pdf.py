"""The PDF: the report's HTML laid out by WeasyPrint. Korean text needs a Korean font on the
machine (Debian's fonts-nanum: `make system-deps`); the stylesheet asks for NanumGothic."""

from jiwon.outcomes.report.html import render_html


def render_pdf(report: dict) -> bytes:
    # Imported here: loading WeasyPrint loads Pango, which only report generation needs.
    from weasyprint import HTML

    return HTML(string=render_html(report, links=False, for_pdf=True)).write_pdf()
