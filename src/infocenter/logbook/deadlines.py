"""Handlers of the registers' clocks (LOG-1 acceptance, LOG-2 call-back, LOG-3 an entry's end).
They run inside the worker's transaction; the notifications are harmless twice and the end is
idempotent; the engine fires each phase once anyway."""

from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.texts import Text

from . import services
from .models import Handover, PhoneCall, RegistryEntry


def _accept_due(deadline, now):
    """LOG-1: the incoming processor has not accepted the shift in time: the customer-service
    manager is alerted, and both processors are reminded."""
    record = Handover.objects.select_related("site", "outgoing", "incoming").get(
        pk=deadline.subject_id
    )
    outbox.tell(
        [*holders(record.site_id, Role.CS_MANAGER), record.outgoing, record.incoming],
        record,
        Text(
            N_("Shift handover %(serial)s from %(outgoing)s to %(incoming)s has not been accepted"),
            {"serial": record.serial, "outgoing": record.outgoing, "incoming": record.incoming},
        ),
    )


def _call_back_due(deadline, now):
    """LOG-2: a missed call was not returned in time: the processors and the customer-service
    manager are told."""
    call = PhoneCall.objects.select_related("site", "called").get(pk=deadline.subject_id)
    outbox.tell(
        [*holders(call.site_id, Role.PROCESSOR, Role.CS_MANAGER), call.called],  # IT-5
        call,
        Text(
            N_("Missed call %(serial)s from %(number)s has not been returned"),
            {"serial": call.serial, "number": call.number},
        ),
    )


def _entry_end_due(deadline, now):
    """LOG-3: the change is over; the entry leaves the "now" board."""
    services.end_entry_at_its_time(RegistryEntry.objects.get(pk=deadline.subject_id), now=now)


deadlines.register(services.K_ACCEPT, label="LOG-1", on_due=_accept_due)
deadlines.register(services.K_ENTRY_END, label="LOG-3", on_due=_entry_end_due)
deadlines.register(services.K_CALL_BACK, label="LOG-2", on_due=_call_back_due)
