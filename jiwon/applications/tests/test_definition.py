"""Form definitions say what is wrong with them, and answers are stored typed."""

import pytest
from django.core.exceptions import ValidationError

from jiwon.applications.definition import (
    Field,
    clean_value,
    default_definition,
    parse_definition,
)
from jiwon.core.uploads import SIGNATURES


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


def test_a_file_field_accepts_only_types_the_upload_inspector_can_check():
    with pytest.raises(ValidationError) as invalid:
        parse_definition(
            {
                "steps": [
                    {
                        "key": "s",
                        "title": "S",
                        "fields": [
                            {"key": "d", "type": "file", "label": "D", "allowed_types": ["exe"]}
                        ],
                    }
                ]
            }
        )
    assert invalid.value.messages == [
        "Step 1, field 1 (d): allowed file types must be chosen from " + ", ".join(SIGNATURES) + "."
    ]


def test_a_file_fields_upload_policy_is_its_types_and_size():
    policy = field(type="file", allowed_types=["PDF", "hwp"], max_size_mb=5).upload_policy
    assert (policy.extensions, policy.max_mb) == (("pdf", "hwp"), 5)
    default = field(type="file").upload_policy
    assert (default.extensions, default.max_mb, default.max_name) == (("pdf",), 20, 200)
