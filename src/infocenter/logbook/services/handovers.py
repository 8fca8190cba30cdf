"""Shift handover (LOG-1, F1): the outgoing processor hands the shift over with what stays
open; the incoming processor accepts it within the policy's minutes."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, handover, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import Conflict, PermissionDenied
from infocenter.core.models import Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..choices import HandoverState
from ..models import Handover
from .policy import policy

HANDOVER_SERIES = "JB"
K_ACCEPT = "lb.accept"


def hand_over(
    actor, *, site: Site, incoming: User, shift: str, equipment_state: str, remarks: str = ""
) -> Handover:
    """LOG-1: the outgoing processor hands the shift over. The open items of the moment are
    frozen into the record (``handover.snapshot``); the incoming processor is told and has the
    policy's minutes to accept before the customer-service manager is alerted."""
    permissions.check(actor, "lb.handover", site=site)
    errors = FieldErrors()
    errors.required(shift=shift, equipment_state=equipment_state)
    if incoming.pk == actor.pk:
        errors.add("incoming", _("Hand over to another processor."))
    elif not permissions.can(incoming, "lb.handover", site_id=site.pk):
        errors.add("incoming", _("Choose a processor of this site."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        pending = (
            Handover.objects.select_for_update()
            .filter(site=site, state=HandoverState.HANDED_OVER)
            .first()
        )
        if pending is not None:
            raise Conflict(
                _("%(serial)s is still waiting to be accepted by %(person)s.")
                % {"serial": pending.serial, "person": pending.incoming},
                rule="LOG-1",
            )
        now = timezone.now()
        record = Handover.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=HANDOVER_SERIES, at=now),
            shift=shift.strip(),
            outgoing=actor,
            incoming=incoming,
            handed_over_at=now,
            carried_over=handover.snapshot(site, now),
            equipment_state=equipment_state.strip(),
            remarks=remarks.strip(),
        )
        minutes = policy(site).accept_within_minutes
        deadlines.schedule_at(
            subject=record,
            kind=K_ACCEPT,
            site=site,
            due_at=now + dt.timedelta(minutes=minutes),
            warn_at=None,
        )
        record_event(
            actor=actor,
            subject=record,
            kind="handover.handed_over",
            data={
                "incoming": str(incoming),
                "shift": record.shift,
                "items": sum(len(s["rows"]) for s in record.carried_over),
            },
        )
        outbox.tell(
            [incoming],
            record,
            Text(
                N_("%(person)s handed the shift over to you: %(serial)s"),
                {"person": actor, "serial": record.serial},
            ),
            record.remarks,
        )
        return record


def accept_handover(actor, record: Handover, *, version: int, note: str = "") -> Handover:
    """LOG-1: the incoming processor takes the shift over and signs; the clock stops."""
    step = workflows.HANDOVER_STEPS["accept"]

    def check(who, row):
        require(who, row, step)
        if row.incoming_id != who.pk:
            raise PermissionDenied(
                _("Only %(person)s, to whom the shift was handed over, can accept it.")
                % {"person": row.incoming},
                rule="LOG-1",
            )

    return take_step(
        actor,
        record,
        step,
        version=version,
        event="handover.accepted",
        check=check,
        values=lambda row, now: {"accepted_at": now, "accept_note": note.strip()},
        data=lambda row, before: {"note": row.accept_note},
        then=lambda row, now, before: deadlines.complete(row, K_ACCEPT, at=now),
    )
