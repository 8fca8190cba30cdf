"""The states and allowed steps of handovers, phone calls and registry entries, declared once
(the engine is ``core.workflows``: ``require`` refuses with the rule, ``available`` feeds the
buttons)."""

from django.utils.translation import gettext_lazy

from infocenter.core.workflows import Step

from .choices import CallState, EntryState, HandoverState

HANDOVER_STEPS = {
    s.name: s
    for s in [
        Step(
            "accept",
            gettext_lazy("Accept the shift"),
            frozenset({HandoverState.HANDED_OVER}),
            HandoverState.ACCEPTED,
            "lb.handover",
            "LOG-1",
        ),
    ]
}

CALL_STEPS = {
    s.name: s
    for s in [
        Step(
            "call_back",
            gettext_lazy("Call back"),
            frozenset({CallState.MISSED}),
            CallState.CALLED_BACK,
            "lb.phone",
            "LOG-2",
        ),
        Step(
            "make_form",
            gettext_lazy("Make a customer service form"),
            frozenset({CallState.ANSWERED}),
            CallState.ANSWERED,
            "sd.intake",
            "LOG-2",
        ),
    ]
}

# A department may correct what it reported itself; the control room may correct any entry.
ENTRY_ACTIONS = ("lb.registry", "lb.report")
ENTRY_STEPS = {
    s.name: s
    for s in [
        Step(
            "reschedule",
            gettext_lazy("Change the period"),
            frozenset({EntryState.ACTIVE}),
            EntryState.ACTIVE,
            ENTRY_ACTIONS,
            "LOG-3",
            "outline-primary",
        ),
        Step(
            "end",
            gettext_lazy("Ended now"),
            frozenset({EntryState.ACTIVE}),
            EntryState.ENDED,
            ENTRY_ACTIONS,
            "LOG-3",
        ),
        Step(
            "withdraw",
            gettext_lazy("Withdraw"),
            frozenset({EntryState.ACTIVE}),
            EntryState.WITHDRAWN,
            ENTRY_ACTIONS,
            "LOG-3",
            "outline-danger",
        ),
    ]
}
