"""Every write of machine-room changes (MR-7, MR-8).

A change request is classed standard (pre-approved), normal, major (discussed before the head
approves) or emergency (done at once, approved by the head afterwards). A global-impact change
is announced to those affected at least ``NOTICE_HOURS`` before it starts; the named qualified
technician starts it, records each operation and its outcome. A central-data change is backed
up before it starts, its correct running confirmed within ``CONFIRM_DAYS`` after it, and then
its backup deleted, each step a clock of ``core.deadlines``."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import diff, record_event
from infocenter.core.choices import Role
from infocenter.core.excel import at_text
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell, tell_department
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.sharding import set_links
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import ChangeClass, ChangeOutcome
from ..choices import ChangeState as CS
from ..models import ChangeComment, ChangeOperation, ChangeRequest
from ..rules import changes as rules
from ..rules.changes import ChangeContent
from ..rules.common import reason_of_refusal
from ..workflows import CONFIRM_DAYS, DELETE_BACKUP_DAYS, NOTICE_HOURS, RATIFY_HOURS
from .common import decision, new_request

CHANGE_SERIES = "BG"
K_NOTICE = "mr.change_notice"
K_RATIFY = "mr.change_ratify"
K_CONFIRM = "mr.change_confirm"
K_DELETE_BACKUP = "mr.change_backup_delete"


def _heads(change) -> list[User]:
    return holders(change.site_id, Role.IC_HEAD)


def _locked(actor, change, name: str, version: int | None) -> ChangeRequest:
    """The change under a lock at ``version``, the step allowed again on what is locked."""
    change = lock_for_change(ChangeRequest, change, version)
    rules.require_step(actor, change, name)
    return change


def _line(model, change: ChangeRequest, **values):  # a comment or an operation, with its site
    return model.objects.create(site_id=change.site_id, change=change, **values)


def _step(actor, change: ChangeRequest, name: str, **step) -> ChangeRequest:
    """Step ``name`` of a change (``take_step``), refused by the table and by the change's own
    rules (its person, class and flags: ``rules.require_step``)."""
    return take_step(
        actor,
        change,
        workflows.CHANGE_STEPS[name],
        check=lambda who, row: rules.require_step(who, row, name),
        **step,
    )


# -- request, edit, submit -----------------------------------------------------------------------


def create_change(
    actor, *, site: Site, content: ChangeContent, submit: bool = False
) -> ChangeRequest:
    """MR-7: an information-center member writes a change request (a draft, or submitted at once)."""
    permissions.check(actor, "mr.change", site=site)
    errors = FieldErrors()
    rules.check_content(errors, site, content)
    errors.raise_any()
    with transaction.atomic(durable=True):
        change = new_request(
            ChangeRequest, actor, site=site, series=CHANGE_SERIES, **content.fields()
        )
        set_links(change, "notify_people", content.notify_people)
        set_links(change, "notify_departments", content.notify_departments)
        record_event(
            actor=actor,
            subject=change,
            kind="change.requested",
            data={
                "kind": change.kind,
                "title": change.title,
                "system": change.system,
                "implementer": str(change.implementer),
            },
        )
        return _submit(actor, change) if submit else change


def edit_change(
    actor, change: ChangeRequest, *, version: int, content: ChangeContent
) -> ChangeRequest:
    """MR-7: the requester, implementer or head corrects a change before it is decided; a stale
    edit is refused."""
    rules.require_step(actor, change, "edit")
    errors = FieldErrors()
    rules.check_content(errors, change.site, content)
    if change.state != CS.DRAFT and content.kind != change.kind:
        errors.add(
            "kind",
            _(
                "The class is fixed once the change is submitted: cancel it and write a new request."
            ),
        )
    errors.raise_any()
    with transaction.atomic(durable=True):
        change = _locked(actor, change, "edit", version)
        fields = content.fields()
        before = {f: str(getattr(change, f)) for f in fields}
        for name, value in fields.items():
            setattr(change, name, value)
        save_new_version(change, *fields)
        set_links(change, "notify_people", content.notify_people)
        set_links(change, "notify_departments", content.notify_departments)
        record_event(
            actor=actor,
            subject=change,
            kind="change.edited",
            data={"changes": diff(before, {f: str(x) for f, x in fields.items()})},
        )
        return change


def submit_change(actor, change: ChangeRequest, *, version: int) -> ChangeRequest:
    """MR-7: the draft goes to the head; a standard change is pre-approved at once, a major one
    opens its discussion, an emergency one may start at once."""
    rules.require_step(actor, change, "submit")
    with transaction.atomic(durable=True):
        return _submit(actor, _locked(actor, change, "submit", version))


def _submit(actor, change: ChangeRequest) -> ChangeRequest:
    now = timezone.now()
    change.state = {ChangeClass.STANDARD: CS.APPROVED, ChangeClass.MAJOR: CS.DISCUSSION}.get(
        change.kind, CS.SUBMITTED
    )
    change.submitted_at = now
    if change.kind == ChangeClass.STANDARD:
        change.decision_note = _(
            "Standard change: pre-approved routine, recorded without the head's decision."
        )
    save_new_version(change, "state", "submitted_at", "decision_note")
    record_event(actor=actor, subject=change, kind="change.submitted", data={"state": change.state})
    if change.kind == ChangeClass.STANDARD:
        _notice_clock(change)
        return change
    if change.kind == ChangeClass.EMERGENCY:
        deadlines.schedule_at(
            subject=change,
            kind=K_RATIFY,
            site=change.site,
            due_at=now + dt.timedelta(hours=RATIFY_HOURS),
            warn_at=now + dt.timedelta(hours=RATIFY_HOURS * 3 / 4),
        )
    tell(
        _heads(change),
        change,
        _said(change, N_("%(serial)s %(title)s (%(kind)s): waiting for your approval"), "kind"),
        change.plan,
    )
    if change.kind == ChangeClass.MAJOR:
        tell(
            holders(change.site_id, *rules.QUALIFIED_ROLES),
            change,
            _said(change, N_("%(serial)s %(title)s: a major change is open for discussion")),
            change.plan,
        )
    return change


def _said(change, msgid: str, *choices: str, **more) -> Text:
    """A message about ``change`` (its serial and title), with its ``choices`` fields as codes."""
    codes = {name: choice_code(change, name) for name in choices}
    return Text(msgid, {"serial": change.serial, "title": change.title, **codes, **more})


def _notice_clock(change) -> None:
    """The reminder to send the advance notice of a global-impact change in time."""
    if change.global_impact and change.kind != ChangeClass.EMERGENCY:
        due = max(change.planned_start - dt.timedelta(hours=NOTICE_HOURS), timezone.now())
        deadlines.schedule_at(subject=change, kind=K_NOTICE, site=change.site, due_at=due)


# -- discussion and decision ---------------------------------------------------------------------


def comment_on_change(actor, change: ChangeRequest, *, text: str) -> ChangeComment:
    """MR-7: a member of the information center adds to the discussion of a change."""
    rules.require_step(actor, change, "comment")
    if not text.strip():
        raise ValidationFailed(field_errors={"text": [_("This field is required.")]})
    with transaction.atomic(durable=True):
        change = _locked(actor, change, "comment", None)
        comment = _line(ChangeComment, change, author=actor, at=timezone.now(), text=text.strip())
        record_event(
            actor=actor, subject=change, kind="change.commented", data={"text": comment.text}
        )
        tell(
            [change.requested_by, change.implementer],
            change,
            Text(
                N_("%(person)s commented on %(serial)s"), {"person": actor, "serial": change.serial}
            ),
            comment.text,
        )
        return comment


def approve_change(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-7: the information-center head approves; a major change only after its discussion."""
    rules.require_step(actor, change, "approve")
    return _decide(actor, change, "approve", version=version, note=note, kind="change.approved")


def refuse_change(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-7: the head refuses, with the reason the requester is told."""
    note = reason_of_refusal(note)
    rules.require_step(actor, change, "refuse")
    return _decide(actor, change, "refuse", version=version, note=note, kind="change.refused")


def _decide(actor, change, name, *, version, note, kind) -> ChangeRequest:
    def decided(change, now, before):
        deadlines.complete(change, K_RATIFY)
        if change.state == CS.APPROVED:
            _notice_clock(change)
        tell(
            [change.requested_by, change.implementer],
            change,
            _said(change, N_("%(serial)s %(title)s: %(state)s"), "state"),
            note,
        )

    note = note.strip()
    return _step(
        actor,
        change,
        name,
        version=version,
        event=kind,
        values=decision(actor, note),
        data={"note": note},
        then=decided,
    )


def ratify_change(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-7: the head approves an emergency change after the fact; the state stays."""
    note = note.strip()
    return _step(
        actor,
        change,
        "ratify",
        version=version,
        event="change.ratified",
        values=decision(actor, note),
        data={"note": note},
        then=lambda c, now, before: deadlines.complete(c, K_RATIFY),
    )


def cancel_change(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-7: a change not started is withdrawn; people already notified are told."""

    def cancelled(change, now, before):
        deadlines.cancel(change)
        if before["state"] == CS.NOTIFIED:
            _announce(
                change,
                Text(
                    N_("Cancelled: %(title)s planned for %(start)s"),
                    {"title": change.title, "start": at_text(change.planned_start)},
                ),
                change.outcome_note,
            )

    note = note.strip()
    return _step(
        actor,
        change,
        "cancel",
        version=version,
        event="change.cancelled",
        values={"outcome_note": note},
        data={"note": note},
        then=cancelled,
    )


# -- advance notice (MR-7) ----------------------------------------------------------------------


def _announce(change: ChangeRequest, subject: str, body: str) -> None:
    tell(rules.audience(change), change, subject, body)
    for department in change.notify_departments.all():
        tell_department(department, change, subject, body)


def send_notice(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-7: announce a global-impact change to those affected, with its time, plan and people;
    it may start ``NOTICE_HOURS`` after the notice."""

    def sent(change, now, before):
        deadlines.complete(change, K_NOTICE)
        _announce(
            change,
            _said(
                change,
                N_("Change notice %(serial)s: %(title)s, %(start)s – %(end)s"),
                start=at_text(change.planned_start),
                end=at_text(change.planned_end),
            ),
            change.notice_text,
        )

    return _step(
        actor,
        change,
        "notify",
        version=version,
        event="change.notice_sent",
        values=lambda c, now: {
            "notice_text": "\n".join(filter(None, [rules.notice_text(c), note.strip()])),
            "notice_sent_by": actor,
            "notice_sent_at": now,
        },
        data=lambda c, before: {
            "to": [str(p) for p in rules.audience(c)],
            "departments": [str(d) for d in c.notify_departments.all()],
        },
        then=sent,
    )


def reschedule_change(
    actor,
    change: ChangeRequest,
    *,
    version: int,
    planned_start: dt.datetime,
    planned_end: dt.datetime,
    note: str = "",
) -> ChangeRequest:
    """MR-7: an approved change moves to a new time; a notice already sent no longer holds, so
    those notified are told and the notice is sent again for the new time."""
    rules.require_step(actor, change, "reschedule")
    if not planned_start or not planned_end or planned_end <= planned_start:
        raise ValidationFailed(
            field_errors={"planned_end": [_("The end must be after the start.")]}
        )

    def moved(change, now, before):
        deadlines.cancel(change, K_NOTICE)
        _notice_clock(change)
        if before["state"] == CS.NOTIFIED:
            _announce(
                change,
                Text(
                    N_("Moved: %(title)s, now %(start)s – %(end)s; a new notice follows"),
                    {
                        "title": change.title,
                        "start": at_text(planned_start),
                        "end": at_text(planned_end),
                    },
                ),
                note.strip(),
            )

    times = ("planned_start", "planned_end")
    return _step(
        actor,
        change,
        "reschedule",
        version=version,
        event="change.rescheduled",
        values={
            "planned_start": planned_start,
            "planned_end": planned_end,
            "notice_sent_at": None,
            "notice_sent_by": None,
        },
        data=lambda c, before: {
            "changes": diff(
                {t: at_text(before[t]) for t in times}, {t: at_text(getattr(c, t)) for t in times}
            ),
            "note": note.strip(),
        },
        then=moved,
    )


# -- backup, implementation and outcome ----------------------------------------------------------


def record_backup(
    actor,
    change: ChangeRequest,
    *,
    version: int,
    reference: str,
    taken_at: dt.datetime | None = None,
) -> ChangeRequest:
    """MR-8: what of the central data was backed up, where and when, before the change starts."""
    rules.require_step(actor, change, "backup")
    taken_at = taken_at or timezone.now()
    errors = FieldErrors()
    errors.required(reference=reference)
    if taken_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("taken_at", _("The backup cannot be in the future."))
    errors.raise_any()
    return _step(
        actor,
        change,
        "backup",
        version=version,
        event="change.backup_recorded",
        values={
            "backup_reference": reference.strip(),
            "backup_taken_at": taken_at,
            "backup_recorded_by": actor,
        },
        data={"reference": reference.strip(), "taken_at": taken_at.isoformat()},
    )


def start_change(
    actor, change: ChangeRequest, *, version: int, at: dt.datetime | None = None
) -> ChangeRequest:
    """MR-7: the named qualified technician starts the change (now, or at ``at`` when recorded
    afterwards): after approval (an emergency one at once), after the notice period of a
    global-impact change, after the backup of central data (MR-8)."""
    rules.require_step(actor, change, "start")
    at = rules.when_recorded(at, "at")

    def started(change, now, before):
        if change.global_impact and change.kind == ChangeClass.EMERGENCY:
            _announce(
                change,
                Text(N_("Emergency change under way: %(title)s"), {"title": change.title}),
                rules.notice_text(change),
            )

    def ready(who, row):
        rules.require_step(who, row, "start")
        rules.check_ready_to_start(row, at)

    return take_step(
        actor,
        change,
        workflows.CHANGE_STEPS["start"],
        check=ready,
        version=version,
        event="change.started",
        values={"started_at": at},
        data={"by": str(actor), "at": at.isoformat()},
        then=started,
    )


def record_operation(
    actor, change: ChangeRequest, *, text: str, at: dt.datetime | None = None
) -> ChangeOperation:
    """MR-7: one line of the detailed operation record, by whoever did it (now, or at ``at``)."""
    rules.require_step(actor, change, "operation")
    if not text.strip():
        raise ValidationFailed(field_errors={"text": [_("Say what was done.")]})
    at = rules.when_recorded(at, "at", after=change.started_at)
    with transaction.atomic(durable=True):
        change = _locked(actor, change, "operation", None)
        line = _line(ChangeOperation, change, done_by=actor, at=at, text=text.strip())
        record_event(actor=actor, subject=change, kind="change.operation", data={"text": line.text})
        return line


def finish_change(
    actor,
    change: ChangeRequest,
    *,
    version: int,
    outcome: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> ChangeRequest:
    """MR-7: the implementer records the outcome; a central-data change that went ahead starts
    its week for confirming correct running (MR-8)."""
    rules.require_step(actor, change, "finish")
    errors = FieldErrors()
    if outcome not in ChangeOutcome.values:
        errors.add("outcome", _("Choose one of the listed values."))
    elif outcome != ChangeOutcome.SUCCESS and not note.strip():
        errors.add("note", _("Say what was not done or how it was rolled back."))
    errors.raise_any()
    at = rules.when_recorded(at, "at", after=change.started_at)
    if not change.operations.exists():
        raise Conflict(_("Record what was done first: the operation record is empty."), rule="MR-7")

    def finished(change, now, before):
        if change.central_data and change.state == CS.DONE:
            due = at + dt.timedelta(days=CONFIRM_DAYS)
            deadlines.schedule_at(
                subject=change,
                kind=K_CONFIRM,
                site=change.site,
                due_at=due,
                warn_at=due - dt.timedelta(days=1),
            )
        tell(
            [change.requested_by, *_heads(change)],
            change,
            _said(change, N_("%(serial)s %(title)s: %(outcome)s"), "outcome"),
            note,
        )

    return _step(
        actor,
        change,
        "finish",
        version=version,
        event="change.finished",
        values={
            "state": CS.ROLLED_BACK if outcome == ChangeOutcome.ROLLED_BACK else CS.DONE,
            "finished_at": at,
            "outcome": outcome,
            "outcome_note": note.strip(),
        },
        data={"outcome": outcome, "note": note},
        then=finished,
    )


# -- central data: confirmation and the backup's deletion (MR-8) ----------------------------------


def confirm_running(actor, change: ChangeRequest, *, version: int, note: str = "") -> ChangeRequest:
    """MR-8: correct running after the change is confirmed; the backup is now to be deleted,
    and the implementer is reminded."""

    def confirmed(change, now, before):
        deadlines.complete(change, K_CONFIRM)
        deadlines.schedule_at(
            subject=change,
            kind=K_DELETE_BACKUP,
            site=change.site,
            due_at=now + dt.timedelta(days=DELETE_BACKUP_DAYS),
        )
        tell(
            [change.implementer, change.backup_recorded_by],
            change,
            Text(N_("%(serial)s runs correctly: delete its backup now"), {"serial": change.serial}),
            change.backup_reference,
        )

    note = note.strip()
    return _step(
        actor,
        change,
        "confirm",
        version=version,
        event="change.confirmed",
        values=lambda c, now: {"confirmed_by": actor, "confirmed_at": now, "confirm_note": note},
        data={"note": note},
        then=confirmed,
    )


def record_backup_deleted(
    actor, change: ChangeRequest, *, version: int, note: str = ""
) -> ChangeRequest:
    """MR-8: the backup made for the change is deleted, and recorded."""
    note = note.strip()
    return _step(
        actor,
        change,
        "delete_backup",
        version=version,
        event="change.backup_deleted",
        values=lambda c, now: {
            "backup_deleted_by": actor,
            "backup_deleted_at": now,
            "backup_delete_note": note,
        },
        data={"note": note},
        then=lambda c, now, before: deadlines.complete(c, K_DELETE_BACKUP),
    )
