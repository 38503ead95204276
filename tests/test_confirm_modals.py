"""Every irreversible action asks first, in the KRDS confirmation modal
(includes/confirm_modal.html): it says what will happen and to whom, and only its own button
does it. Every POST form of every template is listed here, either as irreversible (it must
hold the modal) or as ordinary (a save, an addition, something undone by doing it again or
by another form); a new form in neither list fails, so an irreversible one cannot be added
without its modal.

A form is named by its template, the URL name it posts to ("-": its own page) and, when one
template has several forms to the same address, its position ("#2" for the second)."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR) / "jiwon"
FORM = re.compile(r"<form\b[^>]*>", re.S)
URL = re.compile(r"""\{%\s*url\s+['"]([\w:-]+)['"]""")
MODAL = 'include "includes/confirm_modal.html"'

IRREVERSIBLE = {
    "accounts/profile.html accounts:api_token_revoke",
    "accounts/profile.html accounts:two_factor_disable",
    "accounts/profile.html accounts:two_factor_recovery_codes",
    "applications/detail.html applications:withdraw",
    "applications/review.html -",
    "applications/staff_detail.html applications:screen",
    "equipment/booking.html equipment:cancel",
    "equipment/booking.html equipment:refuse",
    "equipment/test.html equipment:test_refuse",
    "equipment/test.html equipment:test_withdraw",
    "grants/detail.html grants:amendment_decide",
    "grants/detail.html grants:expense_decide",
    "grants/detail.html grants:move",
    "grants/detail.html grants:tranche_decide",
    "grants/reports/detail.html -",
    "grants/statement.html grants:return_paid",
    "grants/statement.html grants:settlement",
    "grants/statement.html grants:settlement #4",
    "loans/application.html loans:application_decide",
    "loans/claim.html loans:claim_decide",
    "loans/letter.html loans:letter_decline",
    "loans/letter.html loans:letter_execute",
    "loans/loan.html loans:loan_change #2",
    "outcomes/ledger_correct.html -",
    "outcomes/survey_answer.html -",
    "outcomes/survey_create.html -",
    "outcomes/survey_detail.html outcomes:survey_close",
    "privacy/review.html privacy:review_record",
    "programs/staff_detail.html programs:transition",
    "programs/staff_detail.html programs:transition #2",
    "reviews/appeals_detail.html - #2",
    "reviews/pool_committee.html -",
    "reviews/pool_committee.html reviews:conflict_decide",
    "reviews/pool_program.html reviews:conflict_decide",
    "reviews/scoring_assignment.html -",
    "reviews/scoring_assignments.html reviews:recuse",
    "reviews/selection_result.html reviews:result_appeal",
    "spaces/call.html spaces:call_offers",
    "spaces/call.html spaces:call_waitlist",
    "spaces/charge_table.html spaces:charge_pay",
    "spaces/charges.html spaces:charges_issue",
    "spaces/contract.html spaces:contract_cancel",
    "spaces/contract.html spaces:contract_graduate",
    "spaces/contract.html spaces:contract_move_out",
    "spaces/contract.html spaces:deposit_return",
    "spaces/contract_new.html -",
    "spaces/offer.html spaces:offer_answer",
    "spaces/offer.html spaces:offer_answer #2",
}
# Forms whose other button saves a draft or previews, which changes nothing for good.
WITH_A_DRAFT_BUTTON = {
    "grants/reports/detail.html -",
    "reviews/scoring_assignment.html -",
    "outcomes/survey_answer.html -",
    "outcomes/survey_create.html -",
}
# The confirm and publish buttons of a ranking are the modal's own forms
# (reviews/selection_ranking.html includes it with `action`).
OWN_FORM = {"reviews/selection_ranking.html": ("confirm-modal", "publish-modal")}

ORDINARY = {
    # A grant's period changes again by the same form; a report's file removed from a draft is
    # uploaded again; a schedule's report requirement is added again (reports made from it keep
    # their own copy).
    "grants/detail.html grants:period",
    "grants/reports/detail.html grants:report_file_remove",
    "grants/reports/requirement.html -",
    "grants/reports/schedule.html -",
    "grants/reports/schedule.html grants:requirement_delete",
    "loans/fund_form.html -",
    "accounts/login.html -",
    "accounts/password_change_form.html -",
    "accounts/password_reset_confirm.html -",
    "accounts/password_reset_form.html -",
    "accounts/two_factor_setup.html -",
    "accounts/two_factor_verify.html -",
    "applications/staff_form.html -",
    "applications/start.html -",
    "applications/step.html -",
    "companies/form.html -",
    "companies/import.html -",
    "companies/register_business.html -",
    "companies/signup.html -",
    "equipment/book.html -",
    "equipment/resource_form.html -",
    "equipment/test.html -",
    "equipment/test_new.html -",
    "equipment/trainings.html -",
    "grants/amend.html -",
    "grants/expense_form.html -",
    "grants/form.html -",
    "loans/apply.html -",
    "loans/claim_new.html -",
    "loans/upload.html -",
    "outcomes/figures_form.html -",
    "outcomes/figures_record_form.html -",
    "outcomes/ledger_form.html -",
    "outcomes/ledger_import.html -",
    "outcomes/report_list.html -",
    "programs/staff_form.html -",
    "reviews/appeals_detail.html -",
    "reviews/conflicts_challenge.html -",
    "reviews/pool_evaluator.html -",
    "reviews/pool_program.html -",
    "reviews/scoring_rubric.html -",
    "reviews/selection_adjustment.html -",
    "reviews/selection_config.html -",
    "spaces/check_in.html -",
    "spaces/form.html -",
    "spaces/visits.html -",
    "accounts/profile.html accounts:api_token_create",
    "accounts/two_factor_verify.html accounts:logout",
    "base.html accounts:logout",
    "applications/_files.html applications:file_remove",
    "applications/detail.html applications:supplement",
    "applications/detail.html applications:upload",
    "applications/step.html applications:upload",
    "audit/checkpoints.html audit:checkpoint_new",
    "audit/checkpoints.html audit:verify",
    "audit/list.html audit:verify",
    "companies/detail.html companies:certification_add",
    "companies/detail.html companies:certification_remove",
    "companies/detail.html companies:set_stage",
    "equipment/booking.html equipment:approve",
    "equipment/booking.html equipment:check_in",
    "equipment/booking.html equipment:check_out",
    "equipment/booking.html equipment:move",
    "equipment/test.html equipment:test_result",
    "equipment/book.html equipment:wait",
    "grants/statement.html grants:settlement #2",
    "grants/statement.html grants:settlement #3",
    "grants/detail.html grants:tranche_new",
    "loans/loan.html loans:loan_change",
    "outcomes/survey_detail.html outcomes:survey_remind",
    "programs/staff_detail.html programs:attachment_add",
    "programs/staff_detail.html programs:attachment_remove",
    "reviews/pool_committee.html reviews:assign #2",
    "reviews/pool_committee.html reviews:assign",
    "reviews/pool_committee.html reviews:assignment_add",
    "reviews/pool_committee.html reviews:assignment_remove",
    "reviews/pool_committee.html reviews:feasibility",
    "reviews/pool_committee.html reviews:member_add",
    "reviews/pool_committee.html reviews:member_remove",
    "reviews/pool_evaluator.html reviews:relationship_add",
    "reviews/pool_evaluator.html reviews:relationship_remove",
    "reviews/selection_ranking.html reviews:selection_compute",
    "reviews/selection_ranking.html reviews:selection_tie",
    "base.html set_language",
    "spaces/occupancy.html spaces:call_new",
    "spaces/contract.html spaces:contract_evaluate",
    "spaces/contract.html spaces:contract_extend",
    "spaces/contract.html spaces:contract_move_in",
    "spaces/site.html spaces:floor_new",
    "spaces/site.html spaces:floor_plan",
    "programs/rules_builder.html {{ rules_url }} #2",
    "programs/rules_builder.html {{ rules_url }}",
}


def post_forms() -> dict[str, str]:
    """Every POST form of the templates by its name, with what lies between its tags."""
    found = {}
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        name = "/".join(path.relative_to(ROOT).parts[2:])
        if name == "includes/confirm_modal.html":
            continue
        text = path.read_text(encoding="utf-8")
        seen: dict[str, int] = {}
        for match in FORM.finditer(text):
            tag = match.group(0)
            if 'method="post"' not in tag.lower():
                continue
            action = re.search(r'action="([^"]*)"', tag)
            url = URL.search(action.group(1)) if action else None
            target = url.group(1) if url else (action.group(1) if action else "-")
            base = f"{name} {target}"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base} #{seen[base]}"
            found[key] = text[match.end() : text.find("</form>", match.end())]
    return found


def test_it_finds_the_forms_of_every_app():
    forms = post_forms()
    assert "applications/detail.html applications:withdraw" in forms
    assert len(forms) > 100


def test_every_post_form_is_listed_as_irreversible_or_ordinary():
    forms = set(post_forms())
    assert IRREVERSIBLE.isdisjoint(ORDINARY)
    assert forms - IRREVERSIBLE - ORDINARY == set(), "new form: irreversible or ordinary?"
    assert (IRREVERSIBLE | ORDINARY) - forms == set(), "listed but gone"


def test_every_irreversible_form_asks_in_the_confirmation_modal():
    forms = post_forms()
    missing = [key for key in sorted(IRREVERSIBLE) if MODAL not in forms[key]]
    assert missing == []
    # No button of its own submits it: the modal's does (besides a draft's "save"). A button
    # with a `form` attribute submits that other form (a draft's file removed), not this one.
    direct = [
        key
        for key in sorted(IRREVERSIBLE)
        if len(re.findall(r"<button\b(?![^>]*\bform=)", forms[key])) != (key in WITH_A_DRAFT_BUTTON)
    ]
    assert direct == []


def test_the_ranking_confirms_and_publishes_through_the_modal_form():
    for name, ids in OWN_FORM.items():
        text = next(ROOT.glob(f"*/templates/{name}")).read_text(encoding="utf-8")
        for modal in ids:
            assert f'{MODAL} with id="{modal}" action=' in text


def test_the_modal_says_what_happens_and_holds_the_only_submit_button():
    html = render_to_string(
        "includes/confirm_modal.html",
        {
            "id": "end-modal",
            "key": 7,
            "button_id": "end",
            "label": "End it",
            "text": "The thing of ACME ends.",
            "name": "stop",
            "value": "1",
            "look": "secondary",
        },
    )
    assert 'href="#end-modal-7" data-jw-open="end-modal-7" id="end-7-open"' in html
    assert 'class="krds-btn secondary"' in html
    assert '<p id="end-modal-7-text">The thing of ACME ends.</p>' in html
    assert (
        '<button class="krds-btn primary" type="submit" id="end-7" name="stop" value="1">' in html
    )
    assert "<form" not in html  # inside the page's form, whose fields it submits
