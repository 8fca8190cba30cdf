"""What the control-room registers offer the one search box: contacts, registry entries and
phone-log lines, each read through the app's scoped selectors."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.search import (
    FLAT,
    NUMBER,
    SERIAL_SHAPE,
    WORDS,
    Hit,
    Query,
    register_search,
    when,
)

from . import selectors


def contacts(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.contacts_matching(actor, query).select_related("site")[:limit]
    return [
        Hit(
            f"{c.name} {c.phone}".strip(),
            reverse("logbook:contacts") + "?" + urlencode({"site": c.site_id, "q": c.name}),
            " · ".join(x for x in (c.organisation, c.title, c.get_category_display()) if x),
        )
        for c in rows
    ]


def entries(actor, query: Query, limit: int) -> list[Hit]:
    rows = (
        selectors.entries_matching(actor, query)
        .select_related(None)
        .select_related("department")
        .prefetch_related(None)[:limit]
    )
    return [
        Hit(
            f"{e.serial} · {e.title}",
            e.get_absolute_url(),
            " · ".join((e.get_kind_display(), when(e.starts_at), e.department.name)),
            exact=e.serial == query.serial,
        )
        for e in rows
    ]


def calls(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.calls_matching(actor, query).select_related(None)[:limit]
    return [
        Hit(
            f"{c.serial} · {c.number} {c.caller}".strip(),
            c.get_absolute_url(),
            " · ".join(x for x in (when(c.occurred_at), c.get_state_display(), c.subject) if x),
            exact=c.serial == query.serial,
        )
        for c in rows
    ]


register_search(
    "lb.contacts", _("Contacts"), contacts, action="lb.view", order=40, answers={NUMBER, WORDS}
)
register_search(
    "lb.entries",
    _("Registry entries"),
    entries,
    action="lb.view",
    order=50,
    answers={SERIAL_SHAPE, FLAT, WORDS},  # a title may name a flat
)
register_search(
    "lb.calls", _("Phone log"), calls, action="lb.view", order=60, answers={SERIAL_SHAPE, NUMBER}
)
