"""Template helpers shared by every app: deadline countdowns (UX 2)."""

import datetime as dt

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core import home, live
from infocenter.core.audit import EVENT_LABELS
from infocenter.core.choices import DeadlineState
from infocenter.core.deadlines import clock_name
from infocenter.core.queues import next_item
from infocenter.core.selectors import saved_filters_for

register = template.Library()


# Marked for translation here, translated once per rendering of many clocks (``Clocks``).
DAYS = gettext_lazy("%(d)sd %(h)sh")
HOURS = gettext_lazy("%(h)sh %(m)smin")
MINUTES = gettext_lazy("%(m)smin")
LEFT = gettext_lazy("%(span)s left")
OVERDUE = gettext_lazy("overdue by %(span)s")
MET = gettext_lazy("met")
PROVISIONAL = gettext_lazy("provisional")
PROVISIONAL_TITLE = gettext_lazy(
    "The official holidays of that year are not entered yet: the due time may move."
)


def _span(delta: dt.timedelta) -> str:
    return Clocks.span_of(delta, str(DAYS), str(HOURS), str(MINUTES))


class Clocks:
    """Countdowns (``{% clock %}``) of one page at one moment, in the reader's language: the
    words are translated once and the time zone looked up once, so a queue of fifty rows
    renders its hundred clocks in Python at the cost of a few template variables."""

    def __init__(self, now: dt.datetime | None = None):
        self.now = now or timezone.now()
        self.zone = timezone.get_current_timezone()
        self.words = {k: str(v) for k, v in _WORDS.items()}
        self.escaped = {k: escape(v) for k, v in self.words.items()}
        self.names: dict[str, str] = {}

    @staticmethod
    def span_of(delta: dt.timedelta, days: str, hours: str, minutes: str) -> str:
        total = int(abs(delta).total_seconds() // 60)
        d, rest = divmod(total, 60 * 24)
        h, m = divmod(rest, 60)
        if d:
            return days % {"d": d, "h": h}
        if h:
            return hours % {"h": h, "m": m}
        return minutes % {"m": m}

    def span(self, delta: dt.timedelta) -> str:
        w = self.words
        return self.span_of(delta, w["days"], w["hours"], w["minutes"])

    def name(self, kind: str) -> str:
        found = self.names.get(kind)
        if found is None:
            found = self.names[kind] = escape(clock_name(kind))
        return found

    def render(self, deadline, named: bool = False) -> SafeString:
        """What ``{% clock deadline named=… %}`` shows, the same markup."""
        if deadline is None:
            return ""
        shown = self.countdown(deadline)
        if named and (name := self.name(deadline.kind)):
            shown = f'<span class="clock-name small text-body-secondary">{name}</span> {shown}'
        if deadline.provisional and deadline.state not in (
            DeadlineState.MET,
            DeadlineState.CANCELLED,
        ):
            e = self.escaped
            shown = (
                f'{shown} <span class="badge text-bg-warning" data-provisional '
                f'title="{e["provisional_title"]}">{e["provisional"]}</span>'
            )
        return mark_safe(shown)  # noqa: S308 - every part is escaped above or below

    def countdown(self, deadline) -> str:
        state, due_at, now = deadline.state, deadline.due_at, self.now
        if state in (DeadlineState.MET, DeadlineState.CANCELLED):
            text = self.escaped["met"] if state == "met" else "—"
            return f'<span class="text-muted small">{text}</span>'
        due = due_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
        if state == DeadlineState.BREACHED or due_at <= now:
            end = deadline.closed_at or now
            text = escape(self.words["overdue"] % {"span": self.span(end - due_at)})
            return f'<span class="clock-late" title="{due}">{text}</span>'
        css = "clock-warn" if deadline.warn_at and deadline.warn_at <= now else "clock-ok"
        text = escape(self.words["left"] % {"span": self.span(due_at - now)})
        return f'<span class="{css}" title="{due}" data-due="{due_at.isoformat()}">{text}</span>'


_WORDS = {
    "days": DAYS,
    "hours": HOURS,
    "minutes": MINUTES,
    "left": LEFT,
    "overdue": OVERDUE,
    "met": MET,
    "provisional": PROVISIONAL,
    "provisional_title": PROVISIONAL_TITLE,
}


@register.simple_tag
def clock(deadline, now=None, named=False):
    """A countdown in colour: green on time, amber past the warning, red when breached; a due
    time computed from a year whose official holidays are not entered is marked provisional
    (X-3). ``named``: the clock's name in front (派工时限 还剩 1小时), as the queues show it.
    Long lists render their clocks with one ``Clocks`` instead (same markup)."""
    return Clocks(now).render(deadline, named)


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dicts built by selectors."""
    return (mapping or {}).get(key, [])


@register.filter
def event_label(kind: str) -> str:

    return EVENT_LABELS.get(kind, kind)


_CHOICE_LABELS: dict = {}


@register.filter
def label(obj, field_name: str):
    """``row|label:"state"``: what ``row.get_state_display`` shows, for long lists. Django's
    method rebuilds the field's choices at every call; this looks them up once per field."""
    key = (type(obj), field_name)
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = dict(obj._meta.get_field(field_name).flatchoices)
    value = getattr(obj, field_name)
    return labels.get(value, value)


@register.filter
def change_rows(event) -> list[tuple]:
    """An edit event's ``{field: [old, new]}`` as (label, old, new) for people: the field's name
    and the labels of its choices in the reader's language, never the codes (UX 14)."""
    changes = (event.data or {}).get("changes") or {}
    try:
        model = apps.get_model(event.subject_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in changes.items():
        old, new = (list(pair) + ["", ""])[:2] if isinstance(pair, list | tuple) else ("", pair)
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is None:
            rows.append((name, old, new))
            continue
        choices = dict(field.flatchoices) if field.choices else {}
        rows.append((capfirst(field.verbose_name), _value(old, choices), _value(new, choices)))
    return rows


def _value(value, choices: dict):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in ("", None):
        return "—"
    return choices.get(value, value) if isinstance(value, str | int) else value


@register.simple_tag(takes_context=True)
def live_attrs(context, urgent=(), url=None):
    """The attributes of a page's refreshable region (``core.live``, ``live.js``): it polls its
    own address every ``LIVE_POLL_SECONDS`` and is swapped whole by the answer; ``urgent``
    lists the addresses of the urgent items it holds (announced when new); ``url``: where it
    polls, when not the page's own address (the bell)."""
    request = context["request"]
    return format_html(
        'data-live data-live-stamp="{}" data-live-interval="{}" data-live-urgent="{}" '
        'hx-get="{}" hx-trigger="live-poll" hx-swap="outerHTML"',
        getattr(request, "live_stamp", ""),
        live.poll_seconds(),
        " ".join(str(u) for u in urgent),
        url or request.get_full_path(),
    )


@register.simple_tag
def countdown(due, name, since=None, now=None):
    """A countdown to a plain due time (an approval before the visit starts …), named and
    coloured as ``clock``: amber past three quarters of the time from ``since``, red when due."""
    if due is None:
        return ""
    now = now or timezone.now()
    shown = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    if due <= now:
        text, css = _("overdue by %(span)s") % {"span": _span(now - due)}, "clock-late"
    else:
        warn = since is not None and now >= since + (due - since) * 0.75
        text, css = (
            _("%(span)s left") % {"span": _span(due - now)},
            ("clock-warn" if warn else "clock-ok"),
        )
    return format_html(
        '<span class="clock-name small text-body-secondary">{}</span> '
        '<span class="{}" title="{}" data-due="{}">{}</span>',
        name,
        css,
        shown,
        due.isoformat(),
        text,
    )


@register.simple_tag(takes_context=True)
def saved_filters(context):
    """The reader's saved filters of the list page being shown (one query)."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    return list(saved_filters_for(request.user, match.view_name))


@register.simple_tag(takes_context=True)
def next_in_queue(context):
    """The next record of the queue this record was opened from, or "" (``core.queues``)."""
    request = context.get("request")
    return next_item(request) if request is not None else ""


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    """The menu bar's entries for the signed-in user (``home.main_menu``, kept per roles,
    language and page)."""
    return mark_safe(home.main_menu(context["request"]))  # rendered from a template
