"""Every scoped read of the control-room registers. Everyone with a role at a site sees its
registers; the writes are limited by ``services``."""

import datetime as dt
import re

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.dbfunctions import ends_with, tail_alias
from infocenter.core.deadlines import clocks_for
from infocenter.core.exceptions import NotFound
from infocenter.core.models import Building, Site, User
from infocenter.core.search import Query
from infocenter.servicedesk.models import Resident
from infocenter.servicedesk.selectors import residents_for

from .choices import CallState, EntryKind, EntryState, HandoverState
from .models import (
    Contact,
    Document,
    DocumentVersion,
    Handover,
    PhoneCall,
    RegistryEntry,
    Whereabouts,
)


def _scoped(qs: QuerySet, actor) -> QuerySet:
    return permissions.restrict(qs, actor, "lb.view")


def clocks_of(record) -> list:
    """The record's open and breached clocks (acceptance, call-back)."""
    return clocks_for([record]).get(record.pk, [])


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# -- handovers ---------------------------------------------------------------------------------


def handovers_for(actor, *, site: Site | None = None) -> QuerySet[Handover]:
    qs = _scoped(Handover.objects.select_related("site", "outgoing", "incoming"), actor)
    return qs.filter(site=site) if site is not None else qs


def get_handover(actor, pk) -> Handover:
    return _get(handovers_for(actor), pk)


def waiting_handover(actor) -> QuerySet[Handover]:
    """Handovers waiting for the actor to accept them."""
    return handovers_for(actor).filter(incoming=actor, state=HandoverState.HANDED_OVER)


# -- phone log ---------------------------------------------------------------------------------


def calls_for(actor, *, site: Site | None = None) -> QuerySet[PhoneCall]:
    qs = _scoped(
        PhoneCall.objects.select_related(
            "site", "taken_by", "form", "callback_of", "returned_by", "called", "substitute"
        ),
        actor,
    )
    return qs.filter(site=site) if site is not None else qs


def get_call(actor, pk) -> PhoneCall:
    return _get(calls_for(actor), pk)


def missed_calls_for(actor, *, site: Site | None = None) -> QuerySet[PhoneCall]:
    return calls_for(actor, site=site).filter(state=CallState.MISSED).order_by("occurred_at")


# -- information registry ----------------------------------------------------------------------


def entries_for(actor, *, site: Site | None = None) -> QuerySet[RegistryEntry]:
    qs = _scoped(
        RegistryEntry.objects.select_related("site", "department", "recorded_by").prefetch_related(
            Prefetch("buildings", queryset=Building.objects.order_by("name"))
        ),
        actor,
    )
    return qs.filter(site=site) if site is not None else qs


def get_entry(actor, pk) -> RegistryEntry:
    return _get(entries_for(actor), pk)


def _current(qs: QuerySet, at: dt.datetime) -> QuerySet:
    return qs.filter(state=EntryState.ACTIVE, starts_at__lte=at).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=at)
    )


def in_force(actor, *, at: dt.datetime | None = None) -> QuerySet[RegistryEntry]:
    """Entries in force now at every site of the actor (the home panel)."""
    return _current(entries_for(actor), at or timezone.now()).order_by("starts_at")


def intake_building(actor, *, building=None, room=None) -> Building | None:
    """The building of the caller at intake, by its id or a room's, within the actor's sites
    (another site's is not found); None when neither is given."""
    buildings = permissions.restrict(Building.objects.select_related("site"), actor, "org.view")
    if building not in (None, ""):
        return _get(buildings, building)
    if room not in (None, ""):
        try:
            return buildings.get(units__rooms=room)
        except (Building.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
    return None


def in_force_at_building(
    actor, *, building: Building, at: dt.datetime | None = None
) -> QuerySet[RegistryEntry]:
    """LOG-3 at intake (source 4.3.3): what is in force now at ``building``: entries naming
    it and those for the whole site (no building named), soonest ending first."""
    return (
        _current(entries_for(actor, site=building.site), at or timezone.now())
        .filter(Q(buildings=building) | Q(buildings__isnull=True))
        .select_related(None)
        .select_related("department")
        .order_by(F("ends_at").asc(nulls_last=True), "starts_at", "id")
    )


def current_entries_at(site: Site, at: dt.datetime) -> QuerySet[RegistryEntry]:
    """Entries in force at ``at`` (the handover's section; not scoped: the caller is the service)."""
    return (
        _current(RegistryEntry.objects.filter(site=site), at)
        .select_related("department")
        .prefetch_related("buildings")
        .order_by("starts_at")
    )


# Words people type for a kind ("停电" finds power outages), in every language of the interface.
KIND_WORDS = {
    EntryKind.WATER_OUTAGE: ("停水", "停水", "water", "水"),
    EntryKind.POWER_OUTAGE: ("停电", "停電", "power", "电", "電"),
    EntryKind.GAS_OUTAGE: ("停气", "停氣", "gas", "气", "氣"),
    EntryKind.MAJOR_REPAIR: ("大修", "检修", "檢修", "overhaul"),
    EntryKind.MEDIUM_REPAIR: ("中修",),
    EntryKind.MINOR_REPAIR: ("小修", "维修", "維修", "repair"),
    EntryKind.COMPLAINT_FOLLOW_UP: ("投诉", "投訴", "complaint"),
    EntryKind.COMMUNITY_EVENT: ("活动", "活動", "event"),
    EntryKind.INTERNAL_NOTICE: ("通知", "notice"),
}
_BUILDING = re.compile(r"(\d+)\s*(?:栋|棟|号楼|號樓|幢|座)?")


def parse_now_query(q: str) -> tuple[set[str], list[str], str]:
    """ "3栋停电" → ({power_outage}, ["3"], ""): the kinds, building numbers and remaining words."""
    kinds, rest = set(), q.strip().lower()
    for kind, words in KIND_WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            if word in rest and len(word) > 1:
                kinds.add(kind)
                rest = rest.replace(word, " ")
    if not kinds:  # single characters only when nothing longer matched ("电" alone)
        for kind, words in KIND_WORDS.items():
            if any(len(w) == 1 and w in rest for w in words):
                kinds.add(kind)
                rest = "".join(
                    " " if c in "".join(w for w in words if len(w) == 1) else c for c in rest
                )
    numbers = _BUILDING.findall(rest)
    rest = _BUILDING.sub(" ", rest)
    for noise in (
        "现在",
        "現在",
        "有没有",
        "有沒有",
        "吗",
        "嗎",
        "是否",
        "now",
        "is",
        "there",
        "in",
        "building",
        "a",
        "?",
        "？",
    ):
        rest = rest.replace(noise, " ")
    return kinds, numbers, " ".join(rest.split())


def now_board(
    actor, *, site: Site, q: str = "", at: dt.datetime | None = None
) -> QuerySet[RegistryEntry]:
    """LOG-3 "now" board: what is in force at the site now (or at ``at``), answering "is there a
    power cut in building 3?" in one search. An entry without buildings covers the whole site."""
    at = at or timezone.now()
    qs = _current(entries_for(actor, site=site), at)
    kinds, numbers, words = parse_now_query(q)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if numbers:
        names = [f"{n}{suffix}" for n in numbers for suffix in ("", "栋", "棟", "号楼", "幢", "座")]
        matching = Building.objects.filter(site=site, name__in=names)
        qs = qs.filter(Q(buildings__in=matching) | Q(buildings__isnull=True)).distinct()
    if words:
        qs = qs.filter(Q(title__icontains=words) | Q(details__icontains=words))
    return qs.order_by("starts_at")


def upcoming_entries(actor, *, site: Site, days: int = 7) -> QuerySet[RegistryEntry]:
    now = timezone.now()
    return (
        entries_for(actor, site=site)
        .filter(
            state=EntryState.ACTIVE, starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=days)
        )
        .order_by("starts_at")
    )


def late_reports(actor, *, site: Site, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """LOG-3: per reporting department, the entries recorded in the period and how many late."""
    rows = (
        entries_for(actor, site=site)
        .filter(recorded_at__gte=start, recorded_at__lt=end)
        .values("department__name")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(late=True)))
        .order_by("-late", "department__name")
    )
    return [
        {"department": r["department__name"], "total": r["total"], "late": r["late"]} for r in rows
    ]


# -- contact directory ------------------------------------------------------------------------


def contacts_for(actor, *, site: Site | None = None) -> QuerySet[Contact]:
    qs = _scoped(Contact.objects.select_related("site"), actor)
    return qs.filter(site=site) if site is not None else qs


def get_contact(actor, pk) -> Contact:
    return _get(contacts_for(actor), pk)


def phone_prefixes(q: str) -> set[str]:
    """A typed number as stored: landlines keep the hyphen after a 3- or 4-digit area code
    (``clean_phone``), so "02367" must also find "023-67…"."""
    digits = q.replace("-", "")
    found = {q, digits}
    if digits.startswith("0"):
        found |= {f"{digits[:n]}-{digits[n:]}" for n in (3, 4) if len(digits) > n}
    return found


def _text_condition(
    q: str,
    *,
    phones: tuple[str, ...],
    names: tuple[str, ...],
    pinyin: str,
    initials_field: str,
    anywhere: bool = False,
):
    """Digits: a number's start; Latin letters: full pinyin or initials (each word's start, or
    ``anywhere`` in it for titles); Chinese: the text itself, anywhere."""
    if q.replace("-", "").isdigit():
        condition = Q()
        for variant in phone_prefixes(q):  # a prefix as a range: the (site, phone) index serves it
            upper = variant[:-1] + chr(ord(variant[-1]) + 1)
            for field in dict.fromkeys(phones):
                condition |= Q(**{f"{field}__gte": variant, f"{field}__lt": upper})
        return condition
    if q.isascii():
        key = q.lower().replace(" ", "")
        if anywhere:
            return Q(**{f"{initials_field}__contains": key}) | Q(**{f"{pinyin}__contains": key})
        return (
            Q(**{f"{initials_field}__startswith": key})
            | Q(**{f"{initials_field}__contains": f" {key}"})
            | Q(**{f"{pinyin}__startswith": key})
            | Q(**{f"{pinyin}__contains": f" {key}"})
        )
    # Chinese: the characters themselves, anywhere (派出所 finds 观音桥派出所). Not their pinyin
    # as well: that would add homophones (章 for 张) and two more scans of every row.
    condition = Q()
    for name in names:
        condition |= Q(**{f"{name}__contains": q})
    return condition


def search_contacts(actor, *, site: Site, q: str = "", category: str = "") -> QuerySet[Contact]:
    """LOG-4: the directory by name, organisation, number, full pinyin or pinyin initials
    (anywhere: "pcs" finds 观音桥派出所)."""
    qs = contacts_for(actor, site=site)
    if category:
        qs = qs.filter(category=category)
    q = q.strip()
    if q:
        qs = qs.filter(
            _text_condition(
                q,
                phones=("phone", "phone2"),
                names=("name", "organisation"),
                pinyin="search_pinyin",
                initials_field="search_initials",
                anywhere=True,
            )
        )
    return qs.order_by("category", "name", "pk")


def contacts_matching(actor, query: Query) -> QuerySet[Contact]:
    """The search box's contacts: as the directory finds them (a number's start, a name, its
    pinyin or initials), and by a number's last four to six digits."""
    if query.serial:
        return Contact.objects.none()
    condition = _text_condition(
        query.text,
        phones=("phone", "phone2"),
        names=("name", "organisation"),
        pinyin="search_pinyin",
        initials_field="search_initials",
        anywhere=True,
    )
    contacts = contacts_for(actor)
    if query.is_phone and not query.is_full_phone:
        contacts = contacts.alias(**tail_alias("phone", "phone2"))
        condition |= ends_with(query.digits, "phone", "phone2")
    return contacts.filter(condition).order_by("name", "pk")


SEARCH_DAYS = 366  # the registry entries a search reads: those recorded in the last year


def entries_matching(actor, query: Query) -> QuerySet[RegistryEntry]:
    """The search box's registry entries: an exact serial, or a title containing the words,
    among the last year's entries (the site's recent ones by their index, not its history)."""
    entries = entries_for(actor).order_by("-recorded_at")
    if query.serial:
        return entries.filter(serial=query.serial)
    if query.digits or query.key:
        return entries.none()
    since = timezone.now() - dt.timedelta(days=SEARCH_DAYS)
    return entries.filter(recorded_at__gte=since, title__contains=query.text)


def calls_matching(actor, query: Query) -> QuerySet[PhoneCall]:
    """The search box's phone log lines: an exact serial, or the start of the number."""
    calls = calls_for(actor).order_by("-occurred_at")
    if query.serial:
        return calls.filter(serial=query.serial)
    if not query.is_full_phone:
        return calls.none()
    condition = Q()
    for variant in phone_prefixes(query.text):
        upper = variant[:-1] + chr(ord(variant[-1]) + 1)
        condition |= Q(number__gte=variant, number__lt=upper)
    return calls.filter(condition)


def search_residents(actor, *, site: Site, q: str) -> QuerySet[Resident]:
    """LOG-4: owners and residents are the service desk's register, searched the same way."""
    return residents_for(actor, q=q, site=site)


# -- reference library ------------------------------------------------------------------------


def documents_for(
    actor, *, site: Site | None = None, q: str = "", category: str = ""
) -> QuerySet[Document]:
    """LOG-5: the library with each document's versions, newest effective first."""
    versions = DocumentVersion.objects.select_related("attachment", "added_by").order_by(
        "-effective_from", "-id"
    )
    qs = _scoped(
        Document.objects.select_related("site").prefetch_related(
            Prefetch("versions", queryset=versions)
        ),
        actor,
    )
    if site is not None:
        qs = qs.filter(site=site)
    if category:
        qs = qs.filter(category=category)
    q = q.strip()
    if q:
        qs = qs.filter(
            _text_condition(
                q,
                phones=("reference", "reference"),
                names=("title", "issuer", "summary"),
                pinyin="search_pinyin",
                initials_field="search_initials",
                anywhere=True,
            )
            | Q(reference__icontains=q)
        )
    return qs.order_by("category", "title")


def get_document(actor, pk) -> Document:
    return _get(documents_for(actor), pk)


def current_version(document: Document, today: dt.date | None = None):
    """The version in force today: the latest whose effective date has come."""
    today = today or timezone.localdate()
    return next((v for v in document.versions.all() if v.effective_from <= today), None)


# -- whereabouts ------------------------------------------------------------------------------


def whereabouts_board(actor, *, site: Site) -> list[dict]:
    """IT-5: everyone with a role at the site, with where they are and whom to call instead.
    A status whose "until" has passed shows as not known."""
    permissions.check(actor, "lb.view", site=site)
    now = timezone.now()
    people = (
        User.objects.filter(is_active=True)
        .filter(Q(role_assignments__site=site) | Q(role_assignments__branch__sites=site))
        .distinct()
        .order_by("full_name", "username")
    )
    where = {
        w.user_id: w
        for w in Whereabouts.objects.filter(user__in=people).select_related("substitute")
    }
    board = []
    for person in people:
        row = where.get(person.pk)
        expired = row is not None and row.until is not None and row.until <= now
        board.append({"person": person, "where": None if expired else row, "expired": expired})
    return board
