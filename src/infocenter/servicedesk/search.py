"""What the service desk offers the one search box: forms, work orders and residents, each
read through the app's scoped selectors (``forms_matching`` …)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.search import NUMBER, WORDS, Hit, Query, register_search

from . import selectors


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def forms(actor, query: Query, limit: int) -> list[Hit]:
    rows = (
        selectors.forms_matching(actor, query)
        .select_related(None)
        .select_related("room__unit__building")[:limit]
    )
    return [
        Hit(
            f"{f.serial} · {f.reporter_name} {f.reporter_phone}".strip(),
            f.get_absolute_url(),
            " · ".join(x for x in (_when(f.received_at), f.address, f.content[:40]) if x),
            exact=f.serial == query.serial,
        )
        for f in rows
    ]


def orders(actor, query: Query, limit: int) -> list[Hit]:
    rows = (
        selectors.orders_matching(actor, query)
        .select_related(None)
        .select_related("department", "form__room__unit__building")[:limit]
    )
    return [
        Hit(
            f"{o.serial} · {o.department.name}",
            o.get_absolute_url(),
            " · ".join(
                x for x in (o.get_state_display(), o.form.address, o.form.reporter_name) if x
            ),
            exact=o.serial == query.serial,
        )
        for o in rows
    ]


def residents(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.residents_matching(actor, query)[:limit]
    return [
        Hit(
            f"{r.name} {r.phone}".strip(),
            reverse("servicedesk:resident", args=[r.pk]),
            " · ".join(x for x in (str(r.room or ""), r.get_state_display()) if x),
        )
        for r in rows
    ]


register_search("sd.forms", _("Customer service forms"), forms, action="sd.view", order=10)
register_search("sd.orders", _("Work orders"), orders, action="sd.view", order=20)
register_search(
    "sd.residents",
    _("Residents register"),
    residents,
    action="sd.view",
    order=30,
    answers={NUMBER, WORDS},
)
