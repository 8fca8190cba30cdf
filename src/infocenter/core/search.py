"""The one search box (UX 12): each app registers what it can find (``register_search`` in its
``home.py``) and core asks every kind the person may see, knowing no app.

A provider takes the person, the read ``Query`` and a row limit, and returns ``Hit`` rows from
one indexed query of its app's scoped selectors. An exact serial comes back as an ``exact`` hit,
which the search page opens directly. Pure reads."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import permissions

MIN_TEXT = 2  # characters, before anything is looked up
MIN_DIGITS = 4  # a phone number's last digits at least
SUGGESTIONS = 5  # rows per kind while typing
RESULTS = 20  # rows per kind on the results page
SERIAL = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+){2,}$")
FLAT_TEXT = re.compile(r"^\d+(?:-\d+){1,3}$")  # 3-1-1201, 1-101: a flat, or an asset number
# what a query looks like (``Query.shape``), and so which kinds are asked
SERIAL_SHAPE, NUMBER, FLAT, WORDS = "serial", "number", "flat", "words"
EVERY_SHAPE = frozenset({SERIAL_SHAPE, NUMBER, FLAT, WORDS})


@dataclass(frozen=True)
class Query:
    """What was typed, read once: the text (NFKC, trimmed), its digits when it is a number,
    its lower-case Latin key when it is pinyin, and the upper-case serial when it looks like
    one (``JAHY-KF-2026-00042``)."""

    text: str
    digits: str = ""
    key: str = ""
    serial: str = ""
    # what one search has looked up already, for the next kind (``remembered``)
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def remembered(self, key, compute: Callable[[], object]):
        """``compute()`` once per search: kinds that follow the same candidates (the forms
        found through residents, say) share them instead of looking them up again."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def is_phone(self) -> bool:
        return len(self.digits) >= MIN_DIGITS

    @property
    def is_full_phone(self) -> bool:
        """Long enough to be the start of a number (a mobile's or a landline's), not its tail."""
        return len(self.digits) >= 7

    @property
    def is_chinese(self) -> bool:
        return not self.text.isascii()

    @property
    def shape(self) -> str:
        """What was typed, as the kinds declare what they can find: a ``SERIAL``, a ``NUMBER``
        (a phone number, its start or its last digits), a ``FLAT`` (numbers joined by dashes:
        a flat's address, or an asset number) or ``WORDS`` (a name, its pinyin or initials, an
        address in words, a title)."""
        if self.serial:
            return SERIAL_SHAPE
        if self.is_phone:
            return NUMBER
        return FLAT if FLAT_TEXT.match(self.text.replace(" ", "")) else WORDS


def read(q: str) -> Query:
    """``q`` as the providers read it."""
    text = unicodedata.normalize("NFKC", q or "").strip()
    compact = text.replace(" ", "")
    digits = compact.replace("-", "")
    # "023-6700…" is a landline; "3-1-1201" is a flat
    phone = digits.isdigit() and ("-" not in compact or compact.startswith("0"))
    serial = compact.upper()
    return Query(
        text=text,
        digits=digits if phone else "",
        key=compact.lower() if compact.isascii() and compact.isalpha() else "",
        serial=serial if SERIAL.match(serial) and any(c.isalpha() for c in serial) else "",
    )


def refusal(query: Query) -> str:
    """Why ``query`` is not looked up yet (too short to search without reading whole tables),
    or ""."""
    if len(query.text.replace(" ", "")) < MIN_TEXT:
        return str(_("Type at least 2 characters."))
    if query.digits and len(query.digits) < MIN_DIGITS:
        return str(_("Type at least 4 digits of a phone number."))
    return ""


@dataclass(frozen=True)
class Hit:
    """One thing found: what it is called, where it opens, a line that tells it apart, and
    whether it is the exact serial that was typed."""

    title: str
    url: str
    detail: str = ""
    exact: bool = False


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    provider: Callable[[object, Query, int], list[Hit]]
    action: str
    order: int
    answers: frozenset[str] = EVERY_SHAPE


KINDS: dict[str, Kind] = {}


def register_search(
    kind: str,
    label,
    provider: Callable[[object, Query, int], list[Hit]],
    *,
    action: str,
    order: int = 100,
    answers=EVERY_SHAPE,
) -> None:
    """Let an app offer a kind of record to the search box; only people who may ``action``
    somewhere are asked, only for the query shapes the kind ``answers`` (a kind without
    serials is not asked for one), and the provider scopes the rows itself."""
    KINDS[kind] = Kind(kind, label, provider, action, order, frozenset(answers))


def kinds_for(user, query: Query | None = None) -> list[Kind]:
    """The kinds ``user`` may see, in their order; with ``query``, only those that can
    answer its shape."""
    return [
        k
        for k in sorted(KINDS.values(), key=lambda k: k.order)
        if (query is None or query.shape in k.answers) and permissions.can(user, k.action)
    ]


def search(user, query: Query, *, limit: int = RESULTS) -> list[tuple[Kind, list[Hit]]]:
    """Every kind ``user`` may see with what it found, kinds with nothing left out; nothing at
    all when ``query`` is refused."""
    if refusal(query):
        return []
    found = [(kind, kind.provider(user, query, limit)) for kind in kinds_for(user, query)]
    return [(kind, hits) for kind, hits in found if hits]


def when(moment) -> str:
    """A hit's moment as its line shows it (local time, to the minute), or ""."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def exact_hit(groups: list[tuple[Kind, list[Hit]]]) -> Hit | None:
    """The one record whose serial was typed exactly, if there is exactly one."""
    exact = [hit for _kind, hits in groups for hit in hits if hit.exact]
    return exact[0] if len(exact) == 1 else None
