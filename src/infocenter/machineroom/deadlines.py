"""Handlers of the machine room's clocks. They run inside the worker's transaction; a
notification twice is harmless and the engine fires each phase once anyway."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import deadlines
from infocenter.core.choices import Role

from . import services
from .models import AccessRequest


def _access_end_due(deadline, now):
    """MR-2: the approved time is over; anyone still inside on the request is reported to the
    head and the machine-room staff."""
    record = AccessRequest.objects.select_related("site", "room", "escort").get(pk=deadline.subject_id)
    names = services.overstayed(record)
    if not names:
        return
    services._tell([*services.holders(record.site_id, Role.IC_HEAD, Role.MR_MAINTAINER), record.escort], record,
                   _("%(serial)s ended at %(time)s but %(names)s are still in %(room)s (MR-2)") % {
                       "serial": record.serial, "time": f"{timezone.localtime(record.ends_at):%H:%M}",
                       "names": "、".join(names), "room": record.room})


deadlines.register(services.K_ACCESS_END, label="MR-2", on_due=_access_end_due)


def _rotate_warn(deadline, now):
    from . import security

    security.rotation_due(int(deadline.subject_id), overdue=False)


def _rotate_due(deadline, now):
    from . import security

    security.rotation_due(int(deadline.subject_id), overdue=True)


deadlines.register("mr.rotate", label="MR-12", on_warn=_rotate_warn, on_due=_rotate_due)


# -- inspections (MR-9) --


def _round_next_due(deadline, now):
    from . import inspections

    inspections.next_round_due(int(deadline.subject_id), occurs_at=deadline.due_at, now=now)


def _round_warn(deadline, now):
    from . import inspections

    inspections.round_late(int(deadline.subject_id), overdue=False)


def _round_due(deadline, now):
    from . import inspections

    inspections.round_late(int(deadline.subject_id), overdue=True)


def _alarm_due(deadline, now):
    from . import incidents

    incidents.alarm_unanswered(int(deadline.subject_id))


deadlines.register("mr.round_next", label="MR-9", on_due=_round_next_due)
deadlines.register("mr.round_due", label="MR-9", on_warn=_round_warn, on_due=_round_due)
deadlines.register("mr.alarm_response", label="MR-9", on_due=_alarm_due)
