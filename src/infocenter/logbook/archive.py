"""The registers in the weekly archive batch (LOG-6, SD-16): the processor hands the week's
handovers, phone log and registry entries to the data manager with the forms; what keeps one
out is named, as for forms (SD-12). Pure reads; the service desk's services decide."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.servicedesk.archive import Participant, register_participant

from .choices import CallState, EntryState, HandoverState
from .models import Handover, PhoneCall, RegistryEntry


def handover_problems(record) -> list[str]:
    return (
        [] if record.state == HandoverState.ACCEPTED else [_("the incoming processor's acceptance")]
    )


def call_problems(record) -> list[str]:
    return [_("the call-back of the missed call")] if record.state == CallState.MISSED else []


def entry_problems(record) -> list[str]:
    """An entry is archived once it is over: ended, withdrawn or past its end."""
    if record.state != EntryState.ACTIVE or (
        record.ends_at is not None and record.ends_at <= timezone.now()
    ):
        return []
    return [_("still in force")]


def register() -> None:
    register_participant(
        Participant(
            "handovers",
            gettext_lazy("Shift handovers (F1)"),
            Handover,
            "handed_over_at",
            handover_problems,
        )
    )
    register_participant(
        Participant(
            "calls",
            gettext_lazy("Phone log (F4)"),
            PhoneCall,
            "occurred_at",
            call_problems,
        )
    )
    register_participant(
        Participant(
            "entries",
            gettext_lazy("Information registry (F5)"),
            RegistryEntry,
            "recorded_at",
            entry_problems,
        )
    )
