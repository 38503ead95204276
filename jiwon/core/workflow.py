"""Workflows as data: stable state ids, the transitions between them and the roles allowed to
make each one. Programme status, applications, loans and tickets each declare one; the
transitions they make are recorded as status-history rows by their own services."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    label: str
    comment_required: bool = False


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: dict[str, str]
    transitions: tuple[Transition, ...] = field(default_factory=tuple)

    def __post_init__(self):
        known = set(self.states)
        for t in self.transitions:
            if t.source not in known or t.target not in known:
                raise ValueError(
                    f"{self.name}: transition {t.source}→{t.target} uses an unknown state"
                )
        if self.initial not in known:
            raise ValueError(f"{self.name}: unknown initial state {self.initial}")

    def label(self, state: str) -> str:
        return str(self.states[state])

    def available(self, state: str, role: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state and role in t.roles]

    def transition(self, state: str, target: str, role: str, comment: str = "") -> Transition:
        """The transition from `state` to `target`, if `role` may make it; raises
        ValidationError for an impossible move and PermissionDenied for a forbidden one."""
        matches = [t for t in self.transitions if t.source == state and t.target == target]
        if not matches:
            raise ValidationError(
                _("Cannot go from “%(source)s” to “%(target)s”.")
                % {"source": self.label(state), "target": self.label(target)}
            )
        allowed = [t for t in matches if role in t.roles]
        if not allowed:
            raise PermissionDenied(f"{role} may not move {self.name} {state}→{target}")
        chosen = allowed[0]
        if chosen.comment_required and not comment.strip():
            raise ValidationError(_("Give a reason for this decision."))
        return chosen
