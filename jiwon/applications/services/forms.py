"""Writes for application forms: a programme's form definition, versioned."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from jiwon.applications.definition import default_definition, parse_definition
from jiwon.applications.models import ApplicationForm
from jiwon.applications.selectors import current_form
from jiwon.applications.services.common import user_pk
from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.programs.models import Program


@transaction.atomic
def application_form_save(
    *, actor: Actor, program: Program, definition: dict[str, Any], note: str = ""
) -> ApplicationForm:
    """A new version of `program`'s form. Raises ValidationError listing what to fix in
    `definition`. Applications already started keep the version they were started on."""
    if not has_perm(actor, "programs.manage", program):
        raise PermissionDenied("only programme managers change application forms")
    parse_definition(definition)
    # The programme row serialises version numbers between two editors saving at once.
    Program.objects.select_for_update().get(pk=program.pk)
    latest = program.application_forms.aggregate(v=Max("version"))["v"] or 0
    form = ApplicationForm.objects.create(
        program=program,
        version=latest + 1,
        definition=definition,
        note=note.strip(),
        created_by_id=user_pk(actor),
    )
    audit_record(
        actor=actor,
        action="applications.application_form_save",
        obj=program,
        changes={"application_form": [latest or None, form.version]},
    )
    return form


@transaction.atomic
def application_form_ensure(*, actor: Actor, program: Program) -> ApplicationForm:
    """`program`'s current form; a programme without one gets the default form (a basic
    business plan), so every published programme can be applied to."""
    form = current_form(program)
    if form is not None:
        return form
    Program.objects.select_for_update().get(pk=program.pk)
    form = current_form(program)
    if form is not None:
        return form
    form = ApplicationForm.objects.create(
        program=program,
        version=1,
        definition=default_definition(),
        note="default",
        created_by_id=user_pk(actor),
    )
    audit_record(
        actor=actor,
        action="applications.application_form_ensure",
        obj=program,
        changes={"application_form": [None, 1]},
    )
    return form
