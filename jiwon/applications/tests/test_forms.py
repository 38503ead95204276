"""Application forms as versioned data: every save adds a version, an application keeps the
version it started on, a programme without a form gets the default one."""

import pytest
from django.core.exceptions import PermissionDenied

from jiwon.applications.selectors import current_form, definition_of
from jiwon.applications.services.forms import application_form_ensure, application_form_save
from jiwon.applications.tests.factories import started
from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SYSTEM

ONE_QUESTION = {
    "steps": [{"key": "a", "title": "A", "fields": [{"key": "x", "type": "text", "label": "X"}]}]
}


def test_an_application_keeps_the_form_version_it_started_on(program, member, company, officer):
    application = started(program, member, company)
    saved = application_form_save(actor=officer, program=program, definition=ONE_QUESTION)
    assert saved.version == 2 and current_form(program) == saved
    application.refresh_from_db()
    assert application.form.version == 1
    assert "summary" in {f.key for f in definition_of(application).fields}


def test_a_programme_without_a_form_gets_the_default_once(program):
    first = application_form_ensure(actor=SYSTEM, program=program)
    assert (first.version, first.note, first.created_by) == (1, "default", None)
    assert application_form_ensure(actor=SYSTEM, program=program) == first
    assert AuditEntry.objects.filter(action="applications.application_form_ensure").count() == 1


def test_only_programme_managers_save_a_form(program, member, user_with_role):
    for actor in (member, user_with_role("finance_officer")):
        with pytest.raises(PermissionDenied):
            application_form_save(actor=actor, program=program, definition=ONE_QUESTION)
    assert not program.application_forms.exists()
    saved = application_form_save(
        actor=user_with_role("agency_admin"), program=program, definition=ONE_QUESTION
    )
    assert saved.version == 1 and saved.created_by is not None
