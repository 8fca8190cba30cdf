"""The shell's registries: navigation entries and home-page panels. Each app registers what
it adds (on import of this module's ``register_*`` calls in its own ``home.py``), so the home
page lists, for each person, what waits for them (later modules fill it)."""

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import calendar, permissions
from .audit import register_event_labels
from .search import NUMBER, WORDS, Hit, register_search
from .selectors import notifications_for, outbox_for, people_matching, sites_for
from .web import url_for_each


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    action: str
    group: str | Promise = ""
    section: str | Promise = (
        ""  # a heading inside the group's menu; entries of one section go together
    )

    @property
    def url(self) -> str:
        """The entry's address, reversed once per process (and script prefix)."""
        key = (get_script_prefix(), self.url_name)
        found = _NAV_URLS.get(key)
        if found is None:
            found = _NAV_URLS[key] = reverse(self.url_name)
        return found


_NAV_URLS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class PanelItem:
    text: str
    url: str = ""
    meta: str = ""
    tone: str = ""  # "", "warning", "danger", "success"
    urgent: bool = False  # an urgent or major matter: announced when it appears (UX 11)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    action: str
    items: Callable[[object], list[PanelItem]]
    empty: str | Promise = _("Nothing waiting.")
    order: int = 100
    # a panel of figures rather than a list: ``items`` returns what this template shows
    template: str = ""


NAV: list[NavItem] = []
PANELS: list[Panel] = []


def register_nav(item: NavItem) -> None:
    NAV.append(item)


def register_panel(panel: Panel) -> None:
    PANELS.append(panel)


def nav_for(user) -> list[NavItem]:
    return [item for item in NAV if permissions.can(user, item.action)]


_MENUS: OrderedDict = OrderedDict()
_MENUS_KEPT = 2000
_MENUS_LOCK = threading.Lock()  # threaded servers share the process's menus


def main_menu(request) -> str:
    """The menu bar's entries for ``request.user``, the current page's entry marked active.

    What the menu shows depends only on the user's roles, the language, the page and the script
    prefix, so each such combination is rendered once per process and kept (the most recently
    used 2,000): every page draws the bar, and walking the registry, checking each entry's
    permission and rendering ~40 links was a tenth of a page's time. The roles are read
    afresh for each request (``permissions.assignments``), so a new or revoked role shows at
    once."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    roles = tuple(
        sorted(
            (r["role"], r["department_id"] or 0, *sorted(r["site_ids"]))
            for r in permissions.assignments(user)
        )
    )
    key = (
        user.pk,
        user.is_superuser,
        user.is_active,
        roles,
        get_language(),
        get_script_prefix(),
        view,
    )
    with _MENUS_LOCK:
        found = _MENUS.get(key)
        if found is not None:
            _MENUS.move_to_end(key)
            return found
    items = nav_for(user)
    groups: dict[str, list] = {}
    for item in items:
        if item.group:
            groups.setdefault(str(item.group), []).append(item)
    found = render_to_string(
        "includes/main_menu.html",
        {
            "nav_view": view,
            "nav_main": [i for i in items if not i.group],
            "nav_groups": sorted(groups.items(), key=lambda group: group[0] == str(SETTINGS)),
        },
    )
    with _MENUS_LOCK:
        _MENUS[key] = found
        if len(_MENUS) > _MENUS_KEPT:
            _MENUS.popitem(last=False)
    return found


def panels_for(user) -> list[tuple[Panel, list[PanelItem]]]:
    visible = [p for p in sorted(PANELS, key=lambda p: p.order) if permissions.can(user, p.action)]
    return [(panel, panel.items(user)) for panel in visible]


def urgent_links(panels: list[tuple[Panel, list[PanelItem]]]) -> list[str]:
    """The addresses of the urgent items of ``panels`` (``panels_for``), once each; a panel drawn
    by its own template (figures, not items) has none."""
    return list(
        dict.fromkeys(
            i.url
            for panel, items in panels
            if not panel.template
            for i in items
            if i.urgent and i.url
        )
    )


# -- the core's own entries ---------------------------------------------------------------


def _notifications(user) -> list[PanelItem]:

    rows = notifications_for(user, unread_only=True)[:10]
    return [
        PanelItem(
            n.subject_text, n.link, timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M")
        )
        for n in rows
    ]


def _calendar_schedule(user) -> list[PanelItem]:
    """X-3: from November on, remind administrators to enter next year's official schedule
    once it is published, until it is known for each of their sites."""

    today = timezone.localdate()
    next_year = today.year + 1
    if today.month < 11 or next_year in calendar.official_years():
        return []
    items = []
    for site in sites_for(user, "calendar.manage").prefetch_related("calendar_overrides"):
        if not any(o.official and o.date.year == next_year for o in site.calendar_overrides.all()):
            items.append(
                PanelItem(
                    _(
                        "%(site)s: the official %(year)s holiday schedule is not entered yet; "
                        "deadlines in %(year)s are provisional."
                    )
                    % {"site": site.name, "year": next_year},
                    reverse("core:calendar") + f"?site={site.pk}&year={next_year}",
                    tone="warning",
                )
            )
    return items


def _stuck_messages(user) -> list[PanelItem]:

    since = timezone.now() - dt.timedelta(minutes=30)
    rows = outbox_for(user).filter(state="pending", attempts__gte=3, created_at__lte=since)[:10]
    return [
        PanelItem(
            f"{m.get_channel_display()} → {m.recipient or m.address}: {m.subject_text}",
            reverse("core:outbox"),
            m.last_error[:80],
            tone="danger",
        )
        for m in rows
    ]


register_nav(NavItem(_("Home"), "home", "house", "org.view"))
SETTINGS = _("Settings")  # the last menu of the bar, whatever the order apps register in
register_nav(NavItem(_("Organisation"), "core:sites", "diagram-3", "org.view", _("Settings")))
register_nav(NavItem(_("Staff"), "core:people", "people", "people.view", _("Settings")))
register_nav(
    NavItem(_("Working calendar"), "core:calendar", "calendar3", "calendar.view", _("Settings"))
)
register_nav(NavItem(_("Audit log"), "core:audit", "shield-check", "audit.view", _("Settings")))
register_nav(NavItem(_("Outgoing messages"), "core:outbox", "send", "outbox.view", _("Settings")))

register_panel(
    Panel(
        "notifications",
        _("Messages for me"),
        "org.view",
        _notifications,
        _("No unread messages."),
        order=10,
    )
)
register_panel(
    Panel(
        "calendar_schedule",
        _("Working calendar"),
        "calendar.manage",
        _calendar_schedule,
        _("Next year's schedule is in place."),
        order=90,
    )
)
register_panel(
    Panel(
        "stuck_messages",
        _("Messages not delivered"),
        "outbox.view",
        _stuck_messages,
        _("Every channel is delivering."),
        order=95,
    )
)


register_event_labels(
    {
        "company.created": _("company created"),
        "branch.created": _("branch created"),
        "site.created": _("site created"),
        "site.updated": _("site edited"),
        "department.created": _("department added"),
        "department.updated": _("department edited"),
        "building.created": _("building added"),
        "person.created": _("person added"),
        "person.superuser_created": _("superuser created"),
        "person.updated": _("profile edited"),
        "person.password_changed": _("password changed"),
        "role.assigned": _("role granted"),
        "role.revoked": _("role revoked"),
        "apikey.issued": _("API key issued"),
        "apikey.revoked": _("API key revoked"),
        "calendar.override_added": _("calendar entry added"),
        "calendar.override_removed": _("calendar entry removed"),
        "message.queued": _("message sent"),
    }
)


def _people_found(user, query, limit: int) -> list[Hit]:
    rows = people_matching(user, query).values("pk", "full_name", "username", "phone", "title")
    url = url_for_each("core:person")
    return [
        Hit(f"{p['full_name'] or p['username']} {p['phone']}".strip(), url(p["pk"]), p["title"])
        for p in rows[:limit]
    ]


register_search(
    "core.people",
    _("Staff"),
    _people_found,
    action="people.view",
    order=120,
    answers={NUMBER, WORDS},
)
