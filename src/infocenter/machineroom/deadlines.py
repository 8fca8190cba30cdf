"""Handlers of the machine room's clocks. They run inside the worker's transaction; a
notification twice is harmless and the engine fires each phase once anyway."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import deadlines
from infocenter.core.choices import Role
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders

from .models import AccessRequest
from .services import access


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
        _("%(serial)s ended at %(time)s but %(names)s are still in %(room)s (MR-2)")
        % {
            "serial": record.serial,
            "time": f"{timezone.localtime(record.ends_at):%H:%M}",
            "names": "、".join(names),
            "room": record.room,
        },
    )


deadlines.register(access.K_ACCESS_END, label="MR-2", on_due=_access_end_due)


def _rotate_warn(deadline, now):
    from .services import security

    security.rotation_due(int(deadline.subject_id), overdue=False)


def _rotate_due(deadline, now):
    from .services import security

    security.rotation_due(int(deadline.subject_id), overdue=True)


deadlines.register("mr.rotate", label="MR-12", on_warn=_rotate_warn, on_due=_rotate_due)


# -- backups (MR-11): the restore-test clock; the daily missed-backup check registers itself in
# backups.py (a recurrence) ----------------------------------------------------------------------


def _restore_warn(deadline, now):
    """MR-11: a restore test is due in a week: the custodian is told."""
    from .services import backups

    backups.restore_reminder(int(deadline.subject_id), overdue=False)


def _restore_due(deadline, now):
    """MR-11: a restore test is due now: the custodian and the head are told."""
    from .services import backups

    backups.restore_reminder(int(deadline.subject_id), overdue=True)


deadlines.register("mr.restore_test", label="MR-11", on_warn=_restore_warn, on_due=_restore_due)
from .services import backups as _backups  # noqa: E402, F401  (the daily missed-backup check)

# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


def _change_clock(kind: str, overdue: bool):
    def handler(deadline, now):
        """A change's reminder (advance notice, approval after the fact, confirmation, deletion)."""
        from .services import changes

        changes.clock_fired(int(deadline.subject_id), kind, overdue=overdue)

    return handler


for _kind, _label in (
    ("mr.change_notice", "MR-7"),
    ("mr.change_ratify", "MR-7"),
    ("mr.change_confirm", "MR-8"),
    ("mr.change_backup_delete", "MR-8"),
):
    deadlines.register(
        _kind, label=_label, on_warn=_change_clock(_kind, False), on_due=_change_clock(_kind, True)
    )


def _loan_warn(deadline, now):
    from .services import loans

    loans.loan_due(int(deadline.subject_id), overdue=False)


def _loan_due(deadline, now):
    from .services import loans

    loans.loan_due(int(deadline.subject_id), overdue=True)


deadlines.register("mr.loan_due", label="MR-13", on_warn=_loan_warn, on_due=_loan_due)


# -- duty and closing, power and fire-system permits (MR-1, MR-5, MR-6) --------------------------


def _duty_day(site, now):
    """MR-1: the evening check of the day's duty and closing checklists."""
    from .services import duty

    duty.check_day(site, now, day=duty.evening_of(now))


def _permit_end(model):
    def handler(deadline, now):
        """MR-5/MR-6: an approved period is over and the work was not recorded as finished."""
        from .services import safety

        safety.permit_ended(
            model.objects.select_related("site", "requested_by").get(pk=deadline.subject_id)
        )

    return handler


def _register_duty():
    from infocenter.core import recurring

    from .models import FireChange, PowerPermit
    from .services import duty, safety

    recurring.register(duty.K_DAY_CHECK, rule=duty.DAY_CHECK_RULE, label="MR-1", action=_duty_day)
    deadlines.register(safety.K_POWER_END, label="MR-5", on_due=_permit_end(PowerPermit))
    deadlines.register(safety.K_FIRE_END, label="MR-6", on_due=_permit_end(FireChange))
    deadlines.register(safety.K_CALLOUT, label="MR-1", on_due=_callout_chase)


def _callout_chase(deadline, now):
    """MR-1: ten minutes after a callout, the silent ones are called again."""
    from .models import SeriousEvent
    from .services import safety

    safety.chase_callouts(
        SeriousEvent.objects.select_related("site", "room").get(pk=deadline.subject_id)
    )


_register_duty()


# -- inspections (MR-9) --


def _round_next_due(deadline, now):
    from .services import inspections

    inspections.next_round_due(int(deadline.subject_id), occurs_at=deadline.due_at, now=now)


def _round_warn(deadline, now):
    from .services import inspections

    inspections.round_late(int(deadline.subject_id), overdue=False)


def _round_due(deadline, now):
    from .services import inspections

    inspections.round_late(int(deadline.subject_id), overdue=True)


def _alarm_due(deadline, now):
    from .services import incidents

    incidents.alarm_unanswered(int(deadline.subject_id))


deadlines.register("mr.round_next", label="MR-9", on_due=_round_next_due)
deadlines.register("mr.round_due", label="MR-9", on_warn=_round_warn, on_due=_round_due)
deadlines.register("mr.alarm_response", label="MR-9", on_due=_alarm_due)
