"""Form definitions say what is wrong with them; answers are typed; uploads are checked for
type, content, size and hashed."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.applications.definition import (
    Field,
    clean_value,
    default_definition,
    parse_definition,
)
from jiwon.applications.services.files import application_file_add, application_file_remove
from jiwon.applications.services.forms import application_form_save
from jiwon.applications.tests.factories import PDF, pdf, started
from jiwon.companies.tests.factories import CompanyFactory, member_of


def field(**raw):
    raw.setdefault("key", "f")
    raw.setdefault("label", "F")
    return Field(raw["key"], raw["type"], raw)


def test_the_default_form_is_valid_and_prefills_from_the_registry():
    definition = parse_definition(default_definition())
    prefilled = {f.key: f.prefill for f in definition.fields if f.prefill}
    assert prefilled["company_name"] == "company.name_ko"
    assert prefilled["brn"] == "company.brn"
    assert prefilled["employees"] == "company.employees"


def test_an_invalid_definition_lists_every_problem_with_its_place():
    with pytest.raises(ValidationError) as invalid:
        parse_definition(
            {
                "steps": [
                    {
                        "key": "s",
                        "title": "S",
                        "fields": [
                            {"key": "a", "type": "colour", "label": "A"},
                            {"key": "b", "type": "text", "label": "B", "prefill": "company.rrn"},
                            {"key": "b", "type": "choice", "label": "C", "choices": []},
                            {"key": "d", "type": "file", "label": "D", "max_size_mb": 500},
                        ],
                    }
                ]
            }
        )
    messages = invalid.value.messages
    assert len(messages) == 5
    assert messages[0].startswith("Step 1, field 1 (a): the type must be one of")
    assert "unknown prefill source" in messages[1]
    assert "the key is used twice" in messages[2]
    assert "needs choices" in messages[3]
    assert "max_size_mb must be a whole number from 1 to 50" in messages[4]
    with pytest.raises(ValidationError, match="at least one step"):
        parse_definition({"steps": []})


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ({"type": "number", "min": 0}, "1,000,000", 1_000_000),
        ({"type": "number", "min": 0}, "", None),
        ({"type": "date"}, "2026-12-01", "2026-12-01"),
        ({"type": "checkbox"}, "on", True),
        ({"type": "checkbox"}, False, False),
        ({"type": "text"}, "  이름  ", "이름"),
        (
            {"type": "multichoice", "choices": [{"value": "a"}, {"value": "b"}]},
            ["b", "a"],
            ["a", "b"],
        ),
    ],
)
def test_answers_are_stored_typed(raw, kind, value):
    assert clean_value(field(**raw), kind) == value


@pytest.mark.parametrize(
    ("raw", "given", "message"),
    [
        ({"type": "number", "min": 0}, "-1", "at least 0"),
        ({"type": "number", "max": 100}, "101", "at most 100"),
        ({"type": "number"}, "3.5", "whole number"),
        ({"type": "date"}, "2026-02-30", "YYYY-MM-DD"),
        ({"type": "choice", "choices": [{"value": "a"}]}, "z", "Choose from"),
        ({"type": "text", "max_length": 3}, "네글자요", "at most 3 characters (now 4)"),
    ],
)
def test_invalid_answers_say_what_to_fix(raw, given, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        clean_value(field(**raw), given)


@pytest.fixture
def draft(program, member, company):
    return started(program, member, company)


def test_an_upload_is_stored_with_its_size_and_sha256(draft, member, settings):
    added = application_file_add(
        actor=member, application=draft, field_key="business_plan", upload=pdf()
    )
    assert added.size == len(PDF)
    assert added.sha256 == hashlib.sha256(PDF).hexdigest()
    assert added.original_name == "사업계획서.pdf"
    stored = settings.MEDIA_ROOT / added.file.name
    assert stored.read_bytes() == PDF
    assert str(stored).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00", "not an allowed file type"),
        ("plan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "not an allowed file type"),
        ("plan.pdf", b"GIF89a" + b"0" * 10, "is not a PDF file"),
        ("plan.pdf", b"", "is empty"),
    ],
)
def test_uploads_of_the_wrong_type_or_content_are_refused(draft, member, name, content, message):
    with pytest.raises(ValidationError, match=message):
        application_file_add(
            actor=member,
            application=draft,
            field_key="business_plan",
            upload=pdf(name, content),
        )
    assert not draft.files.exists()


def test_an_upload_over_the_fields_size_limit_is_refused(program, member, company, officer):
    application_form_save(
        actor=officer,
        program=program,
        definition={
            "steps": [
                {
                    "key": "docs",
                    "title": "서류",
                    "fields": [{"key": "deck", "type": "file", "label": "IR", "max_size_mb": 1}],
                }
            ]
        },
    )
    application = started(program, member, company)
    one_mb = 1024 * 1024
    application_file_add(
        actor=member,
        application=application,
        field_key="deck",
        upload=pdf("exact.pdf", b"%PDF-" + b"0" * (one_mb - 5)),
    )
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        application_file_add(
            actor=member,
            application=application,
            field_key="deck",
            upload=pdf("big.pdf", b"%PDF-" + b"0" * (one_mb - 4)),
        )
    assert application.files.get().original_name == "exact.pdf"


def test_a_new_upload_replaces_a_single_file_and_adds_to_a_multiple_one(draft, member):
    for name in ("one.pdf", "two.pdf"):
        application_file_add(
            actor=member, application=draft, field_key="business_plan", upload=pdf(name)
        )
        application_file_add(
            actor=member, application=draft, field_key="other_documents", upload=pdf(name)
        )
    assert list(
        draft.files.filter(field_key="business_plan").values_list("original_name", flat=True)
    ) == ["two.pdf"]
    assert draft.files.filter(field_key="other_documents").count() == 2


def test_only_the_applicant_uploads_or_removes(draft, member, officer):
    with pytest.raises(PermissionDenied):
        application_file_add(
            actor=officer, application=draft, field_key="business_plan", upload=pdf()
        )
    added = application_file_add(
        actor=member, application=draft, field_key="business_plan", upload=pdf()
    )
    with pytest.raises(PermissionDenied):
        application_file_remove(actor=member_of(CompanyFactory()), file=added)
    application_file_remove(actor=member, file=added)
    assert not draft.files.exists()


def test_a_field_that_is_not_a_file_field_takes_no_upload(draft, member):
    with pytest.raises(ValidationError, match="no file field"):
        application_file_add(actor=member, application=draft, field_key="summary", upload=pdf())
