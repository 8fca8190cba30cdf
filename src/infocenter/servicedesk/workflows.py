"""The states and allowed steps of a Customer Service Form and a Work Order, declared once.
Services ask ``require`` before each step; pages show ``available`` as buttons."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core import permissions
from infocenter.core.exceptions import Conflict, InvalidTransition, PermissionDenied

from .choices import FormState, OrderState

OS = OrderState
F = FormState
OPEN_ORDER_STATES = frozenset({OS.DISPATCHED, OS.ACKNOWLEDGED, OS.ASSIGNED, OS.IN_PROGRESS})


@dataclass(frozen=True)
class Step:
    name: str
    label: object
    sources: frozenset
    target: str
    action: str | tuple[str, ...]  # the permission action(s) that grant the step
    rule: str
    tone: str = "primary"


ORDER_STEPS = {
    s.name: s
    for s in [
        Step(
            "acknowledge",
            gettext_lazy("Acknowledge"),
            frozenset({OS.DISPATCHED}),
            OS.ACKNOWLEDGED,
            "sd.receive",
            "SD-5",
        ),
        Step(
            "assign",
            gettext_lazy("Arrange staff"),
            frozenset({OS.DISPATCHED, OS.ACKNOWLEDGED, OS.ASSIGNED}),
            OS.ASSIGNED,
            "sd.receive",
            "SD-7",
        ),
        Step(
            "start",
            gettext_lazy("Start"),
            frozenset({OS.ASSIGNED}),
            OS.IN_PROGRESS,
            "sd.department",
            "SD-8",
        ),
        Step(
            "report",
            gettext_lazy("Report result"),
            frozenset({OS.IN_PROGRESS}),
            OS.REPORTED,
            "sd.department",
            "SD-8",
        ),
        Step(
            "return",
            gettext_lazy("Return with reason"),
            OPEN_ORDER_STATES,
            OS.RETURNED,
            "sd.department",
            "SD-13",
            "outline-danger",
        ),
        Step(
            "verify",
            gettext_lazy("Verify"),
            frozenset({OS.REPORTED, OS.RETURNED}),
            OS.VERIFIED,
            "sd.follow_up",
            "SD-8",
        ),
        Step(
            "close",
            gettext_lazy("Close in register (消档)"),
            frozenset({OS.VERIFIED}),
            OS.CLOSED,
            "sd.intake",
            "SD-9",
        ),
    ]
}

# The worker's step: not offered to people.
ESCALATE = Step("escalate", gettext_lazy("Re-issue"), OPEN_ORDER_STATES, OS.ESCALATED, "", "SD-14")

FORM_STEPS = {
    s.name: s
    for s in [
        Step(
            "resolve",
            gettext_lazy("Handle directly"),
            frozenset({F.LOGGED}),
            F.RESOLVED,
            "sd.intake",
            "SD-4",
        ),
        Step(
            "dispatch",
            gettext_lazy("Dispatch a work order"),
            frozenset({F.LOGGED, F.DISPATCHED}),
            F.DISPATCHED,
            "sd.intake",
            "SD-5",
        ),
        Step(
            "callback",
            gettext_lazy("Record callback"),
            frozenset({F.RESOLVED}),
            F.CALLED_BACK,
            "sd.follow_up",
            "SD-10",
        ),
    ]
}


def _department_of(record):
    return getattr(record, "department_id", None)


def may(actor, step: Step, record) -> bool:
    """Whether ``actor``'s roles allow ``step`` on ``record`` (state aside). A re-issued order
    may also be handled by the person it is addressed to (SD-14)."""
    actions = step.action if isinstance(step.action, tuple) else (step.action,)
    if getattr(record, "receiver_id", None) == actor.pk and {"sd.receive", "sd.department"} & set(
        actions
    ):
        return True
    return any(
        permissions.can(actor, a, site_id=record.site_id, department_id=_department_of(record))
        for a in actions
    )


def available(actor, record, steps: dict[str, Step]) -> list[Step]:
    """The steps the actor can take now: allowed from the state and by their roles."""
    if getattr(record, "archived_at", None) is not None:
        return []
    return [s for s in steps.values() if record.state in s.sources and may(actor, s, record)]


def require(actor, record, step: Step) -> None:
    """Refuse the step with the reason: the state does not allow it (409), or the roles do not
    (403). Archived records refuse every step (SD-16)."""
    if getattr(record, "archived_at", None) is not None:
        raise Conflict(
            _("%(record)s is archived and read-only (SD-16).") % {"record": record}, rule="SD-16"
        )
    if record.state not in step.sources:
        raise InvalidTransition(
            _("%(record)s is %(state)s: “%(step)s” is not possible now (%(rule)s).")
            % {
                "record": record,
                "state": record.get_state_display(),
                "step": step.label,
                "rule": step.rule,
            },
            rule=step.rule,
        )
    if actor is not None and not may(actor, step, record):
        raise PermissionDenied(
            _("Your roles do not allow “%(step)s” on %(record)s.")
            % {"step": step.label, "record": record},
            rule=step.rule,
        )
