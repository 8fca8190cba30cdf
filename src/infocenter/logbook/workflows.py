"""The states and allowed steps of handovers, phone calls and registry entries, declared once
(the engine is ``core.workflows``: ``require`` refuses with the rule, ``available`` feeds the
buttons)."""

from django.utils.translation import gettext_lazy

from infocenter.core.workflows import register_grant, steps_table

from .choices import CallState, EntryState, HandoverState
from .models import PhoneCall

HANDOVER_STEPS = steps_table(
    "LOG-1",
    (
        "accept",
        gettext_lazy("Accept the shift"),
        {HandoverState.HANDED_OVER},
        HandoverState.ACCEPTED,
        "lb.handover",
    ),
)

CALL_STEPS = steps_table(
    "LOG-2",
    ("call_back", gettext_lazy("Call back"), {CallState.MISSED}, CallState.CALLED_BACK, "lb.phone"),
    (
        "make_form",
        gettext_lazy("Make a customer service form"),
        {CallState.ANSWERED},
        CallState.ANSWERED,
        "sd.intake",
    ),
)


def _called_person(actor, actions: tuple[str, ...], call: PhoneCall) -> bool:
    """IT-5: the staff member a missed call was for returns it themself (they are reminded of
    it), as the control room may."""
    return "lb.phone" in actions and call.called_id is not None and call.called_id == actor.pk


register_grant(PhoneCall, _called_person)

# A department may correct what it reported itself; the control room may correct any entry.
ENTRY_ACTIONS = ("lb.registry", "lb.report")
ENTRY_STEPS = steps_table(
    "LOG-3",
    (
        "reschedule",
        gettext_lazy("Change the period"),
        {EntryState.ACTIVE},
        EntryState.ACTIVE,
        ENTRY_ACTIONS,
        "outline-primary",
    ),
    ("end", gettext_lazy("Ended now"), {EntryState.ACTIVE}, EntryState.ENDED, ENTRY_ACTIONS),
    (
        "withdraw",
        gettext_lazy("Withdraw"),
        {EntryState.ACTIVE},
        EntryState.WITHDRAWN,
        ENTRY_ACTIONS,
        "outline-danger",
    ),
)
