"""A program officer builds a programme's eligibility rule in the no-code builder, watches the
count of qualifying companies change as they go, and saves it as version 1."""

import time
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, region
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.programs.workflow import ProgramStatus
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser


def qualify(count: int, total: int) -> str:
    """The count line as the Korean page shows it."""
    with translation.override("ko"):
        return translation.ngettext(
            "%(shown)s company qualifies (of %(total)s)",
            "%(shown)s companies qualify (of %(total)s)",
            count,
        ) % {"shown": count, "total": total}


def slow_save(route) -> None:
    if "action=save" in (route.request.post_data or ""):
        time.sleep(1.5)
    route.continue_()


def add_criterion(page, kind: str, key: str) -> None:
    page.locator("#id_add-c").select_option(kind)
    page.locator("#add-c-button").click()
    expect(page.locator(f"#node-{key}")).to_be_visible()
    # htmx binds the new editor's triggers (the count's "input from:#rule-editor") when the swap
    # settles, some milliseconds after the node shows; a person types later than that, the
    # test must wait for it or its first keystrokes go unheard.
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_it_builds_a_rule_counts_the_companies_and_saves_version_one(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    program = ProgramFactory(status=ProgramStatus.DRAFT, notice_date=date(2019, 4, 8))
    CompanyFactory(name_ko="동안청년", representative_birth_date=date(1979, 4, 9))
    CompanyFactory(name_ko="동안중년", representative_birth_date=date(1979, 4, 8))
    CompanyFactory(
        name_ko="종로청년", representative_birth_date=date(1990, 1, 1), region=region("11110")
    )
    log_in(page, officer)

    page.goto(f"/programs/{program.pk}/rules/")
    count = page.locator("#rule-count")
    expect(count).to_have_text(qualify(3, 3))

    add_criterion(page, "representative_age", "c0")
    maximum = page.locator("#id_c0-maximum")
    maximum.fill("39")
    # Typing alone updates the count (rules_preview), before the field is left.
    expect(count).to_have_text(qualify(2, 3))
    maximum.press("Tab")
    expect(page.locator("#summary-c0")).to_have_text("만 39세 이하여야 합니다")

    add_criterion(page, "region", "c1")
    # The region picker: grouped, the city's own districts first; its search box narrows it
    # and choosing a region adds it.
    picker = page.locator("#id_c1-include")
    expect(picker.locator("optgroup").first).to_have_attribute("label", in_korean("In the city"))
    search = page.locator("#node-c1 .jw-select-search").first
    search.fill("동안구")
    expect(picker.locator("option:not([hidden])")).to_have_count(2)  # "Add a region…" too
    expect(picker.locator("option:not([hidden])").nth(1)).to_have_text(
        "경기도 안양시 동안구 (41173)"
    )
    picker.select_option("41173")
    expect(page.locator("#node-c1 .jw-chips")).to_contain_text("41173 경기도 안양시 동안구")
    expect(page.locator("#node-c0")).to_be_visible()
    expect(count).to_have_text(qualify(1, 3))

    # A slow save: the count preview that typing the note schedules (after 500 ms) must not
    # cancel it.
    page.route(f"**/programs/{program.pk}/rules/", slow_save)
    page.locator("#id_note").fill("청년 창업자 (만 39세 이하), 동안구")
    with page.expect_navigation():
        page.locator("#rule-save").click()

    expect(page.locator(".jw-messages[role=status]")).to_be_visible()
    history = page.locator("#rule-history tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("v1")
    expect(history.first).to_contain_text("청년 창업자 (만 39세 이하), 동안구")
    expect(page.locator("#in-force-count")).to_have_text(qualify(1, 3))
    expect(page.locator("h1")).to_have_text(in_korean("Eligibility rules"))
    version = program.rule_versions.get()
    assert version.version == 1 and version.created_by == officer
    assert version.rule["criteria"] == [
        {"type": "representative_age", "min": None, "max": 39},
        {"type": "region", "in": ["41173"], "not_in": [], "local_only": False},
    ]
