"""What the service desk offers the one search box: forms, work orders and residents, each
read through the app's scoped selectors (``forms_matching`` …)."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.search import FLAT, NUMBER, WORDS, Hit, Query, register_search, when
from infocenter.core.web import url_for_each

from . import selectors
from .choices import OrderState, ResidentState


def _flat(row: dict, prefix: str = "") -> str:
    """A row's flat as ``str(room)`` reads it (``1栋1单元202``), from its plain values."""
    number = row[f"{prefix}room__number"]
    if number is None:
        return row.get(f"{prefix}location") or ""
    return selectors.room_label(
        row[f"{prefix}room__unit__building__name"], row[f"{prefix}room__unit__name"], number
    )


ROOM = ("room__number", "room__unit__name", "room__unit__building__name")

# Each kind reads plain values, not model instances, and builds its addresses from one reversed
# prefix: a general manager's results page lists twenty rows of a dozen kinds.


def forms(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.forms_matching(actor, query).values(
        "pk",
        "serial",
        "reporter_name",
        "reporter_phone",
        "received_at",
        "location",
        "content",
        *ROOM,
    )[:limit]
    url = url_for_each("servicedesk:form")
    return [
        Hit(
            f"{f['serial']} · {f['reporter_name']} {f['reporter_phone']}".strip(),
            url(f["pk"]),
            " · ".join(x for x in (when(f["received_at"]), _flat(f), f["content"][:40]) if x),
            exact=f["serial"] == query.serial,
        )
        for f in rows
    ]


def orders(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.orders_matching(actor, query).values(
        "pk",
        "serial",
        "state",
        "department__name",
        "form__reporter_name",
        "form__location",
        *(f"form__{field}" for field in ROOM),
    )[:limit]
    url = url_for_each("servicedesk:order")
    states = {value: str(label) for value, label in OrderState.choices}
    return [
        Hit(
            f"{o['serial']} · {o['department__name']}",
            url(o["pk"]),
            " · ".join(
                x
                for x in (
                    states.get(o["state"], o["state"]),
                    _flat(o, "form__"),
                    o["form__reporter_name"],
                )
                if x
            ),
            exact=o["serial"] == query.serial,
        )
        for o in rows
    ]


def residents(actor, query: Query, limit: int) -> list[Hit]:
    rows = selectors.residents_matching(actor, query).values("pk", "name", "phone", "state", *ROOM)[
        :limit
    ]
    url = url_for_each("servicedesk:resident")
    states = {value: str(label) for value, label in ResidentState.choices}
    return [
        Hit(
            f"{r['name']} {r['phone']}".strip(),
            url(r["pk"]),
            " · ".join(x for x in (_flat(r), states.get(r["state"], r["state"])) if x),
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
    answers={NUMBER, FLAT, WORDS},
)
