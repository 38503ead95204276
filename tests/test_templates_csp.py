"""Pages allow no inline script or style (a Content-Security-Policy without 'unsafe-inline'):
every template keeps scripts and styles in static files. PDF templates are laid out by
WeasyPrint, never served to a browser, and may carry their styles."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "jiwon"
PDF_ONLY = {"core/pdf_base.html"}
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an on…= event handler"),
]


def _templates():
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        name = "/".join(path.relative_to(ROOT).parts[2:])  # <app>/templates/<name>
        if name not in PDF_ONLY:
            yield name, path.read_text(encoding="utf-8")


def test_it_finds_the_templates():
    names = [name for name, _ in _templates()]
    assert "base.html" in names
    assert "outcomes/report_annual.html" in names


def test_it_has_no_inline_script_or_style_in_any_template():
    found = [
        f"{name}: {what}"
        for name, text in _templates()
        for pattern, what in INLINE
        if pattern.search(text)
    ]
    assert found == []
