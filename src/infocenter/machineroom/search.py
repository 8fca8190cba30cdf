"""What the machine room offers the one search box: visit and construction requests, changes,
ledger lines and backup jobs, each read through the area's scoped selectors."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.search import NUMBER, SERIAL_SHAPE, WORDS, Hit, Query, register_search

from .selectors.access import requests_matching
from .selectors.backups import backup_jobs_matching
from .selectors.changes import changes_matching
from .selectors.equipment import equipment_matching


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def requests(actor, query: Query, limit: int) -> list[Hit]:
    return [
        Hit(
            f"{r.serial} · {r.applicant} {r.organisation}".strip(),
            r.get_absolute_url(),
            " · ".join((r.get_kind_display(), r.get_state_display(), _day(r.starts_at))),
            exact=r.serial == query.serial,
        )
        for r in requests_matching(actor, query).select_related(None)[:limit]
    ]


def changes(actor, query: Query, limit: int) -> list[Hit]:
    return [
        Hit(
            f"{c.serial} · {c.title}",
            c.get_absolute_url(),
            " · ".join(x for x in (c.system, c.get_state_display(), _day(c.planned_start)) if x),
            exact=c.serial == query.serial,
        )
        for c in changes_matching(actor, query).select_related(None)[:limit]
    ]


def equipment(actor, query: Query, limit: int) -> list[Hit]:
    return [
        Hit(
            str(e),
            e.get_absolute_url(),
            " · ".join(x for x in (e.get_status_display(), e.place) if x),
        )
        for e in equipment_matching(actor, query)
        .select_related(None)
        .select_related("room")[:limit]
    ]


def backups(actor, query: Query, limit: int) -> list[Hit]:
    return [
        Hit(b.name, b.get_absolute_url(), " · ".join((b.system, b.location)))
        for b in backup_jobs_matching(actor, query).select_related(None)[:limit]
    ]


register_search(
    "mr.requests",
    _("Machine-room visits"),
    requests,
    action="mr.view",
    order=70,
    answers={SERIAL_SHAPE, NUMBER, WORDS},  # no applicant or company is called 3-1-1201
)
register_search(
    "mr.changes",
    _("Machine-room changes"),
    changes,
    action="mr.view",
    order=80,
    answers={SERIAL_SHAPE, WORDS},
)
register_search("mr.equipment", _("Equipment ledger"), equipment, action="mr.view", order=90)
register_search(
    "mr.backups", _("Backup jobs"), backups, action="mr.view", order=100, answers={WORDS}
)
