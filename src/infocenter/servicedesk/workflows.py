"""The states and allowed steps of a Customer Service Form and a Work Order, declared once
(the engine is ``core.workflows``: services ask ``require`` before each step, pages show
``available`` as buttons)."""

from django.utils.translation import gettext_lazy

from infocenter.core.workflows import Step, register_grant

from .choices import FormState, OrderState
from .models import WorkOrder

OS = OrderState
F = FormState
OPEN_ORDER_STATES = frozenset({OS.DISPATCHED, OS.ACKNOWLEDGED, OS.ASSIGNED, OS.IN_PROGRESS})


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


def _addressed_to(actor, actions: tuple[str, ...], order: WorkOrder) -> bool:
    """A re-issued order may also be handled by the person it is addressed to (SD-14)."""
    return order.receiver_id == actor.pk and bool({"sd.receive", "sd.department"} & set(actions))


register_grant(WorkOrder, _addressed_to)


# SD-3 corrections and voids: taken from their own pages, not offered among the steps.
CORRECTABLE_FORM_STATES = frozenset({F.LOGGED, F.DISPATCHED, F.RESOLVED, F.CALLED_BACK})
CORRECT_FORM = Step(
    "correct",
    gettext_lazy("Correct"),
    CORRECTABLE_FORM_STATES,
    None,
    "sd.correct",
    "SD-3",
    "outline-secondary",
)
VOID_FORM = Step(
    "void",
    gettext_lazy("Void"),
    CORRECTABLE_FORM_STATES,
    F.VOIDED,
    "sd.correct",
    "SD-3",
    "outline-danger",
)
CORRECT_ORDER = Step(
    "correct",
    gettext_lazy("Correct"),
    frozenset(OS.values) - {OS.WITHDRAWN},
    None,
    "sd.correct",
    "SD-3",
    "outline-secondary",
)
# An order still open when its form is voided is withdrawn; closed and re-issued ones stay.
WITHDRAWABLE_ORDER_STATES = frozenset(OS.values) - {OS.CLOSED, OS.ESCALATED, OS.WITHDRAWN}
