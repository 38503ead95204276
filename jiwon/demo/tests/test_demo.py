"""`jiwon demo`: the Anyang demo data set. The data set is loaded once for the module (it takes
a couple of seconds) and removed afterwards; each test still runs in its own transaction."""

import functools
import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError

from jiwon.accounts.models import User
from jiwon.audit import chain
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import (
    Certification,
    CertificationKind,
    Company,
    GrowthStageChange,
    Membership,
)
from jiwon.companies.validators import validate_brn, validate_crn
from jiwon.core.roles import Role
from jiwon.demo import companies as demo_companies
from jiwon.demo.users import DEMO_PASSWORD, DEMO_USERS
from jiwon.demo.vocab import STREETS
from jiwon.grants.models import Agreement as GrantAgreement
from jiwon.grants.models import Expense, GrantReturn, Settlement, Tranche
from jiwon.outcomes.models import SupportLedgerEntry, YearFigure
from jiwon.reviews.models import (
    Assignment,
    Scorecard,
    SelectionResult,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

ANYANG = ("41171", "41173")
# Computed once from the generator; they must never change between runs or databases.
FIRST_COMPANY_BRN = "1388133580"
FIRST_COMPANY_NAME = "엘브릿지엔지니어링(주)"
OWNER_COMPANY_BRN = "1388127598"


@functools.cache
def second_article_brns() -> list[str]:
    """The business numbers of Anyang's 1,812 companies of August 2017 (the plan without the
    companies that appeared since)."""
    names = {code: code for code in STREETS}
    return [c.brn for c in demo_companies.generate(1812, region_names=names).anyang]


def anyang_companies():
    return Company.objects.filter(kind="company", is_local=True, brn__in=second_article_brns())


def table_counts() -> dict[str, int]:
    models = (
        Company,
        Certification,
        GrowthStageChange,
        User,
        Membership,
        AuditEntry,
        SupportLedgerEntry,
        YearFigure,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_1812_companies_in_anyang_split_over_both_districts():
    assert anyang_companies().count() == 1812
    districts = Counter(anyang_companies().values_list("region__code", flat=True))
    assert set(districts) == set(ANYANG)
    assert all(0.3 < n / 1812 < 0.7 for n in districts.values())


def test_it_adds_companies_outside_anyang_and_prefounders_on_top_of_the_1812():
    outside = Company.objects.filter(is_local=False)
    assert 50 <= outside.count() <= 70
    assert not outside.filter(region__code__in=ANYANG).exists()
    prefounders = Company.objects.filter(kind="prefounder")
    assert prefounders.count() == 20
    assert not prefounders.filter(Q(brn__isnull=False) | Q(founded_on__isnull=False)).exists()
    assert set(prefounders.values_list("email", flat=True)) == {
        f"demo-prefounder-{n}@example.com" for n in range(1, 21)
    }


def test_every_business_and_corporate_registration_number_is_valid_and_unique():
    rows = list(Company.objects.filter(kind="company").values_list("brn", "crn", "legal_form"))
    brns = [brn for brn, _, _ in rows]
    assert len(set(brns)) == len(brns)
    assert all(validate_brn(brn) == brn for brn in brns)
    crns = [crn for _, crn, form in rows if form == "corporation"]
    assert crns and all(validate_crn(crn) == crn for crn in crns)
    assert len(set(crns)) == len(crns)
    assert all(crn == "" for _, crn, form in rows if form == "individual")


def test_every_company_has_a_revision_11_subclass_in_an_anyang_like_mix():
    assert not Company.objects.exclude(ksic__revision=11, ksic__level=5).exists()
    divisions = Counter(
        code[:2] for code in anyang_companies().values_list("ksic__code", flat=True)
    )
    top = {division for division, _ in divisions.most_common(5)}
    assert {"26", "29"} <= top  # electronic parts and machinery lead
    assert divisions["58"] + divisions["62"] + divisions["63"] > 0.15 * 1812  # software and IT
    assert divisions["46"] > 0.05 * 1812  # wholesale


def test_the_growth_ladder_has_103_blue100_companies_with_dated_history():
    stages = Counter(
        anyang_companies().exclude(growth_stage="").values_list("growth_stage", flat=True)
    )
    assert stages == {"G240": 225, "BLUE100": 103, "ACE20": 20, "UNICORN": 2}
    assert not Company.objects.filter(is_local=False).exclude(growth_stage="").exists()
    for company in anyang_companies().filter(growth_stage="BLUE100"):
        history = sorted(company.stage_history.all(), key=lambda change: change.effective_on)
        assert [change.stage for change in history] == ["G240", "BLUE100"]
        assert history[0].effective_on.year == 2020
        assert history[1].effective_on.year == 2021
        assert company.founded_on <= history[0].effective_on


def test_every_anyang_company_was_founded_by_august_2017_and_96_after_2015():
    # The city's count in the seed article: 1,716 companies in 2015, 1,812 in August 2017.
    founded = list(anyang_companies().values_list("founded_on", flat=True))
    assert max(founded) <= date(2017, 8, 31)
    assert sum(day > date(2015, 12, 31) for day in founded) == 96


def test_blue100_representatives_were_young_and_others_span_ages():
    def age_on(birth: date, day: date) -> int:
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    for company in anyang_companies().filter(growth_stage="BLUE100"):
        selected = company.stage_history.get(stage="BLUE100").effective_on
        assert age_on(company.representative_birth_date, selected) <= 39
        assert demo_companies.add_years(company.founded_on, 7) > selected  # 창업 7년 미만
    ages = [
        age_on(birth, demo_companies.REFERENCE_DATE)
        for birth in anyang_companies().values_list("representative_birth_date", flat=True)
    ]
    assert min(ages) >= 25 and max(ages) <= 70
    assert 0.1 < sum(age < 40 for age in ages) / len(ages) < 0.5


def test_certifications_have_realistic_shares_and_some_have_expired():
    day = demo_companies.REFERENCE_DATE
    per_kind = Counter(
        Certification.objects.filter(company__in=anyang_companies()).values_list("kind", flat=True)
    )
    assert set(per_kind) == set(CertificationKind.values)
    assert 0.15 < per_kind["venture"] / 1812 < 0.25
    assert 0.05 < per_kind["innobiz"] / 1812 < 0.11
    expired = Certification.objects.filter(valid_to__lt=day).count()
    assert 0 < expired < Certification.objects.count()
    assert not Certification.objects.filter(valid_from__gt=day).exists()


def test_employees_and_sales_are_skewed_and_in_whole_won():
    employees = sorted(anyang_companies().values_list("employees", flat=True))
    assert employees[len(employees) // 2] < 15  # most companies are small
    assert 28_000 < sum(employees) < 38_000  # Anyang: about 32,000 employees
    assert not anyang_companies().filter(annual_sales_won__lt=0).exists()
    big = anyang_companies().filter(employees__gte=100)
    small = anyang_companies().filter(employees__lte=3)
    assert min(big.values_list("annual_sales_won", flat=True)) > 0
    assert sum(big.values_list("annual_sales_won", flat=True)) / big.count() > 10 * (
        sum(small.values_list("annual_sales_won", flat=True)) / small.count()
    )


def test_addresses_name_the_district_and_a_real_street():
    for address, code in anyang_companies().values_list("address", "region__code")[:200]:
        district = "동안구" if code == "41173" else "만안구"
        assert address.startswith(f"경기도 안양시 {district} ")
        assert any(f" {street} " in address for street in STREETS[code])


def test_there_is_one_demo_user_per_role_with_the_printed_password():
    # The evaluator pool of the 2021 Blue100 call (jiwon/demo/reviews.py) has no login.
    pool = User.objects.filter(username__startswith="demo-evaluator-")
    users = {user.username: user for user in User.objects.difference(pool)}
    roles = Counter(user.role for user in users.values())
    assert roles == Counter(Role.values)
    assert pool.count() == 39 and not any(u.has_usable_password() for u in pool)
    admin = users["admin"]
    assert admin.is_staff and admin.is_superuser and admin.role == Role.AGENCY_ADMIN
    assert not User.objects.exclude(username="admin").filter(is_staff=True).exists()
    assert users["officer"].check_password(DEMO_PASSWORD)


def test_the_company_user_owns_a_blue100_electronics_company():
    membership = Membership.objects.select_related("company__ksic").get(user__username="company")
    assert membership.kind == Membership.Kind.OWNER
    assert membership.company.brn == OWNER_COMPANY_BRN
    assert membership.company.growth_stage == "BLUE100"
    assert membership.company.ksic.code.startswith("26")


def test_the_load_is_one_audit_entry_and_the_chain_holds():
    entry = AuditEntry.objects.get(action="demo.load_demo")
    assert entry.actor_label == "demo"
    assert entry.changes["companies"] == [None, 1812]
    assert entry.changes["prefounders"] == [None, 20]
    assert chain.verify(AuditEntry.objects.order_by("id")) is None


def test_running_it_again_adds_nothing_and_still_prints_the_logins():
    before = table_counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert table_counts() == before
    printed = out.getvalue()
    assert "1,812" in printed
    assert printed.count(DEMO_PASSWORD) == len(DEMO_USERS)  # one login per role
    assert "http://127.0.0.1:8000" in printed
    # make demo HOST=0.0.0.0:9000 passes its address on.
    out = io.StringIO()
    call_command("demo", url="http://0.0.0.0:9000", stdout=out)
    assert "http://0.0.0.0:9000" in out.getvalue()
    assert "127.0.0.1" not in out.getvalue()


def delete_with_what_protects_it(obj) -> None:
    """Delete `obj` after the rows that protect it (tenancy contracts, loans, corrections of
    ledger rows…), however many domains hold such rows."""
    while True:
        try:
            with transaction.atomic():
                obj.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blockers = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            for blocker in sorted(blockers, key=lambda o: -o.pk):
                delete_with_what_protects_it(blocker)


def test_it_restores_a_deleted_demo_company_with_its_history():
    company = Company.objects.get(brn=OWNER_COMPANY_BRN)
    stages = company.stage_history.count()
    # Grant rows are keyed by their tranche, which the restore draws up again.
    supports = sorted(company.support_rows.values_list("program", "supported_on", "amount_won"))
    figures = company.year_figures.count()
    assert supports and figures
    # Ledger rows and the 2021 Blue100 application's evaluation are never deleted in the
    # application; the test clears them to delete the company at all.
    # Newest first: a correction protects the row it corrects.
    for row in company.support_rows.order_by("-id"):
        row.delete()
    SelectionResult.objects.filter(application__company=company).delete()
    Scorecard.objects.filter(assignment__application__company=company).delete()
    Assignment.objects.filter(application__company=company).delete()
    agreements = GrantAgreement.objects.filter(company=company)
    for model in (GrantReturn, Settlement, Expense, Tranche):
        model.objects.filter(agreement__in=agreements).delete()
    agreements.delete()
    company.applications.all().delete()
    delete_with_what_protects_it(company)
    call_command("demo", quiet=True)
    restored = Company.objects.get(brn=OWNER_COMPANY_BRN)
    assert restored.stage_history.count() == stages
    restored_supports = restored.support_rows.values_list("program", "supported_on", "amount_won")
    assert sorted(restored_supports) == supports
    assert restored.year_figures.count() == figures
    assert Membership.objects.filter(user__username="company", company=restored).exists()
    assert anyang_companies().count() == 1812


def test_it_is_deterministic():
    first = Company.objects.filter(kind="company").order_by("id").first()
    assert (first.brn, first.name_ko) == (FIRST_COMPANY_BRN, FIRST_COMPANY_NAME)
    names = {code: code for code in STREETS}
    assert demo_companies.generate(300, region_names=names) == demo_companies.generate(
        300, region_names=names
    )


def test_a_larger_run_contains_the_default_data_set():
    names = {code: code for code in STREETS}
    default = demo_companies.generate(1812, region_names=names)
    larger = demo_companies.generate(1900, region_names=names)
    assert larger.anyang[:1812] == default.anyang
    assert [c.brn for c in larger.outside[:60]] == [c.brn for c in default.outside]


def test_it_refuses_a_company_count_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("demo", companies=0, quiet=True)


def test_the_logins_that_need_a_second_factor_come_enrolled_with_the_printed_key():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jiwon.demo.users import DEMO_TOTP_KEY, demo_totp_secret

    enrolled = set(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).values_list(
            "user__username", flat=True
        )
    )
    assert enrolled == {"admin", "finance", "auditor"}
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert demo_totp_secret() in printed
    assert "jiwon demo_code <username>" in printed
    code = io.StringIO()
    call_command("demo_code", "finance", stdout=code)
    device = TOTPDevice.objects.get(user__username="finance")
    assert device.verify_token(code.getvalue().strip())
