"""Every write of the backup register (MR-11).

Important data are backed up encrypted; core business data daily, archives weekly or monthly,
with offsite copies. Each day's result is recorded once (a correction is a new revision with its
reason); a failed backup alerts the custodian and the head at once, and a daily check at 09:00
raises an alert for every backup missing from the day before. Restores are tested at an
interval, on a clock that warns a week ahead."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Deadline, Site, User
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors

from ..choices import BackupAlertKind, BackupFrequency, BackupOutcome, RestoreOutcome
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest
from ..models.backups import human_size  # noqa: F401  (re-exported for pages and exports)
from ..rules import backups as rules
from .common import local_at, schedule_with_warning

K_RESTORE = "mr.restore_test"
K_CHECK = "mr.backup_check"
CHECK_RULE = "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"
WARN_DAYS = 7
DUE_HOUR = 9
PERIOD_DAYS = {BackupFrequency.DAILY: 1, BackupFrequency.WEEKLY: 7, BackupFrequency.MONTHLY: 31}
# Binary units, as backup tools report sizes; a bare number is bytes.


# -- jobs ---------------------------------------------------------------------------------------


def _schedule_restore(job: BackupJob, due_on: dt.date) -> None:
    """The restore-test clock of ``job``: due at 09:00 of ``due_on``, a warning a week before."""
    deadlines.cancel(job, K_RESTORE)
    schedule_with_warning(
        job,
        K_RESTORE,
        due_at=local_at(due_on, DUE_HOUR),
        warn_before=dt.timedelta(days=WARN_DAYS),
    )


def restore_clocks():
    """Restore-test clocks still running: scheduled, warned, or overdue and not yet met."""
    return Deadline.objects.filter(
        kind=K_RESTORE,
        subject_type="machineroom.backupjob",
        closed_at__isnull=True,
        state__in=(*deadlines.OPEN_STATES, DeadlineState.BREACHED),
    )


def restore_due_on(job: BackupJob) -> dt.date | None:
    """When the next restore test of ``job`` is (or was) due."""
    clock = restore_clocks().filter(subject_id=str(job.pk)).order_by("due_at").first()
    return timezone.localdate(clock.due_at) if clock else None


def add_backup_job(
    actor,
    *,
    site: Site,
    name: str,
    system: str,
    content: str,
    location: str,
    custodian: User,
    frequency: str = BackupFrequency.DAILY,
    important: bool = True,
    encrypted: bool = True,
    offsite: bool = False,
    offsite_location: str = "",
    restore_every_days: int = 90,
    retention: str = "",
    started_on: dt.date | None = None,
) -> BackupJob:
    """MR-11: the head registers a backup job; an unencrypted job for important data is refused.
    The first restore test falls due one interval after the start."""
    permissions.check(actor, "mr.approve", site=site)
    started_on = started_on or timezone.localdate()
    described = rules.JobContent(
        name=name,
        system=system,
        content=content,
        frequency=frequency,
        location=location,
        custodian=custodian,
        offsite=offsite,
        offsite_location=offsite_location,
        important=important,
        encrypted=encrypted,
        restore_every_days=restore_every_days,
        retention=retention,
    )
    errors = FieldErrors()
    rules.check_job(errors, site_id=site.pk, job=described)
    if started_on > timezone.localdate():
        errors.add("started_on", _("The start cannot be in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        job = BackupJob.objects.create(
            site=site,
            **described.fields() | {"restore_every_days": int(restore_every_days)},
            started_on=started_on,
            created_by=actor,
            created_at=timezone.now(),
        )
        _schedule_restore(job, started_on + dt.timedelta(days=job.restore_every_days))
        record_event(actor=actor, subject=job, kind="backup.job_added", data=_job_data(job))
        if custodian.pk != actor.pk:
            tell([custodian], job, Text(N_("You look after the backup %(job)s"), {"job": job}))
        return job


def _job_data(job: BackupJob) -> dict:
    return {f: str(getattr(job, f)) for f in rules.JOB_FIELDS}


def update_backup_job(
    actor, job: BackupJob, *, version: int, content: rules.JobContent
) -> BackupJob:
    """MR-11: the head changes a job (the same rules as a new one); a new restore interval
    moves the next test."""
    permissions.check(actor, "mr.approve", site=job.site)
    _not_retired(job)
    fields = content.fields()
    errors = FieldErrors()
    rules.check_job(errors, site_id=job.site_id, job=content, pk=job.pk)
    errors.raise_any()
    with transaction.atomic(durable=True):
        job = lock_for_change(BackupJob, job, version)
        before = _job_data(job)
        for field, value in fields.items():
            setattr(job, field, value)
        save_new_version(job, *fields)
        after = _job_data(job)
        changes = {k: [before[k], after[k]] for k in fields if before[k] != after[k]}
        if "restore_every_days" in changes:
            _schedule_restore(job, _last_tested_on(job) + dt.timedelta(days=job.restore_every_days))
        record_event(actor=actor, subject=job, kind="backup.job_changed", data={"changes": changes})
        return job


def _last_tested_on(job: BackupJob) -> dt.date:
    last = job.restore_tests.order_by("-tested_on").values_list("tested_on", flat=True).first()
    return last or job.started_on


def retire_backup_job(actor, job: BackupJob, *, version: int, note: str = "") -> BackupJob:
    """MR-11: the system is gone or backed up by another job; its register stays readable."""
    permissions.check(actor, "mr.approve", site=job.site)
    with transaction.atomic(durable=True):
        job = _not_retired(lock_for_change(BackupJob, job, version))
        job.retired_at = timezone.now()
        save_new_version(job, "retired_at")
        deadlines.cancel(job, K_RESTORE)
        record_event(
            actor=actor, subject=job, kind="backup.job_retired", data={"note": note.strip()}
        )
        return job


# -- the daily register ---------------------------------------------------------------------------


def record_backup_result(
    actor,
    *,
    job: BackupJob,
    day: dt.date,
    outcome: str,
    size="",
    offsite: bool | None = None,
    encrypted: bool | None = None,
    note: str = "",
) -> BackupResult:
    """MR-11: one day's result of ``job``, once; a failed or partial backup alerts the custodian
    and the head at once; a missing-day alert is settled by a result recorded late."""
    permissions.check(actor, "mr.desk", site=job.site)
    _not_retired(job)
    offsite = job.offsite if offsite is None else offsite
    encrypted = job.encrypted if encrypted is None else encrypted
    errors = FieldErrors()
    rules.check_day(errors, job, day)
    size_bytes = rules.check_result(errors, job, outcome=outcome, size=size, encrypted=encrypted)
    errors.raise_any()
    with transaction.atomic(durable=True):
        job = _live_job(job)
        if BackupResult.objects.filter(job=job, day=day, current=True).exists():
            raise Conflict(
                _("%(job)s already has a result for %(day)s: correct it, with the reason, instead.")
                % {"job": job, "day": day.isoformat()},
                rule="MR-11",
            )
        result = _new_result(
            actor,
            job,
            day=day,
            outcome=outcome,
            size_bytes=size_bytes,
            offsite=offsite,
            encrypted=encrypted,
            note=note,
        )
        record_event(actor=actor, subject=result, kind="backup.recorded", data=_result_data(result))
        _after_result(actor, result)
        return result


def _not_retired(job: BackupJob) -> BackupJob:
    """``job``, refused once it is retired: it takes no more changes, results or tests."""
    if job.retired_at is not None:
        raise Conflict(_("%(job)s is retired.") % {"job": job}, rule="MR-11")
    return job


def _live_job(job: BackupJob) -> BackupJob:
    """``job`` locked and re-read; a job retired meanwhile takes no more results or tests."""
    return _not_retired(BackupJob.objects.select_for_update().get(pk=job.pk))


def _new_result(
    actor,
    job: BackupJob,
    *,
    day: dt.date,
    outcome: str,
    size_bytes: int | None,
    offsite: bool,
    encrypted: bool,
    note: str,
    replaces: BackupResult | None = None,
    reason: str = "",
) -> BackupResult:
    """A line of the register; a correction names the line it replaces and why."""
    return BackupResult.objects.create(
        site=job.site,
        job=job,
        day=day,
        outcome=outcome,
        size_bytes=size_bytes,
        offsite=offsite,
        encrypted=encrypted,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        revision=replaces.revision + 1 if replaces else 1,
        replaces=replaces,
        correction_reason=reason.strip(),
    )


def _result_data(result: BackupResult) -> dict:
    return {
        "job": result.job.name,
        "day": result.day.isoformat(),
        "outcome": result.outcome,
        "size": result.size_bytes,
        "offsite": result.offsite,
        "encrypted": result.encrypted,
        "note": result.note,
        "revision": result.revision,
    }


def _after_result(actor, result: BackupResult) -> None:
    kind = {
        BackupOutcome.FAILED: BackupAlertKind.FAILED,
        BackupOutcome.PARTIAL: BackupAlertKind.PARTIAL,
    }.get(result.outcome)
    if kind is not None:
        raise_alert(result.job, kind, result.day, result.note)
    settled = {
        BackupOutcome.SUCCESS: [
            BackupAlertKind.MISSED,
            BackupAlertKind.FAILED,
            BackupAlertKind.PARTIAL,
        ],
        BackupOutcome.PARTIAL: [BackupAlertKind.MISSED, BackupAlertKind.FAILED],
    }.get(result.outcome, [])
    note = (
        _("Corrected: %(outcome)s")
        if result.revision > 1
        else _("Result recorded late: %(outcome)s")
    ) % {"outcome": result.get_outcome_display()}
    for alert in BackupAlert.objects.filter(
        job=result.job, day=result.day, kind__in=settled, handled_at__isnull=True
    ):
        _handle(actor, alert, note)


def correct_backup_result(
    actor,
    result: BackupResult,
    *,
    version: int,
    reason: str,
    outcome: str,
    size="",
    offsite: bool | None = None,
    encrypted: bool | None = None,
    note: str = "",
) -> BackupResult:
    """MR-11: a day's result was wrong: a new revision replaces it, with the reason; the old line
    stays in the register, marked as corrected. Offsite and encrypted default to the old line's."""
    job = result.job
    permissions.check(actor, "mr.desk", site=job.site)
    offsite = result.offsite if offsite is None else offsite
    encrypted = result.encrypted if encrypted is None else encrypted
    errors = FieldErrors()
    errors.required(reason=reason)
    size_bytes = rules.check_result(errors, job, outcome=outcome, size=size, encrypted=encrypted)
    errors.raise_any()
    with transaction.atomic(durable=True):
        job = _live_job(job)
        old = lock_for_change(BackupResult, result, version)
        if not old.current:
            raise Conflict(
                _("This line was already corrected: correct the latest revision."), rule="MR-11"
            )
        old.current = False
        save_new_version(old, "current")
        new = _new_result(
            actor,
            job,
            day=old.day,
            outcome=outcome,
            size_bytes=size_bytes,
            offsite=offsite,
            encrypted=encrypted,
            note=note,
            replaces=old,
            reason=reason,
        )
        before, after = _result_data(old), _result_data(new)
        record_event(
            actor=actor,
            subject=new,
            kind="backup.corrected",
            data={
                "reason": new.correction_reason,
                "changes": {k: [before[k], after[k]] for k in before if before[k] != after[k]},
            },
        )
        _after_result(actor, new)
        return new


# -- alerts ---------------------------------------------------------------------------------------


def raise_alert(job: BackupJob, kind: str, day: dt.date, detail: str = "") -> BackupAlert | None:
    """Record the alert once (per job, kind and day) and tell the custodian and the head; inside
    the caller's transaction. None when it was raised before (idempotent)."""
    if BackupAlert.objects.filter(job=job, kind=kind, day=day).exists():
        return None
    alert = BackupAlert.objects.create(
        site=job.site, job=job, kind=kind, day=day, raised_at=timezone.now(), detail=detail.strip()
    )
    record_event(
        actor=None,
        subject=alert,
        kind=f"backup.alert_{kind}",
        data={"job": job.name, "day": day.isoformat(), "detail": alert.detail},
    )
    tell(
        [job.custodian, *holders(job.site_id, Role.IC_HEAD)],
        alert,
        Text(
            N_("%(alert)s: %(job)s, %(day)s"),
            {"alert": choice_code(alert, "kind"), "job": job, "day": day.isoformat()},
        ),
        alert.detail,
    )
    return alert


def _handle(actor, alert: BackupAlert, handling: str) -> None:
    alert.handled_by, alert.handled_at, alert.handling = actor, timezone.now(), handling
    save_new_version(alert, "handled_by", "handled_at", "handling")
    record_event(
        actor=actor, subject=alert, kind="backup.alert_handled", data={"handling": handling}
    )


def handle_alert(actor, alert: BackupAlert, *, version: int, handling: str) -> BackupAlert:
    """MR-11: the custodian (or the head) says what was done about an alert: backup re-run,
    cause fixed…; it leaves the list of open alerts."""
    permissions.check(actor, "mr.desk", site=alert.site)
    if alert.job.custodian_id != actor.pk:
        permissions.check(actor, "mr.approve", site=alert.site)
    if not str(handling or "").strip():
        raise ValidationFailed(field_errors={"handling": [_("Say what was done about it.")]})
    with transaction.atomic(durable=True):
        alert = lock_for_change(BackupAlert, alert, version)
        if alert.handled_at is not None:
            raise Conflict(
                _("Already dealt with by %(person)s.")
                % {"person": alert.handled_by or _("the system")},
                rule="MR-11",
            )
        _handle(actor, alert, handling.strip())
        return alert


def _missing(job: BackupJob, yesterday: dt.date) -> bool:
    """Whether ``job`` lacks its backup as of ``yesterday``: that day for a daily job; a whole
    period since the last result (and no alert yet for this gap) for weekly and monthly ones."""
    results = BackupResult.objects.filter(job=job, current=True)
    if job.frequency == BackupFrequency.DAILY:
        return not results.filter(day=yesterday).exists()
    last = results.order_by("-day").values_list(
        "day", flat=True
    ).first() or job.started_on - dt.timedelta(days=1)
    if (yesterday - last).days < PERIOD_DAYS[job.frequency]:
        return False
    return not BackupAlert.objects.filter(
        job=job, kind=BackupAlertKind.MISSED, day__gt=last
    ).exists()


def check_missed_backups(site: Site, at: dt.datetime) -> list[BackupAlert]:
    """MR-11, every morning at 09:00: an alert for each active job whose backup of yesterday (a
    week, a month for archives) is not in the register; idempotent."""
    yesterday = timezone.localdate(at) - dt.timedelta(days=1)
    raised = []
    with transaction.atomic():
        jobs = BackupJob.objects.filter(
            site=site, retired_at__isnull=True, started_on__lte=yesterday
        ).select_related("site", "custodian")
        for job in jobs:
            if _missing(job, yesterday):
                alert = raise_alert(
                    job,
                    BackupAlertKind.MISSED,
                    yesterday,
                    _("No result recorded for %(day)s.") % {"day": yesterday.isoformat()},
                )
                raised += [alert] if alert else []
    return raised


# -- restore tests ----------------------------------------------------------------------------------


def record_restore_test(
    actor,
    *,
    job: BackupJob,
    tested_on: dt.date,
    restored: str,
    target: str,
    outcome: str,
    verification: str,
    duration_minutes: int,
    note: str = "",
) -> RestoreTest:
    """MR-11: restores are verifiable: a test is recorded with what was restored, where, how it
    was verified and how long it took. The latest test moves the clock: the next falls due one
    interval later (a week after a failure, which alerts the head)."""
    permissions.check(actor, "mr.desk", site=job.site)
    _not_retired(job)
    errors = FieldErrors()
    rules.check_restore(
        errors,
        tested_on=tested_on,
        restored=restored,
        target=target,
        outcome=outcome,
        verification=verification,
        duration_minutes=duration_minutes,
    )
    errors.raise_any()
    with transaction.atomic(durable=True):
        job = _live_job(job)
        latest = not job.restore_tests.filter(tested_on__gt=tested_on).exists()
        test = RestoreTest.objects.create(
            site=job.site,
            job=job,
            tested_on=tested_on,
            restored=restored.strip(),
            target=target.strip(),
            outcome=outcome,
            verification=verification.strip(),
            duration_minutes=int(duration_minutes),
            note=note.strip(),
            tested_by=actor,
            recorded_at=timezone.now(),
        )
        record_event(
            actor=actor,
            subject=test,
            kind="backup.restore_tested",
            data={
                "job": job.name,
                "tested_on": tested_on.isoformat(),
                "outcome": outcome,
                "restored": test.restored,
                "target": test.target,
                "verification": test.verification,
                "minutes": test.duration_minutes,
            },
        )
        if latest:
            deadlines.complete(job, K_RESTORE)
            _schedule_restore(job, rules.next_restore_on(job, test))
        if outcome == RestoreOutcome.FAILED:
            raise_alert(
                job, BackupAlertKind.RESTORE_FAILED, tested_on, test.note or test.verification
            )
        return test


# -- the strip of the last days -----------------------------------------------------------------------
