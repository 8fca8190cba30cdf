"""The rules of safety (MR-1, MR-5, MR-6): which events call the staff out and who is called, the
workflow table of a permit, what an outage record and a permit's period must be. The services
refuse with these reasons."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict
from infocenter.core.models import User
from infocenter.core.selectors import holders
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import Step

from ..choices import EventKind
from ..models import (
    MachineRoom,
    PowerPermit,
    RosterDay,
)
from ..workflows import FIRE_STEPS, POWER_STEPS

CALLOUT_KINDS = frozenset(
    {
        EventKind.THEFT,
        EventKind.BREAK_IN,
        EventKind.FIRE,
        EventKind.FLOODING,
        EventKind.ALARM_110,
        EventKind.POWER_OUTAGE,
    }
)


HAZARD_KINDS = frozenset({EventKind.ELECTRICAL_HAZARD, EventKind.FIRE_HAZARD})


def steps_of(record) -> dict[str, Step]:
    """The workflow table of a power permit or a fire-system change."""
    return POWER_STEPS if isinstance(record, PowerPermit) else FIRE_STEPS


def callees(room: MachineRoom, day: dt.date) -> list[tuple[User, bool]]:
    """Who is called out: the day's on-call staff first, then the duty person, the head and
    the maintainers; with no roster for the day, every member of the information center."""
    row = RosterDay.objects.filter(room=room, day=day).select_related("person").first()
    on_call = list(row.on_call.all()) if row else []
    others = [row.person] if row else holders(room.site_id, Role.IT_STAFF)
    others += holders(room.site_id, Role.IC_HEAD, Role.MR_MAINTAINER)
    found = {p.pk: (p, True) for p in on_call}
    for person in others:
        found.setdefault(person.pk, (person, False))
    return list(found.values())


def check_outage(errors: FieldErrors, now, called, running, restored) -> None:
    """MR-5: the times of the outage procedure: none in the future, the generator running after it was requested."""
    for field, value in (
        ("generator_called_at", called),
        ("generator_running_at", running),
        ("power_restored_at", restored),
    ):
        if value is not None and value > now + dt.timedelta(minutes=5):
            errors.add(field, _("This time cannot be in the future."))
    if running is not None and (called is None or running < called):
        errors.add("generator_running_at", _("The generator runs after it was requested."))


def shown(value) -> str:
    """A value as the timeline shows it: local times, yes or no, nothing for none."""
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def check_period(errors: FieldErrors, starts_at, ends_at) -> None:
    """MR-5/MR-6: a permit's period: both ends given, the end after the start and still to come."""
    if starts_at is None or ends_at is None:
        errors.required(starts_at=starts_at, ends_at=ends_at)
    elif ends_at <= starts_at:
        errors.add("ends_at", _("The end must be after the start."))
    elif ends_at <= timezone.now():
        errors.add("ends_at", _("The end has already passed."))


def refuse_close_before_outage_recorded(event) -> None:
    """MR-5: a power outage closes only with its UPS answer and the time power came back."""
    if event.kind == EventKind.POWER_OUTAGE and (
        event.ups_on_battery is None or event.power_restored_at is None
    ):
        raise Conflict(
            _(
                "Record the outage procedure first: whether the UPS took over and when power came "
                "back."
            ),
            rule="MR-5",
        )
