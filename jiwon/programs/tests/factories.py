from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from jiwon.core.actor import SYSTEM
from jiwon.core.models import Agency
from jiwon.programs.models import Category, EligibilityRuleVersion, Program
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.services.rules import rule_version_add
from jiwon.programs.workflow import ProgramStatus

KST = ZoneInfo("Asia/Seoul")


def at_kst(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=KST)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = "ayventure"
    name_ko = "안양산업진흥원"
    name_en = "Anyang Industry Promotion Agency"
    region_codes = ["41171", "41173"]


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    agency = factory.SubFactory(AgencyFactory)
    fiscal_year = 2026
    series = factory.Sequence(lambda n: f"PROGRAM{n}")
    title_ko = factory.Sequence(lambda n: f"지원사업 {n}")
    # No English title unless a test gives one: English pages then show the Korean title the
    # tests look for (jiwon.core.i18n falls back to Korean).
    title_en = ""
    category = Category.STARTUP
    budget_won = 100_000_000
    quota = 10
    # Open on the day the test runs (the frozen clock): noticed 18 days before, closing 41 days
    # after, at the times Korean notices use.
    notice_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=18))
    opens_at = factory.LazyAttribute(lambda p: at_kst(p.notice_date, 9))
    closes_at = factory.LazyFunction(lambda: at_kst(timezone.localdate() + timedelta(days=41), 18))
    status = ProgramStatus.PUBLISHED


def rule_version(program, rule, effective_from=None, version=None):
    version = version or program.rule_versions.count() + 1
    return EligibilityRuleVersion.objects.create(
        program=program,
        version=version,
        rule=rule,
        effective_from=effective_from or program.notice_date - timedelta(days=1),
    )


def rule_version_added(program, rule, effective_from=None):
    """A version added the way staff add one (services.rules.rule_version_add, as a system
    job), so the programme's target groups follow it; `rule_version` writes the row alone."""
    return rule_version_add(
        actor=SYSTEM,
        program=program,
        rule=rule,
        effective_from=effective_from or timezone.localdate(),
    )


def program_input(agency=None, **overrides):
    """A complete ProgramInput (window in the future), for the programme services."""
    values = {
        "agency": agency or AgencyFactory(),
        "fiscal_year": 2026,
        "series": "TESTSERIES",
        "title_ko": "테스트 지원사업",
        "category": Category.STARTUP,
        "notice_date": date(2026, 11, 2),
        "opens_at": datetime(2026, 11, 2, 9, 0, tzinfo=KST),
        "closes_at": datetime(2099, 12, 31, 18, 0, tzinfo=KST),
        "notice_text": "공고 본문",
        "budget_won": 100_000_000,
        "quota": 10,
    }
    values.update(overrides)
    return ProgramInput(**values)
