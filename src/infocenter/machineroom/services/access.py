"""Every write of rooms, access requests, the access log and the items register (MR-2, MR-3); what
a request must contain and who may be admitted are in ``rules.access``.

Each public service checks the actor's roles (and the workflow table for requests); a step on a
request or a visit is ``core.workflows.take_step`` (locked at its version, changed in one durable
transaction, audited, its clock moved and the people concerned told)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import add_audited
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import ItemDirection, RequestKind, RequestState, VisitKind, VisitOutcome
from ..models import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from ..rules import access as rules
from ..rules.common import reason_of_refusal
from .common import decision, new_request, noted, requested, tell_decided

REQUEST_SERIES = "JF"
K_ACCESS_END = "mr.access_end"
VISIT_KINDS = {
    RequestKind.VISIT: VisitKind.VISITOR,
    RequestKind.CONSTRUCTION: VisitKind.CONSTRUCTION,
    RequestKind.EMERGENCY: VisitKind.EMERGENCY,
}


# -- rooms --------------------------------------------------------------------------------------


def add_room(actor, *, site: Site, name: str, location: str = "") -> MachineRoom:
    """A machine room of a site, named once there; by the head or the system administrator."""
    permissions.check(actor, "mr.manage", site=site)
    errors = FieldErrors()
    errors.required(name=name)
    if name.strip() and MachineRoom.objects.filter(site=site, name=name.strip()).exists():
        errors.add("name", _("This site already has a machine room of that name."))
    errors.raise_any()
    return add_audited(
        actor,
        MachineRoom,
        event="room.added",
        data=lambda room: {"name": room.name},
        site=site,
        name=name.strip(),
        location=location.strip(),
    )


# -- access requests (MR-2) ---------------------------------------------------------------------


def request_access(
    actor,
    *,
    room: MachineRoom,
    kind: str,
    organisation: str,
    applicant: str,
    phone: str,
    people: list[str] | str,
    purpose: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    escort: User,
    scope: str = "",
    maintainer: User | None = None,
) -> AccessRequest:
    """MR-2: ask for an outsider's entry (a visit or a construction application); the
    information-center head approves before anyone comes in."""
    site = room.site
    permissions.check(actor, "mr.request", site=site)
    names, errors = rules.names_of(people), FieldErrors()
    if kind == RequestKind.EMERGENCY:
        errors.add(
            "kind",
            _(
                "An emergency repair is admitted after the head's approval by phone: record that approval instead."
            ),
        )
    rules.check_request(
        errors,
        site=site,
        kind=kind,
        organisation=organisation,
        applicant=applicant,
        phone=phone,
        people=names,
        purpose=purpose,
        scope=scope,
        starts_at=starts_at,
        ends_at=ends_at,
        escort=escort,
    )
    if maintainer is not None and not permissions.can(maintainer, "mr.desk", site_id=site.pk):
        errors.add("maintainer", _("Choose a member of the information center."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = new_request(
            AccessRequest,
            actor,
            site=site,
            series=REQUEST_SERIES,
            room=room,
            kind=kind,
            organisation=organisation.strip(),
            applicant=applicant.strip(),
            phone=phone.strip(),
            people=names,
            purpose=purpose.strip(),
            scope=(scope or "").strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            escort=escort,
            maintainer=maintainer,
        )
        requested(
            actor,
            record,
            kind="access.requested",
            data={
                "kind": kind,
                "organisation": record.organisation,
                "people": names,
                "escort": str(escort),
            },
            message=Text(
                N_(
                    "%(serial)s: %(organisation)s asks to enter %(room)s, waiting for your approval"
                ),
                {"serial": record.serial, "organisation": record.organisation, "room": room},
            ),
            text=record.purpose,
        )
        return record


def record_phone_approval(
    actor,
    *,
    room: MachineRoom,
    organisation: str,
    applicant: str,
    phone: str,
    people: list[str] | str,
    purpose: str,
    head: User,
    approved_at: dt.datetime | None,
    escort: User,
    ends_at: dt.datetime,
) -> AccessRequest:
    """MR-2: an emergency repair technician called the information-center head directly; the
    desk records who approved by phone and when, and the request is approved at once."""
    site = room.site
    permissions.check(actor, "mr.desk", site=site)
    now = timezone.now()
    approved_at = approved_at or now
    names, errors = rules.names_of(people), FieldErrors()
    rules.check_request(
        errors,
        site=site,
        kind=RequestKind.EMERGENCY,
        organisation=organisation,
        applicant=applicant,
        phone=phone,
        people=names,
        purpose=purpose,
        scope="",
        starts_at=approved_at,
        ends_at=ends_at,
        escort=escort,
    )
    if head is None or not permissions.can(head, "mr.approve", site_id=site.pk):
        errors.add("head", _("Only the information-center head approves entry."))
    if approved_at > now + dt.timedelta(minutes=5):
        errors.add("approved_at", _("The approval cannot be in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = new_request(
            AccessRequest,
            actor,
            site=site,
            series=REQUEST_SERIES,
            at=now,
            room=room,
            kind=RequestKind.EMERGENCY,
            state=RequestState.APPROVED,
            organisation=organisation.strip(),
            applicant=applicant.strip(),
            phone=phone.strip(),
            people=names,
            purpose=purpose.strip(),
            starts_at=approved_at,
            ends_at=ends_at,
            escort=escort,
            maintainer=actor,
            decided_by=head,
            decided_at=approved_at,
            by_phone=True,
            decision_note=_("Approved by phone, recorded by %(person)s") % {"person": actor},
        )
        deadlines.schedule_at(
            subject=record, kind=K_ACCESS_END, site=site, due_at=ends_at, warn_at=None
        )
        record_event(
            actor=actor,
            subject=record,
            kind="access.phone_approved",
            data={"head": str(head), "approved_at": approved_at.isoformat(), "people": names},
        )
        tell(
            [head],
            record,
            Text(
                N_(
                    "%(serial)s recorded: you approved %(organisation)s's emergency repair by phone"
                ),
                {"serial": record.serial, "organisation": record.organisation},
            ),
            record.purpose,
        )
        return record


def _decide(
    actor, record: AccessRequest, name: str, *, version: int, note: str, event: str
) -> AccessRequest:
    """The head's decision (``take_step``): an approval starts the clock of the approved time;
    whoever asked, the escort and the maintainer following are told."""

    def decided(row, now, before):
        if row.state == RequestState.APPROVED:
            deadlines.schedule_at(
                subject=row, kind=K_ACCESS_END, site=row.site, due_at=row.ends_at, warn_at=None
            )
        tell_decided([row.requested_by, row.escort, row.maintainer], row, note)

    return take_step(
        actor,
        record,
        workflows.REQUEST_STEPS[name],
        version=version,
        event=event,
        values=decision(actor, note),
        data={"note": note},
        then=decided,
    )


def approve_request(actor, record: AccessRequest, *, version: int, note: str = "") -> AccessRequest:
    """MR-2: the information-center head approves entry."""
    return _decide(
        actor, record, "approve", version=version, note=note.strip(), event="access.approved"
    )


def refuse_request(actor, record: AccessRequest, *, version: int, note: str = "") -> AccessRequest:
    """MR-2: the head refuses, with the reason the applicant is told."""
    note = reason_of_refusal(note)
    return _decide(actor, record, "refuse", version=version, note=note, event="access.refused")


def cancel_request(actor, record: AccessRequest, *, version: int, note: str = "") -> AccessRequest:
    """The requester or the desk withdraws a request that is no longer needed."""
    return _end(
        actor,
        record,
        "cancel",
        version=version,
        note=note,
        event="access.cancelled",
        check=rules.require_cancel,
    )


def close_request(actor, record: AccessRequest, *, version: int, note: str = "") -> AccessRequest:
    """MR-2: the work is finished and everyone has left; nobody can sign in on it any more."""
    return _end(actor, record, "close", version=version, note=note, event="access.closed")


def _end(actor, record, name: str, *, version: int, note: str, event: str, check=None):
    """Close or cancel a request (``take_step``): refused while anyone on it is still inside
    (judged on the locked request); the note is added to the decision's; its clock stops."""
    note = note.strip()

    def ended(row, now):
        rules.refuse_while_inside(overstayed(row))
        return {"closed_at": now, **noted(row, note)}

    return take_step(
        actor,
        record,
        workflows.REQUEST_STEPS[name],
        version=version,
        event=event,
        check=check,
        values=ended,
        data={"note": note},
        then=lambda row, now, before: deadlines.cancel(row, K_ACCESS_END),
    )


def release_for_today(
    actor, record: AccessRequest, *, version: int | None = None, note: str
) -> Release:
    """MR-2: the duty staff checked the crew's daily clean-up and let them leave today (a
    release of the day, the request itself unchanged)."""
    rules.require_release(actor, record)
    if not note.strip():
        raise ValidationFailed(
            field_errors={"note": [_("Say how the site was left after clean-up.")]}
        )
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        if Release.objects.filter(site_id=record.site_id, request=record, day=today).exists():
            raise Conflict(
                _("%(serial)s is already released for today.") % {"serial": record.serial},
                rule="MR-2",
            )
        release = Release.objects.create(
            site_id=record.site_id,
            request=record,
            day=today,
            released_by=actor,
            released_at=timezone.now(),
            note=note.strip(),
        )
        record_event(
            actor=actor,
            subject=record,
            kind="access.released",
            data={"day": today.isoformat(), "note": release.note},
        )
        return release


# -- the access log (MR-2) ----------------------------------------------------------------------


def sign_in_staff(actor, *, room: MachineRoom) -> Visit:
    """MR-2: a member of the information center signs in at the desk, in one tap."""
    permissions.check(actor, "mr.desk", site=room.site)
    with transaction.atomic(durable=True):
        already = Visit.objects.filter(
            room__site=room.site, outcome=VisitOutcome.ADMITTED, left_at__isnull=True, person=actor
        ).first()
        if already is not None:
            raise Conflict(
                _("You are signed in to %(room)s since %(time)s.")
                % {"room": already.room, "time": f"{timezone.localtime(already.entered_at):%H:%M}"},
                rule="MR-2",
            )
        visit = Visit.objects.create(
            site=room.site,
            room=room,
            kind=VisitKind.STAFF,
            person=actor,
            name=actor.full_name or actor.username,
            entered_at=timezone.now(),
            signed_in_by=actor,
        )
        record_event(actor=actor, subject=visit, kind="visit.signed_in", data={"room": room.name})
        return visit


def sign_in_visitor(
    actor, *, request: AccessRequest, name: str, escort: User | None = None
) -> Visit:
    """MR-2: an outsider signs in only on an approved request of today, under their own name as
    listed, with a named escort of our staff; anything else is refused with the reason."""
    site = request.site
    permissions.check(actor, "mr.desk", site=site)
    escort = escort or request.escort
    name = (name or "").strip()
    now = timezone.now()
    rules.check_admission(request, name=name, escort=escort, now=now)
    with transaction.atomic(durable=True):
        if Visit.objects.filter(
            request=request, name=name, outcome=VisitOutcome.ADMITTED, left_at__isnull=True
        ).exists():
            raise Conflict(_("%(name)s is already signed in.") % {"name": name}, rule="MR-2")
        visit = Visit.objects.create(
            site=site,
            room=request.room,
            kind=VISIT_KINDS[request.kind],
            name=name,
            organisation=request.organisation,
            request=request,
            escort=escort,
            entered_at=now,
            signed_in_by=actor,
        )
        record_event(
            actor=actor,
            subject=visit,
            kind="visit.signed_in",
            data={"room": request.room.name, "request": request.serial, "escort": str(escort)},
        )
        return visit


def sign_out(actor, visit: Visit, *, version: int) -> Visit:
    """MR-2: out again. Staff sign themselves out; outsiders are signed out by the desk, crews
    and technicians only once their clean-up is released for the day."""
    if visit.person_id != actor.pk:
        permissions.check(actor, "mr.desk", site=visit.site)
    return take_step(
        actor,
        visit,
        workflows.SIGN_OUT,
        version=version,
        event="visit.signed_out",
        check=lambda who, row: _may_leave(row),
        values=lambda row, now: {"left_at": now, "signed_out_by": actor},
        data=lambda row, before: {"room": row.room.name},
    )


def _may_leave(visit: Visit) -> None:
    if not visit.inside:
        raise Conflict(_("%(name)s is not inside.") % {"name": visit.name}, rule="MR-2")
    request = visit.request
    if (
        request is not None
        and request.kind in rules.RELEASED_KINDS
        and not Release.objects.filter(
            site_id=request.site_id, request=request, day=timezone.localdate()
        ).exists()
    ):
        raise Conflict(
            _(
                "%(name)s may leave once the duty staff have checked the clean-up and released "
                "%(serial)s for today."
            )
            % {"name": visit.name, "serial": request.serial},
            rule="MR-2",
        )


def record_refusal(
    actor,
    *,
    room: MachineRoom,
    name: str,
    reason: str,
    organisation: str = "",
    forced: bool = False,
) -> Visit:
    """MR-2: someone turned away at the door, or who went in by force. A forced entry alerts
    the information-center head and the machine-room staff at once."""
    site = room.site
    permissions.check(actor, "mr.desk", site=site)
    errors = FieldErrors()
    errors.required(name=name, reason=reason)
    errors.raise_any()
    with transaction.atomic(durable=True):
        now = timezone.now()
        visit = Visit.objects.create(
            site=site,
            room=room,
            kind=VisitKind.VISITOR,
            outcome=VisitOutcome.FORCED if forced else VisitOutcome.REFUSED,
            name=name.strip(),
            organisation=organisation.strip(),
            reason=reason.strip(),
            entered_at=now,
            left_at=now,
            signed_in_by=actor,
        )
        record_event(
            actor=actor,
            subject=visit,
            kind="visit.forced" if forced else "visit.refused",
            data={"name": visit.name, "organisation": visit.organisation, "reason": visit.reason},
        )
        if forced:
            tell(
                holders(site.pk, Role.IC_HEAD, Role.MR_MAINTAINER),
                visit,
                Text(
                    N_("Forced entry into %(room)s by %(name)s"), {"room": room, "name": visit.name}
                ),
                visit.reason,
            )
        return visit


# -- items carried in or out (MR-3) -------------------------------------------------------------


def record_item(
    actor,
    *,
    visit: Visit,
    direction: str,
    description: str,
    quantity: int = 1,
    identifier: str = "",
    inspection: str = "",
    no_forbidden: bool = False,
) -> ItemMovement:
    """MR-3: an item carried in or out is inspected and recorded against the visit. Nothing
    goes in before the inspector confirms it holds no food, drink, flammables or explosives."""
    permissions.check(actor, "mr.desk", site=visit.site)
    errors = FieldErrors()
    errors.required(description=description)
    if direction not in ItemDirection.values:
        errors.add("direction", _("Choose one of the listed values."))
    if not quantity or int(quantity) < 1:
        errors.add("quantity", _("At least one."))
    if direction == ItemDirection.IN and not no_forbidden:
        errors.add(
            "no_forbidden",
            _("Confirm that you inspected it: no food, drink, flammables or explosives go in."),
        )
    errors.raise_any()
    if not visit.inside:
        raise Conflict(
            _("%(name)s is not inside: items are inspected while their carrier is at the door.")
            % {"name": visit.name},
            rule="MR-3",
        )
    return add_audited(
        actor,
        ItemMovement,
        event="item.recorded",
        data=lambda item: {
            "direction": direction,
            "item": item.description,
            "quantity": item.quantity,
            "visit": str(visit),
        },
        site=visit.site,
        visit=visit,
        direction=direction,
        description=description.strip(),
        quantity=int(quantity),
        identifier=identifier.strip(),
        inspection=inspection.strip(),
        inspected_by=actor,
        inspected_at=timezone.now(),
    )


# -- clocks -------------------------------------------------------------------------------------


def overstayed(request: AccessRequest) -> list[str]:
    """Names still inside on ``request``."""
    return list(
        request.visits.filter(outcome=VisitOutcome.ADMITTED, left_at__isnull=True).values_list(
            "name", flat=True
        )
    )
