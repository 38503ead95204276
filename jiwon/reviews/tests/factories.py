"""Test helpers for evaluation: evaluators, applications that passed screening, committees
with members, rubrics and submitted scorecards."""

from datetime import date
from decimal import Decimal

import factory
from django.db import transaction

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.models import Application
from jiwon.applications.services.forms import application_form_ensure
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.reviews.models import (
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStage,
    Evaluator,
    EvaluatorRelationship,
    Rubric,
    RubricCriterion,
)


class EvaluatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluator

    user = factory.SubFactory(UserFactory, role=Role.EVALUATOR)
    name = factory.Sequence(lambda n: f"평가위원{n}")
    affiliation = factory.Sequence(lambda n: f"한국대학교 {n}")
    expertise_ksic = factory.LazyFunction(lambda: ["C"])
    expertise_keywords = factory.LazyFunction(list)
    capacity = 10


def relationship(evaluator, kind, company=None, organisation_name=""):
    return EvaluatorRelationship.objects.create(
        evaluator=evaluator,
        kind=kind,
        company=company,
        organisation_name=organisation_name,
        declared_on=date(2026, 1, 5),
    )


def screened_application(program, company=None, status=ApplicationStatus.SCREENED_PASS, **kw):
    """An application that passed screening (made directly: the reviews tests need the
    state, not the journey the applications tests cover)."""
    company = company or CompanyFactory()
    with transaction.atomic():
        form = application_form_ensure(actor=SYSTEM, program=program)
    sequence = program.applications.count() + 1
    return Application.objects.create(
        program=program,
        company=company,
        form=form,
        status=status,
        receipt_sequence=sequence,
        receipt_number=f"T{program.pk}-{sequence:04d}",
        **kw,
    )


def committee(program, stage=CommitteeStage.DOCUMENT, members=(), **overrides):
    values = {"name": "서면평가위원회", "per_application": 3, "min_for_trimmed": 5}
    values.update(overrides)
    made = Committee.objects.create(program=program, stage=stage, **values)
    for member in members:
        CommitteeMember.objects.create(committee=made, evaluator=member)
    return made


DEFAULT_CRITERIA = (
    ("tech", "기술성", "Technology", "40"),
    ("market", "시장성", "Market", "30"),
    ("team", "역량", "Team", "30"),
)


def rubric(program, stage=CommitteeStage.DOCUMENT, criteria=DEFAULT_CRITERIA):
    made = Rubric.objects.create(program=program, stage=stage)
    for order, (code, name_ko, name_en, maximum) in enumerate(criteria, start=1):
        RubricCriterion.objects.create(
            rubric=made,
            code=code,
            name_ko=name_ko,
            name_en=name_en,
            max_score=Decimal(maximum),
            order=order,
        )
    return made


def assign(committee, application, evaluator, by=AssignedBy.STAFF):
    return Assignment.objects.create(
        committee=committee, application=application, evaluator=evaluator, assigned_by=by
    )
