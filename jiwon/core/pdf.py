"""Documents as PDF: a template rendered to HTML and laid out by WeasyPrint. Letters,
agreements, receipts and statements extend `core/pdf_base.html` (A4, the Korean font that
`make system-deps` installs, page numbers), so every document Jiwon issues looks the same."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict[str, Any], *, language: str = "ko") -> bytes:
    """The PDF of `template_name` rendered with `context`, in `language`."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    # Imported here: loading WeasyPrint loads Pango, which only documents need.
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())
