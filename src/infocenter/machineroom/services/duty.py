"""Every write of duty and closing (MR-1): the head plans the duty roster; the day's duty person
fills the duty checklist; the last person out fills the closing checklist; an evening check (a
recurrence) raises an alert for a rostered day without them. Serious events and the head's
approvals of power use and fire-system changes are in ``safety``."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.sharding import set_links
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import ClosingItem, DutyAlertKind, DutyItem, VisitOutcome
from ..models import ClosingCheck, DutyAlert, DutyCheck, MachineRoom, RosterDay, Visit
from ..rules.security import is_ic_staff

K_DAY_CHECK = "mr.duty_day"
DAY_CHECK_HOUR = 22
DAY_CHECK_RULE = (
    f"FREQ=DAILY;BYHOUR={DAY_CHECK_HOUR};BYMINUTE=0"  # the evening check of the day's checklists
)
MAX_PLAN_DAYS = 62


def _is_head(person: User | None, site_id: int) -> bool:
    return person is not None and permissions.can(person, "mr.roster", site_id=site_id)


def local_time(moment) -> str:
    """A moment as the local time of day a message gives (HH:MM)."""
    return f"{timezone.localtime(moment):%H:%M}"


# -- the duty roster (MR-1) ---------------------------------------------------------------------


def _check_people(errors: FieldErrors, field: str, people, site_id: int, *, required: bool) -> None:
    if required and not people:
        errors.add(field, _("Choose at least one person."))
    if any(not is_ic_staff(p, site_id) for p in people):
        errors.add(
            field,
            _("Duty and on-call staff are information-center staff (head, maintainers, IT staff)."),
        )


def _check_span(errors: FieldErrors, start, end) -> None:
    if start is None or end is None:
        errors.required(start=start, end=end)
    elif end < start:
        errors.add("end", _("The end must be after the start."))
    elif start < timezone.localdate():
        errors.add("start", _("Days that have passed are not planned any more."))
    elif (end - start).days >= MAX_PLAN_DAYS:
        errors.add("end", _("Plan at most %(days)s days at a time.") % {"days": MAX_PLAN_DAYS})


def plan_roster(
    actor,
    *,
    room: MachineRoom,
    start: dt.date,
    end: dt.date,
    people: list[User],
    on_call: list[User] = (),
    note: str = "",
    replace: bool = False,
) -> list[RosterDay]:
    """MR-1: the head fills the roster of ``room`` from ``start`` to ``end``, the duty rotating
    through ``people`` in their order, with the same on-call staff each day. Days already planned
    are kept unless ``replace``; a day whose checklist is done is never changed. Each person is
    told their days."""
    site = room.site
    permissions.check(actor, "mr.roster", site=site)
    people, on_call, errors = list(people or []), list(on_call or []), FieldErrors()
    _check_span(errors, start, end)
    _check_people(errors, "people", people, site.pk, required=True)
    _check_people(errors, "on_call", on_call, site.pk, required=False)
    errors.raise_any()
    with transaction.atomic(durable=True):
        existing = {
            r.day: r
            for r in RosterDay.objects.select_for_update().filter(
                room=room, day__range=(start, end)
            )
        }
        done = set(
            DutyCheck.objects.filter(room=room, day__range=(start, end)).values_list(
                "day", flat=True
            )
        )
        planned, now = [], timezone.now()
        for offset in range((end - start).days + 1):
            day, person = start + dt.timedelta(days=offset), people[offset % len(people)]
            row = existing.get(day)
            if day in done or (row is not None and not replace):
                continue
            planned.append(
                _plan_day(
                    actor, room, row, day=day, person=person, on_call=on_call, note=note, now=now
                )
            )
        _tell_planned(planned, room)
        return planned


def _plan_day(actor, room, row, *, day, person, on_call, note, now) -> RosterDay:
    if row is None:
        row = RosterDay.objects.create(
            site=room.site,
            room=room,
            day=day,
            person=person,
            note=note.strip(),
            planned_by=actor,
            planned_at=now,
        )
    else:
        row.person, row.note, row.planned_by, row.planned_at = person, note.strip(), actor, now
        save_new_version(row, "person", "note", "planned_by", "planned_at")
    set_links(row, "on_call", on_call)
    record_event(
        actor=actor,
        subject=row,
        kind="roster.planned",
        data={
            "day": day.isoformat(),
            "room": room.name,
            "person": str(person),
            "on_call": [str(p) for p in on_call],
        },
    )
    return row


def _tell_planned(planned: list[RosterDay], room) -> None:
    by_person: dict = {}
    for row in planned:
        by_person.setdefault(row.person, []).append(row)
    for person, rows in by_person.items():
        tell(
            [person],
            rows[0],
            Text(
                N_("You are on duty in %(room)s on %(days)s"),
                {"room": room, "days": "、".join(f"{r.day:%m-%d}" for r in rows)},
            ),
        )


def _changeable(row: RosterDay) -> None:
    if DutyCheck.objects.filter(roster=row).exists():
        raise Conflict(
            _("The duty checklist of %(day)s is done: the day cannot change any more.")
            % {"day": f"{row.day:%Y-%m-%d}"},
            rule="MR-1",
        )
    if row.day < timezone.localdate():
        raise Conflict(
            _("%(day)s has passed: it cannot change any more.") % {"day": f"{row.day:%Y-%m-%d}"},
            rule="MR-1",
        )


def change_roster_day(
    actor, row: RosterDay, *, version: int, person: User, on_call: list[User] = (), note: str = ""
) -> RosterDay:
    """MR-1: the head changes a day's duty person or on-call staff; refused once the day's
    checklist is done or the day has passed (judged on the locked day). Both people are told."""

    def heading(who, day):
        permissions.check(who, "mr.roster", site=day.site)

    heading(actor, row)
    on_call, errors = list(on_call or []), FieldErrors()
    _check_people(errors, "person", [person] if person else [], row.site_id, required=True)
    _check_people(errors, "on_call", on_call, row.site_id, required=False)
    errors.raise_any()
    was = {}

    def changed(day, now):
        _changeable(day)
        was["person"], was["on_call"] = day.person, [str(p) for p in day.on_call.all()]
        return {"person": person, "note": note.strip()}

    def told(day, now, before):
        set_links(day, "on_call", on_call)
        if was["person"].pk != person.pk:
            tell(
                [was["person"], person],
                day,
                Text(
                    N_("Duty in %(room)s on %(day)s: %(before)s → %(after)s"),
                    {
                        "room": day.room,
                        "day": f"{day.day:%Y-%m-%d}",
                        "before": was["person"],
                        "after": person,
                    },
                ),
                day.note,
            )

    return take_step(
        actor,
        row,
        workflows.ROSTER_CHANGE,
        version=version,
        check=heading,
        values=changed,
        event="roster.changed",
        data=lambda day, before: {
            "changes": {
                "person": [str(was["person"]), str(person)],
                "on_call": [was["on_call"], [str(p) for p in on_call]],
            }
        },
        then=told,
    )


def swap_roster_days(
    actor, row: RosterDay, *, version: int, other: RosterDay, other_version: int
) -> RosterDay:
    """MR-1: the head swaps the duty persons of two days of the same room (the on-call staff
    stay); refused when either day's checklist is done or the day has passed. Both are told."""
    permissions.check(actor, "mr.roster", site=row.site)
    if other is None or other.pk == row.pk or other.room_id != row.room_id:
        raise ValidationFailed(
            field_errors={"other": [_("Choose another day of the same machine room.")]}
        )
    with transaction.atomic(durable=True):
        first = lock_for_change(RosterDay, row, version, related=("person", "room"))
        second = lock_for_change(RosterDay, other, other_version, related=("person",))
        _changeable(first)
        _changeable(second)
        first.person, second.person = second.person, first.person
        for one, two in ((first, second), (second, first)):
            save_new_version(one, "person")
            record_event(
                actor=actor,
                subject=one,
                kind="roster.swapped",
                data={
                    "with": two.day.isoformat(),
                    "changes": {"person": [str(two.person), str(one.person)]},
                },
            )
        tell(
            [first.person, second.person],
            first,
            Text(
                N_("Duty in %(room)s swapped: %(first)s %(one)s, %(second)s %(two)s"),
                {
                    "room": first.room,
                    "first": f"{first.day:%m-%d}",
                    "one": first.person,
                    "second": f"{second.day:%m-%d}",
                    "two": second.person,
                },
            ),
        )
        return first


# -- the checklists (MR-1, MR-5, MR-6) ----------------------------------------------------------


def _results(errors: FieldErrors, items, results: dict) -> list[dict]:
    """``results`` as ``{item: (ok, note)}`` checked against ``items``: every item answered, a
    problem explained."""
    rows = []
    for code, label in items.choices:
        ok, note = results.get(code, (None, ""))
        note = (note or "").strip()
        if ok is None:
            errors.add(f"ok_{code}", _("Answer every item: OK or a problem."))
        elif not ok and not note:
            errors.add(f"note_{code}", _("Say what is wrong with “%(item)s”.") % {"item": label})
        rows.append({"item": code, "ok": bool(ok), "note": note})
    return rows


def _today_only(day: dt.date) -> None:
    if day != timezone.localdate():
        raise Conflict(
            _("The checklist is filled on its day (%(day)s), not later or earlier.")
            % {"day": f"{day:%Y-%m-%d}"},
            rule="MR-1",
        )


def _problems_text(rows: list[dict], items) -> str:
    labels = dict(items.choices)
    return "\n".join(f"{labels[r['item']]}: {r['note']}" for r in rows if not r["ok"])


def _resolve_alert(room, day, kind) -> None:
    DutyAlert.objects.filter(room=room, day=day, kind=kind, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def _may_fill(actor, row: RosterDay) -> User | None:
    """The person the actor fills the checklist for: nobody else (they are the duty person), or
    the duty person when the head records it on their behalf."""
    if row.person_id == actor.pk:
        return None
    if _is_head(actor, row.site_id):
        return row.person
    raise PermissionDenied(
        _(
            "Today's duty person in %(room)s is %(person)s: only they (or the head on their "
            "behalf) fill the duty checklist."
        )
        % {"room": row.room, "person": row.person},
        rule="MR-1",
    )


def record_duty_check(
    actor, row: RosterDay, *, version: int, results: dict, note: str = ""
) -> DutyCheck:
    """MR-1: the day's duty person records the duty checklist (tidying, hygiene, doors and
    windows, conduct), each item OK or a problem with a note; the head may record it on their
    behalf. A problem is reported to the head. Once a day, and final."""
    permissions.check(actor, "mr.desk", site=row.site)
    behalf = _may_fill(actor, row)
    errors = FieldErrors()
    rows = _results(errors, DutyItem, results)
    errors.raise_any()
    with transaction.atomic(durable=True):
        row = lock_for_change(RosterDay, row, version)
        _today_only(row.day)
        done = DutyCheck.objects.filter(roster=row).select_related("done_by").first()
        if done is not None:
            raise Conflict(
                _("The duty checklist of %(room)s was done by %(person)s at %(time)s.")
                % {"room": row.room, "person": done.done_by, "time": local_time(done.done_at)},
                rule="MR-1",
            )
        check = DutyCheck.objects.create(
            site=row.site,
            room=row.room,
            day=row.day,
            roster=row,
            results=rows,
            note=note.strip(),
            problems=sum(not r["ok"] for r in rows),
            done_by=actor,
            done_at=timezone.now(),
            on_behalf_of=behalf,
        )
        record_event(
            actor=actor,
            subject=check,
            kind="duty.checked",
            data={"results": rows, "on_behalf_of": str(behalf or ""), "note": check.note},
        )
        _resolve_alert(row.room, row.day, DutyAlertKind.DUTY_MISSING)
        if check.problems:
            tell(
                holders(row.site_id, Role.IC_HEAD),
                check,
                Text(
                    N_("Duty checklist of %(room)s: %(count)s problem(s) found by %(person)s"),
                    {"room": row.room, "count": check.problems, "person": actor},
                ),
                _problems_text(rows, DutyItem),
            )
        return check


def inside_room(room: MachineRoom) -> list[Visit]:
    """Everyone signed in to ``room`` at the desk now (MR-2)."""
    return list(
        Visit.objects.filter(
            room=room, outcome=VisitOutcome.ADMITTED, left_at__isnull=True
        ).order_by("entered_at")
    )


def record_closing(actor, *, room: MachineRoom, results: dict, note: str = "") -> ClosingCheck:
    """MR-1, MR-5, MR-6: the last person out confirms doors, windows, power and fire equipment.
    Refused while visitors are signed in; staff still signed in are named on the record. An item
    not OK is reported to the head and the maintainers. Once a day per room."""
    permissions.check(actor, "mr.desk", site=room.site)
    errors = FieldErrors()
    rows = _results(errors, ClosingItem, results)
    errors.raise_any()
    with transaction.atomic(durable=True):
        MachineRoom.objects.select_for_update().get(pk=room.pk)
        today = timezone.localdate()
        _refuse_closing(room, today)
        inside = [v.name for v in inside_room(room) if v.person_id != actor.pk]
        check = ClosingCheck.objects.create(
            site=room.site,
            room=room,
            day=today,
            results=rows,
            note=note.strip(),
            still_inside=inside,
            problems=sum(not r["ok"] for r in rows),
            done_by=actor,
            done_at=timezone.now(),
        )
        record_event(
            actor=actor,
            subject=check,
            kind="closing.checked",
            data={"results": rows, "still_inside": inside, "note": check.note},
        )
        _resolve_alert(room, today, DutyAlertKind.CLOSING_MISSING)
        if check.problems:
            tell(
                holders(room.site_id, Role.IC_HEAD, Role.MR_MAINTAINER),
                check,
                Text(
                    N_("Closing checklist of %(room)s: %(count)s item(s) not OK, by %(person)s"),
                    {"room": room, "count": check.problems, "person": actor},
                ),
                _problems_text(rows, ClosingItem),
            )
        return check


def _refuse_closing(room, today) -> None:
    done = ClosingCheck.objects.filter(room=room, day=today).select_related("done_by").first()
    if done is not None:
        raise Conflict(
            _("%(room)s was closed by %(person)s at %(time)s.")
            % {"room": room, "person": done.done_by, "time": local_time(done.done_at)},
            rule="MR-1",
        )
    visitors = [v.name for v in inside_room(room) if v.person_id is None]
    if visitors:
        raise Conflict(
            _("Visitors are still signed in to %(room)s (%(names)s): sign them out before closing.")
            % {"room": room, "names": "、".join(visitors)},
            rule="MR-2",
        )


def evening_of(at: dt.datetime) -> dt.date:
    """The day whose evening check runs at ``at``: a worker that was down runs it late, up to
    the next evening, still for the right day."""
    return (timezone.localtime(at) - dt.timedelta(hours=DAY_CHECK_HOUR)).date()


def check_day(site: Site, at: dt.datetime, *, day: dt.date | None = None) -> int:
    """MR-1, the worker's evening check: each rostered room of ``day`` (default: that of ``at``)
    without its duty or closing checklist raises an alert, once; the duty person and the head
    are told. Returns how many alerts were raised."""
    day, raised = day or timezone.localdate(at), 0
    rows = RosterDay.objects.filter(site=site, day=day).select_related("room", "person")
    checked = set(DutyCheck.objects.filter(site=site, day=day).values_list("room_id", flat=True))
    closed = set(ClosingCheck.objects.filter(site=site, day=day).values_list("room_id", flat=True))
    for row in rows:
        for kind, done in (
            (DutyAlertKind.DUTY_MISSING, checked),
            (DutyAlertKind.CLOSING_MISSING, closed),
        ):
            if row.room_id not in done:
                raised += _raise_alert(row, kind, at)
    return raised


def _raise_alert(row: RosterDay, kind: str, at: dt.datetime) -> int:
    alert, created = DutyAlert.objects.get_or_create(
        room=row.room, day=row.day, kind=kind, defaults={"site": row.site, "raised_at": at}
    )
    if not created:
        return 0
    record_event(
        actor=None,
        subject=alert,
        kind="duty.alert",
        data={"kind": kind, "day": row.day.isoformat()},
    )
    tell(
        [row.person, *holders(row.site_id, Role.IC_HEAD)],
        alert,
        Text(
            N_("%(kind)s: %(room)s on %(day)s, duty person %(person)s"),
            {
                "kind": choice_code(alert, "kind"),
                "room": row.room,
                "day": f"{row.day:%Y-%m-%d}",
                "person": row.person,
            },
        ),
    )
    return 1
