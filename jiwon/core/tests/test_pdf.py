from io import BytesIO

import pytest
from pypdf import PdfReader

from jiwon.core.pdf import render_pdf


@pytest.fixture
def document(tmp_path, settings):
    folder = tmp_path / "templates"
    (folder / "test").mkdir(parents=True)
    (folder / "test" / "letter.html").write_text(
        '{% extends "core/pdf_base.html" %}{% block body %}<h1>추천서 {{ number }}</h1>'
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    return "test/letter.html"


def test_it_lays_out_a_korean_document_with_its_text_extractable(document):
    pdf = render_pdf(document, {"number": "AY-2017-0001"})
    assert pdf.startswith(b"%PDF-")
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "추천서 AY-2017-0001" in text
