"""The states and allowed steps of a Customer Service Form and a Work Order, declared once
(the engine is ``core.workflows``: services ask ``require`` before each step, pages show
``available`` as buttons)."""

from django.utils.translation import gettext_lazy

from infocenter.core import permissions
from infocenter.core.models import Department
from infocenter.core.workflows import Step, register_grant

from .choices import FormState, OrderState
from .models import ServiceForm, WorkOrder

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
            frozenset({OS.REPORTED}),
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
            "redispatch",
            gettext_lazy("Re-dispatch"),
            frozenset({F.RETURNED, F.PENDING}),
            F.DISPATCHED,
            "sd.intake",
            "SD-12",
        ),
        Step(
            "pending",
            gettext_lazy("Set pending"),
            frozenset({F.RETURNED, F.PENDING}),
            F.PENDING,
            "sd.intake",
            "SD-12",
            "outline-secondary",
        ),
        Step(
            "callback",
            gettext_lazy("Record callback"),
            frozenset({F.RESOLVED}),
            F.CALLED_BACK,
            "sd.follow_up",
            "SD-10",
        ),
        Step(
            "confirm_receipt",
            gettext_lazy("Confirm receipt"),
            frozenset({F.SUBMITTED}),
            F.LOGGED,
            "sd.intake",
            "SD-17",
        ),
        Step(
            "refer",
            gettext_lazy("Refer to a company department"),
            frozenset({F.LOGGED}),
            F.REFERRED,
            "sd.intake",
            "SD-11",
            "outline-primary",
        ),
        # Only the department the form is referred to (the grant below), never a role alone.
        Step(
            "reply",
            gettext_lazy("Reply to the filer"),
            frozenset({F.REFERRED}),
            None,
            "sd.reply",
            "SD-11",
        ),
        Step(
            "hand_back",
            gettext_lazy("Return to the control room"),
            frozenset({F.REFERRED}),
            F.RESOLVED,
            "sd.reply",
            "SD-11",
        ),
    ]
}


def _addressed_to(actor, actions: tuple[str, ...], order: WorkOrder) -> bool:
    """A re-issued order may also be handled by the person it is addressed to (SD-14); an order
    to a department may be acknowledged and staffed by its designated receivers, like its head
    (SD-5)."""
    if order.receiver_id is not None:
        return order.receiver_id == actor.pk and bool(
            {"sd.receive", "sd.department"} & set(actions)
        )
    return "sd.receive" in actions and is_designated_receiver(actor, order.department_id)


def is_designated_receiver(actor, department_id: int) -> bool:
    """Whether ``actor`` is one of the department's designated receivers (指定的接单人, SD-5)."""
    return Department.receivers.through.objects.filter(
        department_id=department_id, user_id=actor.pk
    ).exists()


register_grant(WorkOrder, _addressed_to)


def _referred_to(actor, actions: tuple[str, ...], form: ServiceForm) -> bool:
    """SD-11: the people of the branch or company department a form is referred to reply to its
    filer and return it; the department sits at its own (office) site."""
    department = form.referred_to
    return (
        "sd.reply" in actions
        and department is not None
        and permissions.can(
            actor, "sd.department", site_id=department.site_id, department_id=department.pk
        )
    )


register_grant(ServiceForm, _referred_to)


# SD-3 corrections and voids: taken from their own pages, not offered among the steps.
# Every state but the final ones: archived (SD-16) and voided.
CORRECTABLE_FORM_STATES = frozenset(F.values) - {F.ARCHIVED, F.VOIDED}
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
WITHDRAWABLE_ORDER_STATES = frozenset(OS.values) - {
    OS.CLOSED,
    OS.ESCALATED,
    OS.REDISPATCHED,
    OS.WITHDRAWN,
}
