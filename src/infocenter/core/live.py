"""Queues that refresh themselves (UX 11): a page's refreshable region polls its own URL
(``static/infocenter/live.js``); the view answers such a poll with only that region, or with
204 No Content when nothing the reader can see may have changed since the stamp the region
carries.

The stamp is cheap on purpose, so that fifty open screens polling every 20 s cost little: the
last sequence numbers of the audit chains of the reader's sites (every service write appends
an event there), the reader's unread messages (count and latest), the language, the page's
address, and a time slot of ``LIVE_REFRESH_AT_LEAST`` seconds (what changes only with time,
such as "waiting 3 hours", is rendered again at least that often). Two small indexed queries
beyond the session's own."""

import hashlib
import time

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils.translation import get_language

from . import permissions
from .audit import ORG_CHAIN
from .models import AuditChainHead, Notification

HEADER = "X-Live-Stamp"  # the stamp of the region as the browser has it
POLL_HEADER = "X-Live"  # set by live.js on its polls (with htmx's HX-Request)


def poll_seconds() -> int:
    """How often an open region polls (``INFOCENTER_LIVE_POLL_SECONDS``)."""
    return max(int(getattr(settings, "LIVE_POLL_SECONDS", 20)), 1)


def is_poll(request) -> bool:
    """Whether ``request`` is a region's poll (answered with the region only)."""
    return bool(getattr(request, "htmx", False)) and request.headers.get(POLL_HEADER) == "1"


def unread_stamp(user) -> tuple[int, int]:
    """The reader's unread messages: how many, and the latest one's id."""
    row = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        n=Count("id"), last=Max("id")
    )
    return row["n"], row["last"] or 0


def stamp(request, *, unread: tuple[int, int] | None = None) -> str:
    """What the reader of ``request`` would see has not changed while this stays the same."""
    user = request.user
    heads = AuditChainHead.objects.order_by("chain")
    if not user.is_superuser:
        chains = [f"site:{pk}" for pk in sorted(permissions.sites_of(user))]
        heads = heads.filter(chain__in=[ORG_CHAIN, *chains])
    chains = ",".join(f"{c}#{seq}" for c, seq in heads.values_list("chain", "last_seq"))
    slot = int(time.time() // max(int(getattr(settings, "LIVE_REFRESH_AT_LEAST", 300)), 1))
    n, last = unread if unread is not None else unread_stamp(user)
    raw = f"{request.get_full_path()}|{get_language()}|{user.pk}|{chains}|{n}:{last}|{slot}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:20]


def unchanged(request) -> HttpResponse | None:
    """For a region's poll: 204 when the region the browser holds is still current, else None
    (render the region; its stamp is left on the request for the template). Call it after the
    permission check and before any work."""
    if not is_poll(request):
        return None
    current = stamp(request)
    if request.headers.get(HEADER) == current:
        response = HttpResponse(status=204)
        response[HEADER] = current
        return response
    request.live_stamp = current
    return None


def unchanged_bell(request) -> HttpResponse | None:
    """The bell's poll: 204 while the reader's unread messages are those the bell shows; else
    None, with ``request.unread`` and ``request.live_stamp`` set for the bell's answer."""
    request.unread = unread_stamp(request.user)
    n, last = request.unread
    current = f"{n}-{last}-{get_language()}"
    if is_poll(request) and request.headers.get(HEADER) == current:
        response = HttpResponse(status=204)
        response[HEADER] = current
        return response
    request.live_stamp = current
    return None
