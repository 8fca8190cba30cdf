"""The demo data of the whole system (``infocenter demo``): the organisation and its people
(core), three months of the past (the service desk's calls, work orders, returns, escalations,
callbacks and archived weeks; the machine room's rounds, backups, changes, visits and alarms)
entered day by day at their own moments with the worker running through them, then today's records of the service desk, the registers, the machine room and staff work, each
loaded through its app's services like any other write. The project level knows every app;
core knows none of them.

Each app's loader and each day of the past is one transaction: an interrupted demo leaves
whole days behind, and a rerun on the non-empty database does nothing."""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from tqdm import tqdm

from infocenter.core import demo as organisation
from infocenter.core import demo_clock
from infocenter.logbook import demo as logbook
from infocenter.machineroom import demo as machineroom
from infocenter.machineroom import demo_history as machineroom_history
from infocenter.servicedesk import demo as servicedesk
from infocenter.servicedesk import demo_history as servicedesk_history
from infocenter.staffwork import demo as staffwork

LOADERS = (servicedesk.load, logbook.load, machineroom.load, staffwork.load)
HISTORY_DAYS = servicedesk_history.DAYS
database_is_empty = organisation.database_is_empty
is_loaded = organisation.is_loaded
print_logins = organisation.print_logins


def load(*, echo: Callable[[str], None] = lambda _: None, progress: bool | None = None) -> None:
    """Load every app's demo records, in the order the apps depend on each other: the
    organisation (as of the day before the past begins), the past, then today's records.
    ``progress``: show a progress bar (by default when the output is a terminal)."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=HISTORY_DAYS)
    with demo_clock.one_transaction(), demo_clock.as_of(demo_clock.local(first, 7)):
        organisation.load(echo=echo)
    history(first, today, echo=echo, progress=progress)
    for loader in LOADERS:
        with demo_clock.one_transaction():
            loader(echo=echo)


def history(
    first: dt.date, today: dt.date, *, echo: Callable[[str], None], progress: bool | None
) -> None:
    """The days from ``first`` to yesterday, one transaction each: the service desk's and the
    machine room's events of the day, in time order on one calendar."""
    calendar = demo_clock.Calendar()
    desk = servicedesk_history.load(calendar, today=today)
    room = machineroom_history.load(calendar, today=today, desk=desk)
    days = [first + dt.timedelta(days=n) for n in range((today - first).days)]
    with demo_clock.quiet_mail():
        for day in tqdm(
            days,
            desc="demo history",
            unit="day",
            disable=None if progress is None else not progress,
        ):
            desk.plan(day)
            room.plan(day)
            calendar.run_day(day)
    echo(
        f"service desk: {len(days)} days of calls, work orders (some returned and re-dispatched), "
        "callbacks and archived weeks"
    )
    echo(
        f"machine room: {len(days)} days of inspection rounds, backups, changes, visits and alarms"
    )
