"""Handlers of the registers' clocks (LOG-1 acceptance, LOG-2 call-back). They run inside the
worker's transaction and only queue notifications, so firing twice cannot do harm; the engine
fires each phase once."""

from django.utils.translation import gettext as _

from infocenter.core import deadlines
from infocenter.core.choices import Role

from . import services
from .models import Handover, PhoneCall


def _accept_due(deadline, now):
    """LOG-1: the incoming processor has not accepted the shift in time: the customer-service
    manager is alerted, and both processors are reminded."""
    record = Handover.objects.select_related("site", "outgoing", "incoming").get(pk=deadline.subject_id)
    services._tell([*services.holders(record.site_id, Role.CS_MANAGER), record.outgoing, record.incoming], record,
                   _("Shift handover %(serial)s from %(outgoing)s to %(incoming)s has not been accepted (LOG-1)")
                   % {"serial": record.serial, "outgoing": record.outgoing, "incoming": record.incoming})


def _call_back_due(deadline, now):
    """LOG-2: a missed call was not returned in time: the processors and the customer-service
    manager are told."""
    call = PhoneCall.objects.select_related("site").get(pk=deadline.subject_id)
    services._tell(services.holders(call.site_id, Role.PROCESSOR, Role.CS_MANAGER), call,
                   _("Missed call %(serial)s from %(number)s has not been returned (LOG-2)")
                   % {"serial": call.serial, "number": call.number})


deadlines.register(services.K_ACCEPT, label="LOG-1", on_due=_accept_due)
deadlines.register(services.K_CALL_BACK, label="LOG-2", on_due=_call_back_due)
