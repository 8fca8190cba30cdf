"""What a shift handover carries over (LOG-1), drafted from the live state.

Each app registers sections (in its ``home.py``): a title and a function that lists the site's
open items of that kind as plain rows (text, serial, due time, link). ``snapshot`` freezes them
into the handover when it is handed over; the handover page shows the live draft before that.
Pure reads."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .choices import DeadlineState
from .deadlines import clocks_for
from .models import Site

LIMIT = 100  # rows per section; the register pages hold the rest


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    collect: Callable[[Site, dt.datetime], list[dict]]
    order: int


SECTIONS: dict[str, Section] = {}


def register_section(
    key: str, title, collect: Callable[[Site, dt.datetime], list[dict]], *, order: int
) -> None:
    """Let an app add a section to the handover; sections are shown by ``order``."""
    SECTIONS[key] = Section(key, title, collect, order)


def row(
    text: str,
    *,
    serial: str = "",
    due: dt.datetime | None = None,
    link: str = "",
    late: bool = False,
) -> dict:
    """One carried-over item; the due time is kept as local text, as it will be printed."""
    due_text = timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else ""
    return {"text": text, "serial": serial, "due": due_text, "link": link, "late": late}


def snapshot(site: Site, now: dt.datetime | None = None) -> list[dict]:
    """Every section's open items at ``site`` now, as stored in ``Handover.carried_over``."""
    now = now or timezone.now()
    return [
        {"key": s.key, "title": str(s.title), "rows": s.collect(site, now)[:LIMIT]}
        for s in sorted(SECTIONS.values(), key=lambda s: s.order)
    ]


def next_due(records) -> dict[int, object]:
    """The earliest open or breached clock of each record (``clocks_for``, one query)."""
    return {pk: rows[0] for pk, rows in clocks_for(records).items()}


def clocked_rows(records, describe: Callable[[object], str]) -> list[dict]:
    """Rows of records that run on clocks: each due when its earliest open or breached clock
    is, late when that clock is breached, linking to the record's page."""
    clocks = next_due(records)
    return [
        row(
            describe(r),
            serial=r.serial,
            due=getattr(clocks.get(r.pk), "due_at", None),
            link=r.get_absolute_url(),
            late=getattr(clocks.get(r.pk), "state", "") == DeadlineState.BREACHED,
        )
        for r in records
    ]
