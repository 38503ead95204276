"""Writes for application forms: a programme's form definition, versioned."""

from django.db import transaction
from django.db.models import Max

from jiwon.applications.definition import default_definition, parse_definition
from jiwon.applications.models import ApplicationForm
from jiwon.applications.selectors import current_form
from jiwon.audit.services import audit_record
from jiwon.programs.models import Program


def _saved_by(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def application_form_save(
    *, actor, program: Program, definition: dict, note: str = ""
) -> ApplicationForm:
    """A new version of `program`'s form. Raises ValidationError listing what to fix in
    `definition`. Applications already started keep the version they were started on."""
    parse_definition(definition)
    # The programme row serialises version numbers between two editors saving at once.
    Program.objects.select_for_update().get(pk=program.pk)
    latest = program.application_forms.aggregate(v=Max("version"))["v"] or 0
    form = ApplicationForm.objects.create(
        program=program,
        version=latest + 1,
        definition=definition,
        note=note.strip(),
        created_by=_saved_by(actor),
    )
    audit_record(
        actor=actor,
        action="applications.application_form_save",
        obj=program,
        changes={"application_form": [latest or None, form.version]},
    )
    return form


@transaction.atomic
def application_form_ensure(*, actor, program: Program) -> ApplicationForm:
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
        created_by=_saved_by(actor),
    )
    audit_record(
        actor=actor,
        action="applications.application_form_ensure",
        obj=program,
        changes={"application_form": [None, 1]},
    )
    return form
