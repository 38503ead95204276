from datetime import date

import factory

from jiwon.accounts.models import User
from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import Certification, Company, CompanyKind, LegalForm, Membership
from jiwon.companies.validators import brn_check_digit
from jiwon.core.models import KsicCode, Region
from jiwon.core.roles import Role


def valid_brn(n: int, middle: str = "81") -> str:
    """A valid 사업자등록번호 for serial n: 3-digit office code, 2-digit type, 4 digits + check."""
    head = f"{101 + n % 899:03d}{middle}{1 + (n // 899) % 9999:04d}"
    return head + str(brn_check_digit(head))


def region(code: str = "41173") -> Region:
    return Region.objects.get(code=code, valid_to__isnull=True)


def ksic(code: str = "26211", revision: int = 11) -> KsicCode:
    return KsicCode.objects.get(code=code, revision=revision)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    kind = CompanyKind.COMPANY
    brn = factory.Sequence(lambda n: valid_brn(n))
    legal_form = LegalForm.CORPORATION
    name_ko = factory.Sequence(lambda n: f"테스트기업{n}")
    representative_name = "홍길동"
    representative_birth_date = date(1980, 5, 1)
    founded_on = date(2015, 3, 2)
    ksic = factory.LazyFunction(ksic)
    region = factory.LazyFunction(region)
    is_local = factory.LazyAttribute(lambda c: c.region.code in ("41171", "41173"))
    # A pre-founder has neither (the registry refuses them).
    employees = factory.LazyAttribute(lambda c: 0 if c.kind == CompanyKind.PREFOUNDER else 10)
    annual_sales_won = factory.LazyAttribute(
        lambda c: 0 if c.kind == CompanyKind.PREFOUNDER else 1_000_000_000
    )


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    company = factory.SubFactory(CompanyFactory)
    kind = "venture"
    valid_from = date(2020, 1, 1)
    valid_to = date(2030, 12, 31)


def member_of(company: Company, **kwargs) -> User:
    user = UserFactory(role=Role.COMPANY_MEMBER, **kwargs)
    Membership.objects.create(user=user, company=company, kind=Membership.Kind.OWNER)
    return user
