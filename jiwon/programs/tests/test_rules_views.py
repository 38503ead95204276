"""Who qualifies, as staff see it: the live count, the list, the explanation page and the Excel
export, and who may see or change what."""

import io
import re
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import CompanyKind
from jiwon.companies.tests.factories import CompanyFactory, member_of, region
from jiwon.core.roles import Role
from jiwon.programs.eligibility.columns import facts_for_row, table_from_db
from jiwon.programs.eligibility.reference import evaluate
from jiwon.programs.eligibility.rules import parse_program
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

NOTICE = date(2019, 4, 8)
YOUNG_IN_ANYANG = {
    "type": "all",
    "criteria": [
        {"type": "representative_age", "max": 39},
        {"type": "region", "in": ["41170"]},
    ],
}


@pytest.fixture
def program(db):
    return ProgramFactory(status=ProgramStatus.DRAFT, notice_date=NOTICE)


@pytest.fixture
def around_the_birthday(db):
    """Representatives aged 39 and 40 on the notice date (2019-04-08), in and out of Anyang."""
    return {
        "young": CompanyFactory(name_ko="가나청년", representative_birth_date=date(1979, 4, 9)),
        "forty": CompanyFactory(name_ko="나다중년", representative_birth_date=date(1979, 4, 8)),
        "young_seoul": CompanyFactory(
            name_ko="다라서울",
            representative_birth_date=date(1990, 1, 1),
            region=region("11110"),
        ),
        "starter": CompanyFactory(
            name_ko="라마예비",
            kind=CompanyKind.PREFOUNDER,
            brn=None,
            founded_on=None,
            legal_form="",
            representative_birth_date=date(1979, 4, 10),
        ),
    }


def rules_url(program, tail=""):
    return f"/programs/{program.pk}/rules/{tail}"


def reference_count(program_rule, day):
    """How many companies the reference evaluator finds eligible, one by one."""
    table = table_from_db()
    program = parse_program("P", day, program_rule)
    return sum(evaluate(facts_for_row(table, row), program).passed for row in range(table.n))


def count_text(response):
    return re.sub(r"\s+", " ", response.content.decode()).strip()


def test_it_counts_the_draft_rule_before_it_is_saved_as_the_reference_does(
    client, officer, program, around_the_birthday
):
    client.force_login(officer)
    form = {
        "c-type": "all",
        "c0-type": "representative_age",
        "c0-minimum": "",
        "c0-maximum": "39",
        "c1-type": "region",
        "c1-include": ["41170"],
    }

    response = client.post(rules_url(program, "preview/"), form, HTTP_ACCEPT_LANGUAGE="en")

    assert reference_count(YOUNG_IN_ANYANG, NOTICE) == 2
    assert count_text(response) == "2 companies qualify (of 4)"
    assert not program.rule_versions.exists()


def test_it_counts_the_saved_version_and_any_earlier_one(
    client, officer, program, around_the_birthday
):
    rule_version(program, {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]})
    rule_version(program, YOUNG_IN_ANYANG)
    client.force_login(officer)

    in_force = client.get(rules_url(program, "preview/"), HTTP_ACCEPT_LANGUAGE="en")
    first = client.get(rules_url(program, "preview/?version=1"), HTTP_ACCEPT_LANGUAGE="en")

    assert count_text(in_force) == "2 companies qualify (of 4)"
    assert count_text(first) == "3 companies qualify (of 4)"
    assert client.get(rules_url(program, "preview/?version=9")).status_code == 404


def test_it_asks_for_a_complete_rule_instead_of_counting_an_invalid_one(client, officer, program):
    client.force_login(officer)
    form = {"c-type": "all", "c0-type": "representative_age", "c0-maximum": ""}

    response = client.post(rules_url(program, "preview/"), form, HTTP_ACCEPT_LANGUAGE="en")

    assert count_text(response) == "Complete the rule to see how many companies qualify."


def test_it_shows_the_version_in_force_its_count_and_the_history(
    client, officer, program, around_the_birthday
):
    first = rule_version(program, {"type": "all", "criteria": []})
    first.note = "초안"
    first.created_by = officer
    first.save()
    rule_version(program, YOUNG_IN_ANYANG)
    client.force_login(officer)

    page = client.get(rules_url(program), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Version 2 is in force: it took effect on 2019-04-07." in page
    assert "Companies are judged as they were on the reference date, 2019-04-08." in page
    assert "2 companies qualify (of 4)" in page
    history = page.split('id="rule-history"')[1].split("</table>")[0]
    assert history.index("v2") < history.index("v1")
    assert "초안" in history and officer.username in history
    assert "must be aged at most 39" in history and "every company qualifies" in history


def test_it_lists_the_eligible_companies_by_name_with_a_link_to_why(
    client, officer, program, around_the_birthday
):
    rule_version(program, {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]})
    client.force_login(officer)

    response = client.get(rules_url(program, "eligible/"), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    names = re.findall(r'/companies/\d+/">([^<]+)</a>', page)
    assert names == ["가나청년", "다라서울", "라마예비"]
    young = around_the_birthday["young"]
    assert f'href="/programs/{program.pk}/rules/company/{young.pk}/"' in page
    assert "3 companies qualify (of 4)" in page


def test_it_pages_through_the_eligible_companies(
    client, officer, program, around_the_birthday, settings
):
    settings.JIWON_PAGE_SIZE = 2
    client.force_login(officer)

    first = client.get(rules_url(program, "eligible/")).content.decode()
    second = client.get(rules_url(program, "eligible/?page=2")).content.decode()

    assert re.findall(r'/companies/\d+/">([^<]+)</a>', first) == ["가나청년", "나다중년"]
    assert re.findall(r'/companies/\d+/">([^<]+)</a>', second) == ["다라서울", "라마예비"]


def test_it_explains_the_failing_criterion_in_korean_and_in_english(
    client, officer, program, around_the_birthday
):
    rule_version(program, YOUNG_IN_ANYANG)
    forty = around_the_birthday["forty"]
    client.force_login(officer)
    table = table_from_db()
    row = table.ids.tolist().index(forty.pk)
    result = evaluate(facts_for_row(table, row), parse_program("P", NOTICE, YOUNG_IN_ANYANG))
    (failed,) = result.failed
    address = rules_url(program, f"company/{forty.pk}/")

    korean = client.get(address, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    with translation.override("ko"):
        assert failed.text() in korean
    with translation.override("en"):
        assert failed.text() in english
    assert "대표자 만 40세 — 만 39세 이하여야 합니다" in korean
    assert "representative aged 40 — must be aged at most 39" in english
    assert "does not meet 1 criterion" in english


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CITY_VIEWER])
def test_it_withholds_the_representatives_age_from_roles_without_personal_data(
    client, program, around_the_birthday, role
):
    rule_version(program, YOUNG_IN_ANYANG)
    forty = around_the_birthday["forty"]
    client.force_login(UserFactory(role=role))

    address = rules_url(program, f"company/{forty.pk}/")
    english = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    korean = client.get(address, HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "personal data, not shown to you — must be aged at most 39" in english
    assert "aged 40" not in english
    assert "만 40세" not in korean and "만 39세 이하여야 합니다" in korean
    assert "does not meet 1 criterion" in english


def test_it_exports_the_eligible_companies_to_excel(client, officer, program, around_the_birthday):
    rule_version(program, {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]})
    client.force_login(officer)

    response = client.get(rules_url(program, "eligible.xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"jiwon-program-{program.pk}-eligible-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    young = around_the_birthday["young"]
    assert len(rows) == 1 + 3
    assert [r[0] for r in rows[1:]] == ["가나청년", "다라서울", "라마예비"]
    assert rows[1][1] == young.brn_display
    assert rows[1][2:4] == ("41173", "안양시 동안구")
    assert rows[1][4] == "26211"
    assert rows[3][1] is None  # a pre-founder has no business number


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAM_OFFICER, 200),
        (Role.AGENCY_ADMIN, 200),
        (Role.FINANCE_OFFICER, 200),
        (Role.CITY_VIEWER, 200),
        (Role.AUDITOR, 200),
        (Role.EVALUATOR, 403),
        (Role.MENTOR, 403),
    ],
)
def test_it_lets_staff_readers_see_the_rules_and_who_qualifies(
    client, program, company, role, status
):
    client.force_login(UserFactory(role=role))

    for tail in ("", "preview/", "eligible/", "eligible.xlsx", f"company/{company.pk}/"):
        assert client.get(rules_url(program, tail)).status_code == status, tail


def test_it_keeps_company_members_out_even_of_a_published_programme(client, company):
    program = ProgramFactory(status=ProgramStatus.PUBLISHED)
    client.force_login(member_of(company))

    for tail in ("", "preview/", "eligible/", "eligible.xlsx", f"company/{company.pk}/"):
        assert client.get(rules_url(program, tail)).status_code == 403, tail


def test_it_sends_anonymous_visitors_to_log_in(client, program):
    response = client.get(rules_url(program))

    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.CITY_VIEWER, Role.AUDITOR])
def test_it_shows_readers_no_editor_and_refuses_their_changes(client, program, role):
    client.force_login(UserFactory(role=role))

    page = client.get(rules_url(program)).content.decode()
    save = client.post(rules_url(program), {"c-type": "all", "action": "save"})
    preview = client.post(rules_url(program, "preview/"), {"c-type": "all"})

    assert 'id="rule-editor"' not in page
    assert save.status_code == 403 and preview.status_code == 403
    assert not program.rule_versions.exists()


def test_it_shows_the_editor_to_managers_only_while_rules_may_change(client, officer):
    client.force_login(officer)
    closed = ProgramFactory(status=ProgramStatus.CLOSED)

    page = client.get(rules_url(closed)).content.decode()
    response = client.post(rules_url(closed), {"c-type": "all", "action": "save"})

    assert 'id="rule-editor"' not in page
    assert response.status_code == 302
    assert not closed.rule_versions.exists()
