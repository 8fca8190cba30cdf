"""Handlers of the machine room's clocks, by area. They run inside the worker's transaction; a
notification twice is harmless and the engine fires each phase once anyway. A reminder tells
people here; a clock that changes records calls its service (the evening duty check, the daily
missed-backup check, a schedule's next round)."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, recurring
from infocenter.core.choices import Role
from infocenter.core.excel import at_text
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.texts import Text, choice_code

from .choices import AlarmState, EventState, LoanState, PermitState, RoundState
from .choices import ChangeState as CS
from .models import (
    AccessRequest,
    BackupJob,
    ChangeRequest,
    CoreAlarm,
    Credential,
    FireChange,
    InspectionRound,
    Loan,
    PowerPermit,
    SeriousEvent,
)
from .services import (
    access,
    backups,
    changes,
    duty,
    incidents,
    inspections,
    loans,
    safety,
    security,
)

# -- access (MR-2) ------------------------------------------------------------------------------


def _access_end_due(deadline, now):
    """MR-2: the approved time is over; anyone still inside on the request is reported to the
    head and the machine-room staff."""
    record = AccessRequest.objects.select_related("site", "room", "escort").get(
        pk=deadline.subject_id
    )
    names = access.overstayed(record)
    if not names:
        return
    tell(
        [*holders(record.site_id, Role.IC_HEAD, Role.MR_MAINTAINER), record.escort],
        record,
        Text(
            N_("%(serial)s ended at %(time)s but %(names)s are still in %(room)s"),
            {
                "serial": record.serial,
                "time": f"{timezone.localtime(record.ends_at):%H:%M}",
                "names": "、".join(names),
                "room": record.room,
            },
        ),
    )


deadlines.register(access.K_ACCESS_END, label="MR-2", on_due=_access_end_due)


# -- the custodians' clocks of the credential and backup registers (MR-11, MR-12) ---------------


def _custodian_due(deadline, now, *, model, text, overdue: bool):
    """MR-11, MR-12: a week ahead the custodian of a register line is told that ``text`` falls
    due; at the due time the head too. Nothing for a line no longer in use."""
    record = model.objects.select_related("site", "custodian").get(pk=deadline.subject_id)
    if record.retired_at is not None:
        return
    people = [record.custodian, *(holders(record.site_id, Role.IC_HEAD) if overdue else [])]
    tell(people, record, text(record, overdue))


def _custodian_clock(kind: str, label: str, *, model, text) -> None:
    """Declares the clock ``kind`` of a register ``model`` whose reminders say ``text``."""
    deadlines.register(
        kind,
        label=label,
        on_warn=partial(_custodian_due, model=model, text=text, overdue=False),
        on_due=partial(_custodian_due, model=model, text=text, overdue=True),
    )


def _rotation_text(credential, overdue: bool) -> Text:
    subject = (
        N_("Password change of %(account)s is due now")
        if overdue
        else N_("Password change of %(account)s is due on %(day)s")
    )
    return Text(subject, {"account": credential, "day": credential.next_due_on.isoformat()})


def _restore_text(job, overdue: bool) -> Text:
    subject = (
        N_("Restore test of %(job)s is due now")
        if overdue
        else N_("Restore test of %(job)s is due on %(day)s")
    )
    return Text(subject, {"job": job, "day": backups.restore_due_on(job) or ""})


_custodian_clock(security.K_ROTATE, "MR-12", model=Credential, text=_rotation_text)
_custodian_clock(backups.K_RESTORE, "MR-11", model=BackupJob, text=_restore_text)


# -- backups (MR-11): the daily missed-backup check ---------------------------------------------


recurring.register(
    backups.K_CHECK, rule=backups.CHECK_RULE, label="MR-11", action=backups.check_missed_backups
)


# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


def _change_reminder(change, kind, overdue):
    heads = holders(change.site_id, Role.IC_HEAD)
    doers = [change.implementer, change.requested_by]
    return {
        changes.K_NOTICE: (
            N_("%(serial)s %(title)s starts at %(start)s: send its advance notice now"),
            [*doers, *heads],
        ),
        changes.K_RATIFY: (
            N_("%(serial)s %(title)s: emergency change waiting for your approval after the fact"),
            heads,
        ),
        changes.K_CONFIRM: (
            N_("%(serial)s %(title)s: confirmation of correct running is overdue")
            if overdue
            else N_("%(serial)s %(title)s: confirm correct running by tomorrow"),
            [*doers, *heads] if overdue else doers,
        ),
        changes.K_DELETE_BACKUP: (
            N_("%(serial)s %(title)s: the backup is still not deleted"),
            [*doers, *heads],
        ),
    }[kind]


def _change_clock(deadline, now, *, overdue: bool):
    """The reminders of a change's clocks (advance notice, approval after the fact, confirmation,
    deletion of the backup); nothing when the step they wait for is done."""
    change = ChangeRequest.objects.select_related("site", "implementer", "requested_by").get(
        pk=deadline.subject_id
    )
    waiting = {
        changes.K_NOTICE: change.state == CS.APPROVED,
        changes.K_RATIFY: not change.ratified,
        changes.K_CONFIRM: change.confirmed_at is None and change.state == CS.DONE,
        changes.K_DELETE_BACKUP: change.backup_deleted_at is None,
    }[deadline.kind]
    if not waiting:
        return
    subject, people = _change_reminder(change, deadline.kind, overdue)
    tell(
        people,
        change,
        Text(
            subject,
            {
                "serial": change.serial,
                "title": change.title,
                "start": at_text(change.planned_start),
            },
        ),
    )


for _kind, _label in (
    (changes.K_NOTICE, "MR-7"),
    (changes.K_RATIFY, "MR-7"),
    (changes.K_CONFIRM, "MR-8"),
    (changes.K_DELETE_BACKUP, "MR-8"),
):
    deadlines.register(
        _kind,
        label=_label,
        on_warn=partial(_change_clock, overdue=False),
        on_due=partial(_change_clock, overdue=True),
    )


# -- loans (MR-13) ------------------------------------------------------------------------------


def _loan_due(deadline, now, *, overdue: bool):
    """MR-13: a day before, the borrower and whoever handed the loan out are told; at the due
    time the overdue alert also goes to the items' custodians and the head. Nothing happens once
    the loan is back."""
    loan = Loan.objects.select_related("site", "borrower", "handed_out_by").get(
        pk=deadline.subject_id
    )
    if loan.state != LoanState.ON_LOAN:
        return
    custodians = [
        line.equipment.custodian for line in loan.lines.select_related("equipment__custodian")
    ]
    people = [
        loan.borrower,
        loan.handed_out_by,
        *(custodians + holders(loan.site_id, Role.IC_HEAD) if overdue else []),
    ]
    subject = (
        N_("%(serial)s is overdue: %(borrower)s was to return it by %(day)s")
        if overdue
        else N_("%(serial)s is due back tomorrow, %(day)s: %(borrower)s")
    )
    tell(
        people,
        loan,
        Text(
            subject,
            {"serial": loan.serial, "borrower": loan.borrower_text, "day": loan.due_on.isoformat()},
        ),
        loan.purpose,
    )


deadlines.register(
    loans.K_LOAN_DUE,
    label="MR-13",
    on_warn=partial(_loan_due, overdue=False),
    on_due=partial(_loan_due, overdue=True),
)


# -- duty and closing, serious events, power and fire-system permits (MR-1, MR-5, MR-6) ----------


def _duty_day(site, now):
    """MR-1: the evening check of the day's duty and closing checklists."""
    duty.check_day(site, now, day=duty.evening_of(now))


def _callout_chase(deadline, now):
    """MR-1, ten minutes after the callout: whoever has not acknowledged is called again, and
    the head is told who."""
    event = SeriousEvent.objects.select_related("site", "room").get(pk=deadline.subject_id)
    if event.state != EventState.OPEN:
        return
    silent = [
        c.person
        for c in event.callouts.select_related("person").filter(acknowledged_at__isnull=True)
    ]
    if not silent:
        return
    names = "、".join(str(p) for p in silent)
    tell(
        silent,
        event,
        Text(
            N_("URGENT, second call: %(kind)s in %(room)s, come to the site at once (%(serial)s)"),
            {"kind": choice_code(event, "kind"), "room": event.room, "serial": event.serial},
        ),
        event.description,
    )
    tell(
        holders(event.site_id, Role.IC_HEAD),
        event,
        Text(
            N_("%(serial)s: %(names)s have not acknowledged the callout"),
            {"serial": event.serial, "names": names},
        ),
    )


def _permit_end(deadline, now, *, model):
    """MR-5/MR-6: an approved period is over and the work was not recorded as finished: the
    requester, the head and the maintainers are told to disconnect the equipment or restore the
    fire system."""
    record = model.objects.select_related("site", "requested_by").get(pk=deadline.subject_id)
    if record.state != PermitState.APPROVED:
        return
    tell(
        [record.requested_by, *holders(record.site_id, Role.IC_HEAD, Role.MR_MAINTAINER)],
        record,
        Text(
            N_(
                "%(serial)s ended at %(time)s: disconnect %(equipment)s or restore it, and record it"
            ),
            {
                "serial": record.serial,
                "time": duty.local_time(record.ends_at),
                "equipment": record.equipment,
            },
        ),
    )


recurring.register(duty.K_DAY_CHECK, rule=duty.DAY_CHECK_RULE, label="MR-1", action=_duty_day)
deadlines.register(safety.K_POWER_END, label="MR-5", on_due=partial(_permit_end, model=PowerPermit))
deadlines.register(safety.K_FIRE_END, label="MR-6", on_due=partial(_permit_end, model=FireChange))
deadlines.register(safety.K_CALLOUT, label="MR-1", on_due=_callout_chase)


# -- inspections and incidents (MR-9) -----------------------------------------------------------


def _round_next_due(deadline, now):
    """MR-9: an occurrence of a schedule makes its round."""
    inspections.next_round_due(int(deadline.subject_id), occurs_at=deadline.due_at, now=now)


def _round_late(deadline, now, *, overdue: bool):
    """MR-9: an hour before a round is due the maintainers are reminded; at the due time, if it
    is still not done, the head is told too."""
    record = InspectionRound.objects.select_related("site").get(pk=deadline.subject_id)
    if record.state != RoundState.OPEN:
        return
    people = holders(record.site_id, Role.MR_MAINTAINER, *([Role.IC_HEAD] if overdue else []))
    text = (
        N_("Inspection round %(serial)s %(checklist)s was not done by %(time)s")
        if overdue
        else N_("Inspection round %(serial)s %(checklist)s is due by %(time)s")
    )
    tell(
        people,
        record,
        Text(
            text,
            {
                "serial": record.serial,
                "checklist": record.title,
                "time": f"{timezone.localtime(record.due_at):%H:%M}",
            },
        ),
    )


def _alarm_unanswered(deadline, now):
    """MR-9, 15 minutes after an alarm nobody has responded to: the head, the leaders and the
    maintainers are told (an alarm is acted on at once)."""
    alarm = CoreAlarm.objects.select_related("site").get(pk=deadline.subject_id)
    if alarm.state != AlarmState.OPEN:
        return
    tell(
        [
            *holders(alarm.site_id, Role.IC_HEAD, Role.BRANCH_GM),
            *holders(alarm.site_id, Role.MR_MAINTAINER),
        ],
        alarm,
        Text(
            N_("Nobody has responded to alarm %(serial)s %(device)s yet"),
            {"serial": alarm.serial, "device": alarm.device},
        ),
        alarm.text,
    )


deadlines.register(inspections.K_NEXT, label="MR-9", on_due=_round_next_due)
deadlines.register(
    inspections.K_DUE,
    label="MR-9",
    on_warn=partial(_round_late, overdue=False),
    on_due=partial(_round_late, overdue=True),
)
deadlines.register(incidents.K_RESPOND, label="MR-9", on_due=_alarm_unanswered)
