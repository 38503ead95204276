"""The one workflow engine.

A workflow is data: stable state ids with their labels, the transitions between them, the
capability each transition needs, whether it needs a comment, and the terminal states. Each
workflow has a name and a version; a `WorkflowFamily` holds every version of one name, and an
object pins the version it started on (`workflow_version`), so a later change of the workflow
never re-routes objects already under way: add a version, keep the old one.

A model that moves through a workflow subclasses `WorkflowModel` and names its family; its
history model subclasses `StatusChange` with a foreign key whose related_name is
`status_history`. `workflow_move()` is the only way an object changes state: it locks the row,
checks the transition and the actor's capability (on the object), saves, writes the history
row and the audit entry, all in one transaction. Domain services call it and add only what is
theirs (object-level preconditions, side effects).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiwon.core import auditing
from jiwon.core.actor import Actor, Viewer, actor_label, actor_user
from jiwon.core.permissions import CAPABILITIES, has_perm

Label = str | Promise


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    capability: str
    label: Label
    comment_required: bool = False


@dataclass(frozen=True)
class Workflow:
    name: str
    version: int
    initial: str
    states: Mapping[str, Label]
    transitions: tuple[Transition, ...] = ()
    terminal: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        where = f"workflow {self.name} v{self.version}"
        known = set(self.states)
        if self.initial not in known:
            raise ValueError(f"{where}: unknown initial state {self.initial!r}")
        if not self.terminal <= known:
            raise ValueError(f"{where}: unknown terminal states {sorted(self.terminal - known)}")
        for t in self.transitions:
            if t.source not in known or t.target not in known:
                raise ValueError(f"{where}: transition {t.source}→{t.target} uses an unknown state")
            if t.capability not in CAPABILITIES:
                raise ValueError(f"{where}: {t.source}→{t.target} needs unknown {t.capability!r}")
            if t.source in self.terminal:
                raise ValueError(f"{where}: terminal state {t.source!r} has a way out")

    def label(self, state: str) -> str:
        return str(self.states[state])

    def available(
        self, state: str, actor: Viewer, obj: models.Model | None = None
    ) -> list[Transition]:
        """The transitions `actor` may make from `state` (on `obj`, when given)."""
        return [
            t for t in self.transitions if t.source == state and has_perm(actor, t.capability, obj)
        ]

    def transition(
        self,
        state: str,
        target: str,
        actor: Viewer,
        comment: str = "",
        obj: models.Model | None = None,
    ) -> Transition:
        """The transition from `state` to `target`, if `actor` may make it. Raises
        ValidationError for an impossible move or a missing comment, and PermissionDenied for
        a forbidden one."""
        matches = [t for t in self.transitions if t.source == state and t.target == target]
        if not matches:
            raise ValidationError(
                _("Cannot go from “%(source)s” to “%(target)s”.")
                % {"source": self.label(state), "target": self.label(target)}
            )
        allowed = [t for t in matches if has_perm(actor, t.capability, obj)]
        if not allowed:
            raise PermissionDenied(f"{actor} may not move {self.name} {state}→{target}")
        chosen = allowed[0]
        if chosen.comment_required and not comment.strip():
            raise ValidationError(_("Give a reason for this decision."))
        return chosen


class WorkflowFamily:
    """Every version of one workflow; the newest is the one new objects start on."""

    def __init__(self, *versions: Workflow) -> None:
        if not versions:
            raise ValueError("a workflow family needs at least one version")
        names = {w.name for w in versions}
        if len(names) != 1:
            raise ValueError(f"one family, one name: got {sorted(names)}")
        self.name = versions[0].name
        self._versions = {w.version: w for w in versions}
        if len(self._versions) != len(versions):
            raise ValueError(f"{self.name}: a version is defined twice")
        self.current = self._versions[max(self._versions)]

    def version(self, number: int) -> Workflow:
        return self._versions[number]

    def state_choices(self) -> list[tuple[str, Label]]:
        """Every state any version knows (newest label first), so old objects stay valid."""
        seen: dict[str, Label] = {}
        for number in sorted(self._versions, reverse=True):
            for state, label in self._versions[number].states.items():
                seen.setdefault(state, label)
        return list(seen.items())

    def label(self, state: str) -> str:
        return str(dict(self.state_choices()).get(state, state))

    def version_field(self) -> "models.PositiveSmallIntegerField[int, int]":
        return models.PositiveSmallIntegerField(
            gettext_lazy("workflow version"), default=self.current.version, editable=False
        )


class WorkflowModel(models.Model):
    """An object that moves through a workflow. Subclasses set `workflows` and declare
    `status` (choices from `workflows.state_choices()`, default the initial state) and
    `workflow_version = <family>.version_field()`."""

    workflows: ClassVar[WorkflowFamily]
    status: str
    workflow_version: int

    class Meta:
        abstract = True

    @property
    def workflow(self) -> Workflow:
        return self.workflows.version(self.workflow_version)

    @property
    def status_label(self) -> str:
        return self.workflows.label(self.status)

    def transitions_for(self, actor: Viewer) -> list[Transition]:
        return self.workflow.available(self.status, actor, self)


class StatusChange(models.Model):
    """One move of an object through its workflow. Subclasses add the foreign key to their
    object with related_name="status_history"."""

    source = models.CharField(gettext_lazy("from"), max_length=32, blank=True)
    target = models.CharField(gettext_lazy("to"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(gettext_lazy("by"), max_length=150, blank=True)
    comment = models.TextField(gettext_lazy("comment"), blank=True)
    at = models.DateTimeField(gettext_lazy("time"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.source or '-'} → {self.target}"

    @property
    def source_label(self) -> str:
        return self._family().label(self.source) if self.source else ""

    @property
    def target_label(self) -> str:
        return self._family().label(self.target)

    def _family(self) -> WorkflowFamily:
        return _subject_model(type(self)).workflows


# The history model and the object model find each other through the foreign key whose
# related_name is "status_history"; both lookups are fixed once the models are loaded.
@cache
def _subject_field(history: type[StatusChange]) -> models.ForeignKey[Any, Any]:
    for f in history._meta.get_fields():
        if isinstance(f, models.ForeignKey) and f.remote_field.related_name == "status_history":
            return f
    raise TypeError(f"{history.__name__} has no foreign key with related_name='status_history'")


@cache
def _subject_model(history: type[StatusChange]) -> type[WorkflowModel]:
    subject = _subject_field(history).related_model
    if not (isinstance(subject, type) and issubclass(subject, WorkflowModel)):
        raise TypeError(f"{history.__name__}: its status_history key must point at a WorkflowModel")
    return subject


@cache
def _history_model(model: type[WorkflowModel]) -> type[StatusChange]:
    for relation in model._meta.related_objects:
        history = relation.related_model
        if (
            relation.related_name == "status_history"
            and isinstance(history, type)
            and issubclass(history, StatusChange)
        ):
            return history
    raise TypeError(f"{model.__name__} has no StatusChange with related_name='status_history'")


W = TypeVar("W", bound=WorkflowModel)


def workflow_initial(obj: W) -> W:
    """Put a new (unsaved) object on the initial state of its family's current version."""
    obj.workflow_version = obj.workflows.current.version
    obj.status = obj.workflows.current.initial
    return obj


def _history_add(
    *, actor: Actor, obj: WorkflowModel, source: str, comment: str, at: datetime | None
) -> None:
    history = _history_model(type(obj))
    user = actor_user(actor)
    history._default_manager.create(
        **{_subject_field(history).name: obj},
        source=source,
        target=obj.status,
        actor_id=user.pk if user else None,
        actor_label=actor_label(actor),
        comment=comment,
        at=at or timezone.now(),
    )


def workflow_record_created(
    *, actor: Actor, obj: WorkflowModel, comment: str = "", at: datetime | None = None
) -> None:
    """The first history row of a newly saved object (from nothing to its initial state).
    The creating service writes the audit entry of the creation itself."""
    _history_add(actor=actor, obj=obj, source="", comment=comment.strip(), at=at)


def workflow_move(
    *,
    actor: Actor,
    obj: W,
    to: str,
    action: str,
    comment: str = "",
    at: datetime | None = None,
    updates: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    guard: Callable[[W], Mapping[str, Any] | None] | None = None,
) -> W:
    """Move `obj` to state `to` as its pinned workflow allows `actor`, and return the saved
    object. `action` names the calling service (`<app>.<service>`); `updates` are further
    fields saved with the move (e.g. a decision date) and `changes` further facts for the
    audit entry. `guard`, when given, is called with the locked object once the move is known
    to be allowed: it raises ValidationError to refuse, or returns more fields to save.
    Raises ValidationError for an impossible move or a missing comment, PermissionDenied for a
    forbidden one; nothing is written then."""
    updates = dict(updates or {})
    comment = comment.strip()
    with transaction.atomic():
        model = type(obj)
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        source = locked.status
        locked.workflow.transition(source, to, actor, comment, locked)
        if guard is not None:
            updates.update(guard(locked) or {})
        locked.status = to
        for name, value in updates.items():
            setattr(locked, name, value)
        auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        locked.save(update_fields=["status", *updates, *auto_now])
        _history_add(actor=actor, obj=locked, source=source, comment=comment, at=at)
        facts: dict[str, Any] = {"status": [source, to]}
        if comment:
            facts["comment"] = [None, comment]
        facts.update(changes or {})
        auditing.record(actor=actor, action=action, obj=locked, changes=facts)
    obj.status = locked.status
    for name in updates:
        setattr(obj, name, getattr(locked, name))
    return locked
