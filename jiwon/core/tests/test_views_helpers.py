import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.core.views_helpers import require, show_service_error


@require("audit.view")
def audit_page(request, pk):
    return HttpResponse(f"entry {pk}")


def test_it_sends_anonymous_visitors_to_the_login_page(rf):
    request = rf.get("/audit/7/?x=1")
    request.user = AnonymousUser()
    response = audit_page(request, pk=7)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/7/%3Fx%3D1"


def test_it_refuses_a_user_without_the_capability(rf, db):
    request = rf.get("/audit/7/")
    request.user = UserFactory(role=Role.PROGRAM_OFFICER)
    with pytest.raises(PermissionDenied):
        audit_page(request, pk=7)


def test_it_lets_a_user_with_the_capability_through(rf, db):
    request = rf.get("/audit/7/")
    request.user = UserFactory(role=Role.AUDITOR)
    assert audit_page(request, pk=7).content == b"entry 7"
    assert audit_page.__name__ == "audit_page"


class NameForm(forms.Form):
    name = forms.CharField()


def test_it_shows_a_refusal_on_the_form_beside_its_fields(rf):
    form = NameForm({"name": "x"})
    assert form.is_valid()
    refusal = ValidationError({"name": "Taken.", "other": "Not a field of the form."})
    show_service_error(rf.post("/"), refusal, form=form)
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not a field of the form."]


def test_it_shows_a_refusal_as_one_message_per_problem_without_a_form(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    show_service_error(request, ValidationError(["Too late.", "Too many."]))
    assert [str(m) for m in get_messages(request)] == ["Too late.", "Too many."]
