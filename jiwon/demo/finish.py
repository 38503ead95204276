"""Calls of earlier years that an earlier load left unfinished, finished on a later load.

The demo is loaded on a day and dates its calls around that day (jiwon.demo.programs,
jiwon.demo.current): some are open, one is in screening, two are under evaluation. Loaded
again on a later day, those calls belong to a year that is over, and an agency does not leave
them open. So this step finishes every call of an earlier year that is still published,
closed or under review once its window has closed (rolling calls excepted), the way staff and
evaluators would, through the same services:

- the call is closed to applicants (`programs.program_transition`);
- every submitted application is screened: passed, or rejected when a supplement that was
  asked for never came (`applications.application_screen`); a draft never submitted stays a
  draft, and withdrawn applications stay withdrawn;
- the applications that passed are evaluated: by the committee the earlier load formed, or by
  a new document-review committee of the demo's evaluators with the demo rubric, assigned by
  the solver (`reviews.committee_create`, `committee_member_add`, `rubric_save`,
  `committee_assign`); each evaluator submits the scorecards still open, keeping a draft's
  scores (`reviews.scorecard_save`, as the evaluator);
- the ranking is computed, a tie at the cutoff decided (not selected), confirmed and
  published (`selection_compute`, `selection_resolve_tie`, `selection_confirm`,
  `selection_publish`: the selected companies' support rows follow), the committee closed
  and the programme completed.

The services date what they do at the moment of the load, so the results of a call that
closed last year are published on the day of the later load. Nothing of the load day's own
year is touched, and a second load the same day finds nothing to finish.
"""

import random
from decimal import Decimal

from jiwon.applications.models import Application
from jiwon.applications.services.applications import application_screen
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import SEED
from jiwon.demo.context import DemoContext
from jiwon.demo.reviews import (
    COMMENTS_HIGH,
    COMMENTS_LOW,
    EVALUATOR_LOGIN,
    OTHER_TARGET,
    RUBRIC,
    SELECTED_TARGET,
    SPREAD,
    split_total,
)
from jiwon.programs.models import Program
from jiwon.programs.services.programs import program_transition
from jiwon.programs.workflow import ProgramStatus as P
from jiwon.reviews.models import (
    Committee,
    CommitteeStage,
    CommitteeStatus,
    Evaluator,
    RunStatus,
    ScorecardStatus,
    SelectionRun,
)
from jiwon.reviews.selectors.assignment import STAGE_STATUSES
from jiwon.reviews.selectors.scoring import rubric_of
from jiwon.reviews.services.assignment import committee_assign
from jiwon.reviews.services.pool import (
    CommitteeInput,
    committee_create,
    committee_member_add,
    committee_update,
)
from jiwon.reviews.services.scoring import CriterionInput, ScoreInput, rubric_save, scorecard_save
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
    selection_resolve_tie,
)

UNFINISHED = (P.PUBLISHED, P.CLOSED, P.UNDER_REVIEW)
PANEL = 9
PER_APPLICATION = 3
# The agency's words on the history and the audit trail (Korean, like the rest of the data).
NO_SUPPLEMENT = "보완 요청 기한까지 보완 서류가 제출되지 않아 부적격 처리합니다."
TIE = "동점자 처리 기준(사업성 점수 우선)에 따라 선정하지 않음."


def _rng(program: Program) -> random.Random:
    return random.Random(f"jiwon-demo-finish:{SEED}:{program.fiscal_year}:{program.series}")


def finish_past_calls(context: DemoContext) -> int:
    """Finish the calls of years before the load day's that are left open, in screening or
    under evaluation; return how many steps were taken (0 when none was left)."""
    unfinished = Program.objects.filter(
        fiscal_year__lt=context.today.year,
        status__in=UNFINISHED,
        rolling=False,
        closes_at__lte=context.now,
    ).order_by("closes_at", "pk")
    if not unfinished.exists():
        return 0
    login = Evaluator.objects.filter(user__username=EVALUATOR_LOGIN).first()
    others = Evaluator.objects.filter(user__username__startswith="demo-evaluator-", active=True)
    panel = ([login] if login else []) + list(others.order_by("user__username")[: PANEL - 1])
    return sum(_finish(program, panel) for program in unfinished)


def _finish(program: Program, panel: list[Evaluator]) -> int:
    steps = 0
    if program.status == P.PUBLISHED:
        program = program_transition(actor=DEMO, program=program, target=P.CLOSED)
        steps += 1
    steps += _screen(program)
    if program.status == P.CLOSED:
        program = program_transition(actor=DEMO, program=program, target=P.UNDER_REVIEW)
        steps += 1
    steps += _evaluate(program, panel)
    program_transition(actor=DEMO, program=program, target=P.COMPLETED)
    return steps + 1


def _screen(program: Program) -> int:
    waiting = Application.objects.filter(
        program=program, status__in=(S.SUBMITTED, S.SCREENING, S.SUPPLEMENT_REQUESTED)
    ).order_by("receipt_sequence", "pk")
    steps = 0
    for application in waiting:
        if application.status == S.SUPPLEMENT_REQUESTED:
            application_screen(
                actor=DEMO, application=application, decision="reject", comment=NO_SUPPLEMENT
            )
        else:
            application_screen(actor=DEMO, application=application, decision="pass")
        steps += 1
    return steps


def _committees(program: Program, panel: list[Evaluator]) -> list[Committee]:
    """The programme's committees still at work, or a new document-review committee when
    applications passed screening and none was formed."""
    committees = list(
        Committee.objects.filter(program=program)
        .exclude(status=CommitteeStatus.CLOSED)
        .order_by("stage", "pk")
    )
    if committees or not panel:
        return committees
    passed = Application.objects.filter(program=program, status__in=STAGE_STATUSES).count()
    if not passed or Committee.objects.filter(program=program).exists():
        return []
    committee = committee_create(
        actor=DEMO,
        program=program,
        stage=CommitteeStage.DOCUMENT,
        data=CommitteeInput(
            name=f"{program.fiscal_year}년 {program.title_ko.split(' ', 1)[-1]} 서면평가위원회",
            per_application=PER_APPLICATION,
            min_for_trimmed=PER_APPLICATION,
            status=CommitteeStatus.SCORING,
        ),
    )
    for evaluator in panel:
        committee_member_add(actor=DEMO, committee=committee, evaluator=evaluator, capacity=passed)
    return [committee]


def _evaluate(program: Program, panel: list[Evaluator]) -> int:
    steps = 0
    rng = _rng(program)
    for committee in _committees(program, panel):
        if rubric_of(program.pk, committee.stage) is None:
            rubric_save(
                actor=DEMO,
                program=program,
                stage=committee.stage,
                criteria=[
                    CriterionInput(code=code, name_ko=ko, name_en=en, max_score=Decimal(maximum))
                    for code, ko, en, maximum in RUBRIC
                ],
            )
        if not committee.assignments.exists():
            steps += len(committee_assign(actor=DEMO, committee=committee).created)
        steps += _score(committee, rng)
        steps += _decide(committee)
        _close(committee)
    return steps


def _score(committee: Committee, rng: random.Random) -> int:
    """Every scorecard not yet submitted, submitted by its evaluator (a draft keeps its scores
    and comment)."""
    codes = [code for code, *_rest in RUBRIC]
    assignments = committee.assignments.select_related(
        "evaluator__user", "application", "scorecard"
    ).order_by("application__receipt_sequence", "evaluator__user__username")
    targets: dict[int, int] = {}
    steps = 0
    for assignment in assignments:
        card = getattr(assignment, "scorecard", None)
        if card is not None and card.status == ScorecardStatus.SUBMITTED:
            continue
        saved = {s.criterion.code: s.value for s in card.scores.all()} if card else {}
        if set(saved) != set(codes):
            target = targets.setdefault(
                assignment.application_id,
                rng.randint(*rng.choice((SELECTED_TARGET, OTHER_TARGET, OTHER_TARGET))),
            )
            total = target + rng.randint(-SPREAD, SPREAD)
            saved = dict(zip(codes, map(Decimal, split_total(total, rng)), strict=True))
        total_given = sum(saved.values(), Decimal(0))
        comment = (card.comment if card else "") or rng.choice(
            COMMENTS_HIGH if total_given >= 78 else COMMENTS_LOW
        )
        scorecard_save(
            actor=assignment.evaluator.user,
            assignment=assignment,
            data=ScoreInput(values=dict(saved), comment=comment),
            submit=True,
        )
        steps += 1
    return steps


def _decide(committee: Committee) -> int:
    if not committee.assignments.exists():
        return 0
    run = SelectionRun.objects.filter(committee=committee).first()
    if run is None or run.status == RunStatus.DRAFT:
        run = selection_compute(actor=DEMO, committee=committee)
        for result in run.results.order_by("rank", "pk"):
            if result.awaits_staff:
                selection_resolve_tie(actor=DEMO, result=result, selected=False, comment=TIE)
        run = selection_confirm(actor=DEMO, run=run)
    if run.status == RunStatus.CONFIRMED:
        selection_publish(actor=DEMO, run=run)
    return 3


def _close(committee: Committee) -> None:
    committee_update(
        actor=DEMO,
        committee=committee,
        data=CommitteeInput(
            name=committee.name,
            per_application=committee.per_application,
            min_for_trimmed=committee.min_for_trimmed,
            status=CommitteeStatus.CLOSED,
        ),
    )
