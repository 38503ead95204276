"""Object-level access to programmes and their attachments: the helpers every view and API
endpoint uses.

Staff readers (programs.view_all) see every programme, drafts included; everyone else sees a
programme only once it is public, and a draft does not exist for them (404, not 403, so its
existence is not revealed). Only managers (programs.manage) change programmes. The public
notice board and the company portal's explanations ask as ANYONE, whoever is signed in: they
show public programmes only.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.programs.models import Program, ProgramAttachment
from jiwon.programs.workflow import PUBLIC_STATUSES

ACTIONS = ("view", "change")
# Who reads: a user, signed in or not, or a system actor.
Viewer = Actor | AnonymousUser
ANYONE = AnonymousUser()


def can_view_program(user: Viewer, program: Program) -> bool:
    return program.status in PUBLIC_STATUSES or has_perm(user, "programs.view_all")


def can_change_program(user: Viewer, program: Program) -> bool:
    return has_perm(user, "programs.manage")


def program_for(user: Viewer, pk: Any, action: str = "view") -> Program:
    """The programme with `pk` if `user` may `action` ("view" or "change") it.
    Raises Http404 when it does not exist (or is a draft the user may not see) and
    PermissionDenied when the user may see it but not `action` it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    try:
        program = Program.objects.select_related("agency").get(pk=pk)
    except (Program.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("programme not found") from exc
    if not can_view_program(user, program):
        raise Http404("programme not found")
    if action == "change" and not can_change_program(user, program):
        raise PermissionDenied("may not change programmes")
    return program


def attachment_for(
    user: Viewer, program_pk: Any, pk: Any, action: str = "view"
) -> ProgramAttachment:
    """The attachment `pk` of the programme `program_pk`, if `user` may `action` the programme
    ("view": download it, "change": remove it). Raises as program_for does, and Http404 when
    the programme has no such attachment."""
    program = program_for(user, program_pk, action)
    try:
        attachment = ProgramAttachment.objects.get(pk=pk, program=program)
    except (ProgramAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("attachment not found") from exc
    attachment.program = program
    return attachment
