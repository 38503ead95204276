from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jiwon.accounts.models import User
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company, CompanyKind, Membership
from jiwon.companies.services import CompanyInput, signup
from jiwon.companies.tests.factories import CompanyFactory, region, valid_brn
from jiwon.core.models import Region
from jiwon.core.roles import Role

SIGNUP = reverse("signup")
PASSWORD = "purple-lantern-48"


def company_signup(**overrides):
    data = {
        "username": "newbie",
        "display_name": "박새싹",
        "email": "newbie@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "kind": "company",
        "name_ko": "새싹로보틱스",
        "region": region("41173").pk,
        "representative_birth_date": "1985-04-09",
        "brn": valid_brn(123),
        "legal_form": "corporation",
        "representative_name": "박대표",
        "founded_on": "2021-03-02",
        "ksic_code": "26211",
    }
    data.update(overrides)
    return data


def prefounder_signup(**overrides):
    data = company_signup(
        kind="prefounder",
        name_ko="동네 공구 대여 앱",
        brn="",
        legal_form="",
        representative_name="",
        founded_on="",
        ksic_code="",
    )
    data.update(overrides)
    return data


def nothing_created():
    return not User.objects.exists() and not Company.objects.exists()


def test_it_registers_a_person_and_their_company_in_one_step(client, db):
    brn = valid_brn(123)
    response = client.post(SIGNUP, company_signup(brn=f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"))

    user = User.objects.get(username="newbie")
    company = Company.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("companies:detail", args=[company.pk])
    assert (user.role, user.display_name, user.email) == (
        Role.COMPANY_MEMBER,
        "박새싹",
        "newbie@example.com",
    )
    assert user.check_password(PASSWORD)
    assert (company.kind, company.brn, company.name_ko, company.representative_name) == (
        CompanyKind.COMPANY,
        valid_brn(123),
        "새싹로보틱스",
        "박대표",
    )
    assert company.ksic.code == "26211"
    assert company.is_local
    assert Membership.objects.get(user=user, company=company).kind == Membership.Kind.OWNER
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(response.url).status_code == 200
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert actions == {
        "accounts.user_register",
        "companies.company_create",
        "companies.membership_add",
    }
    register = AuditEntry.objects.get(action="accounts.user_register")
    assert PASSWORD not in str(register.changes)


def test_it_registers_a_pre_founder_as_their_own_representative(client, db):
    response = client.post(SIGNUP, prefounder_signup())

    assert response.status_code == 302
    company = Company.objects.get()
    assert company.kind == CompanyKind.PREFOUNDER
    assert company.brn is None
    assert company.founded_on is None
    assert company.representative_name == "박새싹"
    assert company.representative_birth_date == date(1985, 4, 9)
    assert company.memberships.get().user.username == "newbie"


def test_it_refuses_a_business_number_for_a_pre_founder(client, db):
    response = client.post(SIGNUP, prefounder_signup(brn=valid_brn(5)))

    assert response.status_code == 200
    assert "A pre-founder has no business registration number yet." in response.content.decode()
    assert nothing_created()


def test_it_shows_a_wrong_check_digit_and_creates_no_user(client, db):
    good = valid_brn(123)
    bad = good[:9] + str((int(good[9]) + 1) % 10)

    response = client.post(SIGNUP, company_signup(brn=bad))

    assert response.status_code == 200
    assert "check digit is wrong" in response.content.decode()
    assert nothing_created()
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_registered_business_number_without_revealing_the_company(client, db):
    owner = UserFactory(username="boss", email="boss@secret.example")
    existing = CompanyFactory(brn=valid_brn(123), name_ko="비밀주식회사")
    Membership.objects.create(user=owner, company=existing, kind=Membership.Kind.OWNER)

    response = client.post(SIGNUP, company_signup())

    page = response.content.decode()
    assert response.status_code == 200
    assert "This business is already registered in Jiwon. Ask its owner or" in page
    assert "to add you as a member." in page
    for secret in ("비밀주식회사", "boss", "secret.example", existing.representative_name):
        assert secret not in page
    assert not User.objects.filter(username="newbie").exists()
    assert Company.objects.count() == 1


def test_it_asks_a_company_for_its_registration_details(client, db):
    response = client.post(
        SIGNUP, company_signup(brn="", legal_form="", representative_name="", founded_on="")
    )

    page = response.content.decode()
    assert "Enter the business registration number, or choose pre-founder." in page
    assert "Choose corporation or sole proprietorship." in page
    assert "Enter the name of the company&#x27;s representative." in page
    assert "Enter the founding date" in page
    assert nothing_created()


def test_it_refuses_mismatched_or_weak_passwords(client, db):
    mismatched = client.post(SIGNUP, company_signup(password2="something-else-77"))
    weak = client.post(SIGNUP, company_signup(password1="12345678", password2="12345678"))

    assert "The two password fields didn’t match." in mismatched.content.decode()
    assert "This password is entirely numeric." in weak.content.decode()
    assert nothing_created()


def test_it_refuses_a_taken_username_in_any_case(client, db):
    UserFactory(username="Newbie")

    response = client.post(SIGNUP, company_signup())

    assert "A user with that username already exists." in response.content.decode()
    assert not Company.objects.exists()
    assert User.objects.count() == 1


def test_it_offers_only_current_regions(client, db):
    page = client.get(SIGNUP).content.decode()

    assert f'value="{region("41173").pk}"' in page
    retired = Region.objects.filter(level=2, valid_to__isnull=False).first()
    assert retired is not None
    assert f'value="{retired.pk}"' not in page


def test_it_sends_a_signed_in_user_to_their_profile(client, db):
    client.force_login(UserFactory())

    response = client.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


def test_it_creates_nothing_when_the_company_is_invalid_after_the_user_is_saved(db):
    """The service is the last guard: a bad company rolls back the account it just saved."""
    good = valid_brn(7)
    data = CompanyInput(
        name_ko="오류기업",
        representative_name="홍길동",
        representative_birth_date=date(1980, 1, 1),
        region=region("41171"),
        brn=good[:9] + str((int(good[9]) + 1) % 10),
        legal_form="individual",
        founded_on=date(2020, 1, 1),
    )

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        signup(
            username="x", email="x@example.com", display_name="X", password=PASSWORD, company=data
        )

    assert "check digit is wrong" in str(exc.value.message_dict["brn"])
    assert nothing_created()
    assert not AuditEntry.objects.exists()


def test_it_validates_the_password_in_the_service_too(db):
    data = CompanyInput(
        kind=CompanyKind.PREFOUNDER,
        name_ko="아이디어",
        representative_name="X",
        representative_birth_date=date(1990, 1, 1),
        region=region("41171"),
    )

    with pytest.raises(ValidationError) as exc:
        signup(username="x", email="x@example.com", display_name="X", password="123", company=data)

    assert "password" in exc.value.message_dict
    assert nothing_created()


def test_it_refuses_a_registered_business_number_typed_in_full_width_digits(client, db):
    brn = valid_brn(123)
    CompanyFactory(brn=brn)
    full_width = f"{brn[:3]}-{brn[3:5]}-{brn[5:]}".translate(
        str.maketrans("0123456789-", "０１２３４５６７８９－")
    )

    response = client.post(SIGNUP, company_signup(brn=full_width))

    assert response.status_code == 200
    assert "This business is already registered in Jiwon." in response.content.decode()
    assert Company.objects.count() == 1


def test_it_limits_sign_up_attempts_from_one_address(client, db, settings):
    settings.SIGNUP_ADDRESS_LIMIT = 3
    for n in range(3):
        response = client.post(SIGNUP, company_signup(username=f"u{n}", brn="1"))
        assert response.status_code == 200
    response = client.post(SIGNUP, company_signup())
    assert response.status_code == 429
    assert "Too many requests. Try again in" in response.content.decode()
    assert nothing_created()
    other = client.post(SIGNUP, company_signup(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
