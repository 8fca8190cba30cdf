"""The phone log (LOG-2, F4): calls answered and missed, missed calls returned within the
policy's minutes, and a call made into a customer service form (SD-1)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import Conflict
from infocenter.core.models import Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.services import save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors, clean_phone
from infocenter.core.workflows import require, take_step
from infocenter.servicedesk.choices import Category, Priority, ReporterKind, Source
from infocenter.servicedesk.models import Resident
from infocenter.servicedesk.services import log_form_within

from .. import workflows
from ..choices import CallDirection, CallState
from ..models import PhoneCall
from .policy import policy
from .whereabouts import whereabouts_at

CALL_SERIES = "DH"
K_CALL_BACK = "lb.call_back"


def _call_errors(*, site, direction, number, occurred_at, resident, now) -> tuple[dict, str]:
    errors = FieldErrors()
    errors.choice("direction", direction, CallDirection)
    number = clean_phone(number, "number", errors)
    if occurred_at is not None and occurred_at > now + dt.timedelta(minutes=5):
        errors.add("occurred_at", _("The time cannot be in the future."))
    if resident is not None and resident.site_id != site.pk:
        errors.add("resident", _("The resident belongs to another site."))
    return errors, number


def log_call(
    actor,
    *,
    site: Site,
    direction: str = CallDirection.INCOMING,
    number: str,
    caller: str = "",
    subject: str = "",
    outcome: str = "",
    occurred_at: dt.datetime | None = None,
    resident: Resident | None = None,
    form_category: str = "",
) -> PhoneCall:
    """LOG-2: one line of the phone log. With ``form_category``, the call becomes a customer
    service form in the same step, linked both ways (SD-1)."""
    permissions.check(actor, "lb.phone", site=site)
    now = timezone.now()
    errors, number = _call_errors(
        site=site,
        direction=direction,
        number=number,
        occurred_at=occurred_at,
        resident=resident,
        now=now,
    )
    errors.required(subject=subject)
    if form_category:
        errors.choice("form_category", form_category, Category)
        errors.required(caller=caller)
    errors.raise_any()
    with transaction.atomic(durable=True):
        call = _new_call(
            actor,
            site=site,
            direction=direction,
            state=CallState.ANSWERED,
            number=number,
            caller=caller,
            subject=subject,
            outcome=outcome,
            occurred_at=occurred_at or now,
            resident=resident,
        )
        if form_category:
            _call_to_form(actor, call, category=form_category, content=subject)
        return call


def log_missed_call(
    actor,
    *,
    site: Site,
    number: str,
    caller: str = "",
    occurred_at: dt.datetime | None = None,
    called: User | None = None,
) -> PhoneCall:
    """LOG-2: a call nobody answered; it must be returned within the policy's minutes. IT-5: a
    call to a staff member (``called``) whose whereabouts said they were elsewhere keeps where
    they were and whom to call instead; they and the substitute are told."""
    permissions.check(actor, "lb.phone", site=site)
    now = timezone.now()
    errors, number = _call_errors(
        site=site,
        direction=CallDirection.INCOMING,
        number=number,
        occurred_at=occurred_at,
        resident=None,
        now=now,
    )
    if called is not None and site.pk not in permissions.sites_of(called):
        errors.add("called", _("The person called does not work at this site."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        at = occurred_at or now
        call = _new_call(
            actor,
            site=site,
            direction=CallDirection.INCOMING,
            state=CallState.MISSED,
            number=number,
            caller=caller,
            subject="",
            outcome="",
            occurred_at=at,
            resident=None,
        )
        if called is not None:
            _note_whereabouts(actor, call, called)
        minutes = policy(site).call_back_within_minutes
        deadlines.schedule_at(
            subject=call,
            kind=K_CALL_BACK,
            site=site,
            due_at=max(at + dt.timedelta(minutes=minutes), now + dt.timedelta(minutes=1)),
        )
        return call


def _note_whereabouts(actor, call: PhoneCall, called: User) -> None:
    """IT-5: the missed call names whom it was for and, when their whereabouts said they were
    elsewhere at that moment, where and whom to call instead; they and the substitute are told
    so that the call is returned."""
    away = whereabouts_at(called, call.occurred_at)
    call.called = called
    if away is not None:
        call.away_status, call.away_place, call.substitute = (
            away.status,
            away.place,
            away.substitute,
        )
    save_new_version(call, "called", "away_status", "away_place", "substitute")
    record_event(
        actor=actor,
        subject=call,
        kind="call.away_noted",
        data={
            "called": str(called),
            "status": call.away_status,
            "place": call.away_place,
            "substitute": str(call.substitute or ""),
        },
    )
    tell(
        [called, call.substitute],
        call,
        Text(
            N_("Missed call %(serial)s for %(person)s from %(number)s: please call back"),
            {"serial": call.serial, "person": called, "number": call.number},
        ),
    )


def _new_call(
    actor, *, site, direction, state, number, caller, subject, outcome, occurred_at, resident
):
    if resident is None and number:
        resident = Resident.objects.filter(site=site, phone=number).first()
    call = PhoneCall.objects.create(
        site=site,
        serial=allocate_serial(site=site, series=CALL_SERIES, at=occurred_at),
        direction=direction,
        state=state,
        occurred_at=occurred_at,
        number=number,
        caller=caller.strip() or getattr(resident, "name", ""),
        subject=subject.strip(),
        outcome=outcome.strip(),
        taken_by=actor,
        resident=resident,
    )
    record_event(
        actor=actor,
        subject=call,
        kind="call.missed" if state == CallState.MISSED else "call.logged",
        data={
            "direction": direction,
            "number": number,
            "caller": call.caller,
            "subject": call.subject,
        },
    )
    return call


def call_back(
    actor, missed: PhoneCall, *, version: int, subject: str, outcome: str = ""
) -> PhoneCall:
    """LOG-2: the missed call was returned; the outgoing call is logged and linked to it."""
    step = workflows.CALL_STEPS["call_back"]
    require(actor, missed, step)
    errors = FieldErrors()
    errors.required(subject=subject)
    errors.raise_any()
    returned = []

    def values(row, now):
        call = _new_call(
            actor,
            site=row.site,
            direction=CallDirection.OUTGOING,
            state=CallState.ANSWERED,
            number=row.number,
            caller=row.caller,
            subject=subject,
            outcome=outcome,
            occurred_at=now,
            resident=row.resident,
        )
        call.callback_of = row
        call.save(update_fields=["callback_of"])
        returned.append(call)
        return {}

    take_step(
        actor,
        missed,
        step,
        version=version,
        event="call.called_back",
        values=values,
        data=lambda row, before: {"by": returned[0].serial},
        then=lambda row, now, before: deadlines.complete(row, K_CALL_BACK, at=now),
    )
    return returned[0]


def call_to_form(
    actor,
    call: PhoneCall,
    *,
    version: int,
    category: str,
    content: str = "",
    priority: str = Priority.NORMAL,
) -> PhoneCall:
    """LOG-2 → SD-1: turn a logged call into a customer service form in one step, linked both
    ways; the form's reporter, number and time come from the call."""
    step = workflows.CALL_STEPS["make_form"]
    require(actor, call, step)
    errors = FieldErrors()
    errors.choice("category", category, Category)
    if not call.caller:
        errors.add("caller", _("The call has no caller's name to put on the form."))
    errors.raise_any()

    def check(who, row):
        require(who, row, step)
        if row.form_id is not None:
            raise Conflict(
                _("%(call)s already became %(form)s.") % {"call": row, "form": row.form},
                rule="LOG-2",
            )

    return take_step(
        actor,
        call,
        step,
        version=version,
        event="call.form_made",
        check=check,
        values=lambda row, now: {
            "form": _form_of(
                actor, row, category=category, content=content or row.subject, priority=priority
            )
        },
        data=lambda row, before: {"form": row.form.serial},
    )


def _call_to_form(actor, call: PhoneCall, *, category: str, content: str) -> None:
    """A call logged a moment ago becomes a form in the same transaction (``log_call``)."""
    call.form = _form_of(actor, call, category=category, content=content)
    save_new_version(call, "form")
    record_event(actor=actor, subject=call, kind="call.form_made", data={"form": call.form.serial})


def _form_of(actor, call: PhoneCall, *, category: str, content: str, priority=Priority.NORMAL):
    resident = call.resident
    return log_form_within(
        actor,
        site=call.site,
        source=Source.PHONE,
        reporter_kind=resident.kind if resident else ReporterKind.OTHER,
        reporter_name=call.caller,
        reporter_phone=call.number,
        category=category,
        content=content,
        priority=priority,
        room=resident.room if resident else None,
        resident=resident,
        received_at=call.occurred_at,
    )
