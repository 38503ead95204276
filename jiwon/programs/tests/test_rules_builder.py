"""The no-code rule builder: what its form posts comes back as the rule it showed, and the
add/remove buttons, the region search, the KSIC names and the JSON editor do what they say."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from jiwon.programs.eligibility.predicates import PREDICATES
from jiwon.programs.eligibility.rules import parse_rule, rule_to_json
from jiwon.programs.forms_rules import LEAF_FORMS, LEAF_LABELS
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

EVERY_KIND = {
    "type": "any",
    "criteria": [
        {"type": "region", "in": ["41", "41173"], "not_in": ["41171"], "local_only": True},
        {"type": "industry", "in": ["C", "58", "62"], "not_in": ["56211"]},
        {
            "id": "young",
            "type": "years_in_business",
            "min_years": 1,
            "min_inclusive": False,
            "max_years": 7,
            "max_inclusive": True,
            "prefounder": "allowed",
        },
        {"type": "representative_age", "min": 19, "max": 39},
        {"type": "employees", "min": None, "max": 299},
        {"type": "sales", "min": 1, "max": 12_000_000_000, "basis": "last_year"},
        {"type": "sales", "min": None, "max": 5_000_000_000, "basis": "three_year_average"},
        {"type": "certification", "kinds": ["venture", "innobiz"], "mode": "all"},
        {
            "type": "all",
            "criteria": [
                {"type": "any", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]},
                {"type": "not", "criterion": {"type": "social_enterprise"}},
            ],
        },
        {"type": "past_selection", "programs": ["BLUE100"], "within_years": 3},
        {"type": "in_progress", "max": 2, "programs": []},
        {"type": "growth_stage", "in": ["G240", "BLUE100"]},
    ],
}


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with id `form_id` (submit buttons
    left out), as (name, value) pairs."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.pairs = []
        self.select = None
        self.options = []
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind == "checkbox" and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = (a["name"], "multiple" in a)
            self.options = []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.pairs.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.pairs.append(tuple(self.textarea))
            self.textarea = None


def form_fields(response, form_id="rule-editor"):
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    return data


def shown_rule(response):
    """The rule the builder shows, from the JSON it carries for the advanced editor."""
    return json.loads(form_fields(response, "rule-json")["rule"][0])


@pytest.fixture
def program(db):
    return ProgramFactory(status=ProgramStatus.DRAFT, series="BLUE100")


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


def url(program):
    return f"/programs/{program.pk}/rules/"


def press(client, program, fields, action, *, language="en", **extra):
    data = {**fields, "action": action, **extra}
    return client.post(url(program), data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE=language)


def test_it_offers_every_kind_of_criterion_the_rules_know():
    assert set(LEAF_FORMS) == set(LEAF_LABELS) == set(PREDICATES)
    assert {node["type"] for node in _leaves(EVERY_KIND)} == set(PREDICATES)


def _leaves(node):
    if node["type"] in ("all", "any"):
        for child in node["criteria"]:
            yield from _leaves(child)
    elif node["type"] == "not":
        yield from _leaves(node["criterion"])
    else:
        yield node


def test_it_reads_back_every_kind_of_criterion_it_shows(staff, program):
    canonical = rule_to_json(parse_rule(EVERY_KIND))
    rule_version(program, canonical)

    page = staff.get(url(program))
    fields = form_fields(page)
    again = press(staff, program, fields, "refresh")

    assert again.status_code == 200
    assert shown_rule(again) == canonical
    # The round trip is stable: the re-rendered form posts the same rule again.
    assert shown_rule(press(staff, program, form_fields(again), "refresh")) == canonical


def test_it_adds_a_criterion_of_the_chosen_kind_at_the_end(staff, program):
    rule_version(program, {"type": "all", "criteria": [{"type": "employees", "max": 9}]})
    fields = form_fields(staff.get(url(program)))

    response = press(staff, program, fields, "add:c", **{"add-c": "representative_age"})

    assert shown_rule(response)["criteria"] == [
        {"type": "employees", "min": None, "max": 9},
        {"type": "representative_age", "min": None, "max": None},
    ]
    page = response.content.decode()
    assert 'name="c1-maximum"' in page
    # No bound yet: the validator says so beside it, naming the criterion in words.
    assert "Criterion 2 · Representative&#x27;s age" in page
    assert "rule.criteria" not in page


def test_it_builds_a_nested_group_any_of_women_or_disabled_owned(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "any"}))
    fields = form_fields(press(staff, program, fields, "add:c0", **{"add-c0": "women_owned"}))
    response = press(staff, program, fields, "add:c0", **{"add-c0": "disabled_owned"})

    assert shown_rule(response) == {
        "type": "all",
        "criteria": [
            {"type": "any", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]}
        ],
    }
    page = response.content.decode()
    assert 'id="summary-c0"' in page
    assert 'name="c0_1-type" value="disabled_owned"' in page


def test_it_puts_one_criterion_under_a_not_and_offers_no_second(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "not"}))
    response = press(staff, program, fields, "add:c0", **{"add-c0": "social_enterprise"})

    assert shown_rule(response)["criteria"] == [
        {"type": "not", "criterion": {"type": "social_enterprise"}}
    ]
    assert 'name="add-c0"' not in response.content.decode()


def test_it_removes_a_criterion_and_renumbers_the_rest(staff, program):
    rule_version(
        program,
        {
            "type": "all",
            "criteria": [
                {"type": "employees", "max": 9},
                {"type": "any", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]},
                {"type": "representative_age", "max": 39},
            ],
        },
    )
    fields = form_fields(staff.get(url(program)))

    nested = press(staff, program, fields, "remove:c1_0")
    assert shown_rule(nested)["criteria"][1] == {
        "type": "any",
        "criteria": [{"type": "disabled_owned"}],
    }
    response = press(staff, program, form_fields(nested), "remove:c0")

    assert [c["type"] for c in shown_rule(response)["criteria"]] == ["any", "representative_age"]
    assert 'name="c1-maximum" value="39"' in response.content.decode()


def test_it_keeps_what_was_typed_and_says_what_to_fix(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "sales"}))
    fields["c0-maximum"] = ["12,000,000,000"]
    fields["c0-minimum"] = ["백만"]

    response = press(staff, program, fields, "refresh")

    criterion = shown_rule(response)["criteria"][0]
    assert criterion["max"] == 12_000_000_000
    assert criterion["min"] == "백만"
    page = response.content.decode()
    assert 'value="백만"' in page and 'aria-invalid="true"' in page
    assert "Criterion 1 · Sales (won) · " in page and "rule.criteria" not in page


def test_it_finds_regions_by_name_or_code_and_flags_unknown_ones(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "region"}))

    fields["c0-include_add"] = ["동안구"]
    fields["c0-exclude_add"] = ["41171 경기도 안양시 만안구"]
    fields = form_fields(press(staff, program, fields, "refresh"))
    assert fields["c0-include"] == ["41173"]
    assert fields["c0-exclude"] == ["41171"]

    fields["c0-include_add"] = ["없는동네"]
    response = press(staff, program, fields, "refresh")
    assert shown_rule(response)["criteria"][0]["in"] == ["41173", "없는동네"]
    assert "Criterion 1 · " in response.content.decode()

    # Unticking a chosen region removes it.
    fields = form_fields(response)
    fields["c0-include"] = ["41173"]
    assert shown_rule(press(staff, program, fields, "refresh"))["criteria"][0]["in"] == ["41173"]


def test_it_shows_the_names_of_the_ksic_codes_typed_and_flags_unknown_codes(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "industry"}))
    fields["c0-include"] = ["c, 26 58;00"]

    response = press(staff, program, fields, "refresh", language="ko")

    assert shown_rule(response)["criteria"][0]["in"] == ["C", "26", "58", "00"]
    page = response.content.decode()
    assert "C 제조업" in page and "58 출판업" in page
    assert "1번째 조건 · " in page and "“00”" in page and "rule.criteria" not in page


def test_it_shows_each_criterion_as_the_explanation_phrase_in_the_active_language(staff, program):
    rule_version(program, {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]})

    korean = staff.get(url(program), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = staff.get(url(program), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="summary-c0">만 39세 이하여야 합니다<' in korean
    assert 'id="summary-c0">must be aged at most 39<' in english


def test_it_replaces_the_editor_with_valid_json(staff, program):
    fields = form_fields(staff.get(url(program)), "rule-json")
    typed = {"type": "any", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]}
    fields["rule_json"] = [json.dumps(typed)]

    response = press(staff, program, fields, "json")

    assert shown_rule(response) == typed
    assert 'name="c-type"' in response.content.decode()
    assert not program.rule_versions.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('{"type": "all", "criteria": [', "line 1, column 30"),
        ('{"type": "all", "criteria": [{"type": "employees"}]}', "Criterion 1 · Employees: "),
    ],
)
def test_it_keeps_the_editor_and_the_typed_json_when_the_json_is_wrong(
    staff, program, typed, message
):
    rule_version(program, {"type": "all", "criteria": [{"type": "employees", "max": 9}]})
    fields = form_fields(staff.get(url(program)), "rule-json")
    before = shown_rule(staff.get(url(program)))
    fields["rule_json"] = [typed]

    response = press(staff, program, fields, "json")

    page = response.content.decode()
    assert message in page
    assert form_fields(response, "rule-json")["rule_json"] == [typed]
    assert shown_rule(response) == before


def test_it_saves_the_built_rule_as_the_next_version(staff, program, officer):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "representative_age"}))
    fields["c0-maximum"] = ["39"]
    fields["note"] = ["청년 창업"]

    response = press(staff, program, fields, "save")

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == url(program)
    version = program.rule_versions.get()
    assert version.version == 1 and version.created_by == officer and version.note == "청년 창업"
    assert version.rule["criteria"] == [{"type": "representative_age", "min": None, "max": 39}]
    assert version.effective_from == timezone.localdate()


def test_it_saves_without_javascript_too(staff, program):
    fields = form_fields(staff.get(url(program)))
    response = staff.post(url(program), {**fields, "action": "save"})

    assert response.status_code == 302 and response.url == url(program)
    assert program.rule_versions.get().rule == {"type": "all", "criteria": []}


def test_it_saves_nothing_while_the_rule_has_problems(staff, program):
    fields = form_fields(staff.get(url(program)))
    fields = form_fields(press(staff, program, fields, "add:c", **{"add-c": "certification"}))

    response = press(staff, program, fields, "save")

    assert "HX-Redirect" not in response.headers
    assert 'id="error-summary"' in response.content.decode()
    assert not program.rule_versions.exists()


def test_it_explains_why_a_published_programme_cannot_take_a_past_date(staff, db):
    program = ProgramFactory(status=ProgramStatus.PUBLISHED)
    page = staff.get(url(program)).content.decode()
    assert 'id="published-note"' in page
    fields = form_fields(staff.get(url(program)))
    fields["effective_from"] = ["2020-01-01"]

    response = press(staff, program, fields, "save")

    assert 'id="error-summary"' in response.content.decode()
    assert timezone.localdate().isoformat() in response.content.decode()
    assert not program.rule_versions.exists()


def test_it_shows_the_defaults_of_fields_a_typed_rule_left_out(staff, program):
    rule_version(
        program, {"type": "all", "criteria": [{"type": "years_in_business", "max_years": 7}]}
    )

    fields = form_fields(staff.get(url(program)))

    assert fields["c0-min_inclusive"] == ["true"] and fields["c0-max_inclusive"] == ["false"]
    assert fields["c0-prefounder"] == ["forbidden"]
    assert shown_rule(press(staff, program, fields, "refresh"))["criteria"] == [
        rule_to_json(parse_rule({"type": "years_in_business", "max_years": 7}))
    ]


def test_it_works_without_javascript_by_returning_the_whole_page(staff, program):
    fields = form_fields(staff.get(url(program)))

    response = staff.post(url(program), {**fields, "action": "add:c", "add-c": "employees"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="history-heading"' in page  # the whole page, not the builder alone
    assert 'name="c0-type" value="employees"' in page


def test_it_keeps_an_unfinished_rule_when_the_typed_json_is_wrong(staff, program):
    fields = form_fields(staff.get(url(program)))
    unfinished = press(staff, program, fields, "add:c", **{"add-c": "certification"})
    json_form = form_fields(unfinished, "rule-json")
    json_form["rule_json"] = ["{"]

    response = press(staff, program, json_form, "json")

    assert shown_rule(response) == shown_rule(unfinished)
    assert 'name="c0-type" value="certification"' in response.content.decode()


@pytest.mark.parametrize(
    "carried",
    [
        '{"type": "all", "criteria": "abc"}',
        '{"type": "all", "criteria": [1, "x", {"type": "employees", "max": []}]}',
        '{"type": "not", "criterion": [{"type": "women_owned"}]}',
        "[1, 2]",
    ],
)
def test_it_shows_a_malformed_rule_with_its_problems_rather_than_failing(staff, program, carried):
    response = press(staff, program, {"rule": carried, "rule_json": "{"}, "json")

    assert response.status_code == 200
    assert 'id="json-errors"' in response.content.decode()


def test_the_region_box_is_the_grouped_searchable_picker_with_the_city_first(staff, program):
    fields = form_fields(staff.get(url(program)))
    response = press(staff, program, fields, "add:c", **{"add-c": "region"})
    page = response.content.decode()
    assert "<datalist" not in page
    picker = re.search(r'<select[^>]*name="c0-include_add"[^>]*>(.*?)</select>', page, re.S)
    assert picker and "data-jw-search" in picker.group(0) and "data-jw-search-keep" in page
    groups = re.findall(r'<optgroup label="([^"]+)">', picker.group(1))
    assert groups[0] == "In the city" and groups[1] == "서울특별시" and "경기도" in groups
    city = re.search(r'<optgroup label="In the city">(.*?)</optgroup>', picker.group(1), re.S)
    assert '<option value="41173">경기도 안양시 동안구 (41173)</option>' in city.group(1)
    gyeonggi = re.search(r'<optgroup label="경기도">(.*?)</optgroup>', picker.group(1), re.S)
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', gyeonggi.group(1))
    assert options[0] == ("41", "경기도 (41)")
    assert ("41111", "수원시 장안구 (41111)") in options
    assert "41173" not in dict(options)  # listed once, among the city's own

    # Choosing a region adds it to the criterion.
    fields = form_fields(response)
    fields["c0-include_add"] = ["41173"]
    assert form_fields(press(staff, program, fields, "refresh"))["c0-include"] == ["41173"]
