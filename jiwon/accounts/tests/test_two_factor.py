"""Two-factor sign-in (issue 10 item 6): TOTP with recovery codes for every staff role,
required for agency admin, finance and auditor."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.roles import Role

PASSWORD = "correct-horse-9"
LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")

pytestmark = pytest.mark.django_db


def code_of(device) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR])
def test_it_makes_the_required_roles_set_up_a_second_factor_first(client, role):
    user = UserFactory(role=role)
    assert sign_in(client, user).status_code == 302

    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    assert "Your role requires a second factor" in page

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(SETUP, {"token": "000000" if code_of(device) != "000000" else "111111"})
    assert "This code is not right" in wrong.content.decode()
    done = client.post(SETUP, {"token": code_of(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(PROFILE).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor_enable", object_id=str(user.pk))


def test_it_backs_off_after_five_wrong_codes_on_the_set_up_page(client, settings, time_machine):
    """Wrong codes while confirming an authenticator count per account (they used to be
    rolled back with the refused confirmation, so they could be tried without end)."""
    user = UserFactory(role=Role.AUDITOR)
    sign_in(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if code_of(device) != "000000" else "111111"
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert "This code is not right" in client.post(SETUP, {"token": wrong}).content.decode()

    sixth = client.post(SETUP, {"token": wrong}).content.decode()
    assert "Too many failed attempts. Try again in 1 minute." in sixth
    assert "This code is not right" not in sixth
    # Even the right code waits for the back-off, then goes through.
    assert (
        "Too many failed attempts"
        in client.post(SETUP, {"token": code_of(device)}).content.decode()
    )
    time_machine.move_to(
        timezone.now() + timedelta(seconds=settings.LOGIN_BACKOFF_SECONDS + 1), tick=True
    )
    done = client.post(SETUP, {"token": code_of(device)})
    assert len(re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_it_counts_the_set_up_codes_of_each_account_on_its_own(client, settings):
    first, second = UserFactory(role=Role.AUDITOR), UserFactory(role=Role.AUDITOR)
    for user in (first, second):
        client.force_login(user)
        client.get(SETUP)
    device = TOTPDevice.objects.get(user=second, confirmed=False)
    client.force_login(first)
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        client.post(SETUP, {"token": "12"})
    client.force_login(second)
    done = client.post(SETUP, {"token": code_of(device)})
    assert "Too many failed attempts" not in done.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_it_lets_a_programme_officer_sign_in_with_the_password_alone(client):
    user = UserFactory(role=Role.PROGRAM_OFFICER)
    sign_in(client, user)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert "Turn on two-factor sign-in" in page.content.decode()


def test_it_asks_an_enrolled_user_for_the_code_after_the_password(client, time_machine):
    user = UserFactory(role=Role.PROGRAM_OFFICER)
    device = enrolled(user)
    sign_in(client, user)

    held = client.get(reverse("companies:list"))
    assert held.status_code == 302 and held.url.startswith(VERIFY)
    assert "This code is not right" in client.post(VERIFY, {"token": "12"}).content.decode()
    # django-otp makes each wrong code wait longer (1 s, 2 s, 4 s …) before the next counts.
    assert (
        "This code is not right" in client.post(VERIFY, {"token": code_of(device)}).content.decode()
    )
    time_machine.move_to(timezone.now() + timedelta(seconds=2), tick=True)
    response = client.post(VERIFY, {"token": code_of(device), "next": "/companies/"})
    assert response.status_code == 302 and response.url == "/companies/"
    assert client.get(reverse("companies:list")).status_code == 200


def test_it_takes_each_recovery_code_once_in_place_of_the_app(client):
    from jiwon.accounts.services import two_factor_enable, two_factor_setup_start

    user = UserFactory(role=Role.AUDITOR)
    device = two_factor_setup_start(actor=user, user=user)
    codes = two_factor_enable(actor=user, user=user, device=device, token=code_of(device))

    sign_in(client, user)
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert client.get(PROFILE).status_code == 200
    client.post(reverse("accounts:logout"))

    sign_in(client, user)
    again = client.post(VERIFY, {"token": codes[0]})
    assert "or was used already" in again.content.decode()


def test_it_keeps_the_admin_behind_the_second_factor(client):
    user = UserFactory(role=Role.AGENCY_ADMIN, is_staff=True, is_superuser=True)
    device = enrolled(user)
    sign_in(client, user)
    assert client.get("/admin/").url.startswith(VERIFY)
    client.post(VERIFY, {"token": code_of(device)})
    assert client.get("/admin/").status_code == 200


def test_it_lets_optional_roles_turn_it_off_but_not_the_required_ones(client):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    enrolled(officer)
    client.force_login(officer)
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=officer).exists()

    finance = UserFactory(role=Role.FINANCE_OFFICER)
    enrolled(finance)
    client.force_login(finance)
    response = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=finance).exists()


def test_it_gives_company_members_no_two_factor_page(client, member):
    client.force_login(member)
    assert client.get(SETUP).status_code == 403


def test_it_prints_the_code_of_a_demo_login_and_refuses_any_other(capsys):
    from django.core.management.base import CommandError

    from jiwon.demo.users import DEMO_TOTP_KEY

    admin = UserFactory(role=Role.AGENCY_ADMIN, username="admin")
    device = TOTPDevice.objects.create(
        user=admin, name="authenticator", key=DEMO_TOTP_KEY, confirmed=True
    )
    call_command("demo_code", "admin")
    assert capsys.readouterr().out.strip() == code_of(device)
    enrolled(UserFactory(username="real"))
    with pytest.raises(CommandError):
        call_command("demo_code", "real")
