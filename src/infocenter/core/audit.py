"""The audit chain (X-1, DESIGN rule 6): one append-only, hash-chained sequence of events per
site, plus one for organisation-wide events. ``record_event`` appends inside the caller's
transaction; ``verify_chains`` recomputes every link and names the first broken one."""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .locking import lock_or_create
from .models import AuditChainHead, AuditEvent, Site

ORG_CHAIN = "org"
EVENT_LABELS: dict = {}


def register_event_labels(labels: dict) -> None:
    """Human names of event kinds, shown in timelines instead of the codes."""
    EVENT_LABELS.update(labels)


GENESIS = "0" * 64
# Events recorded inside ``appended_together()``, waiting to be linked and inserted at its end.
_held: ContextVar[list | None] = ContextVar("audit_held", default=None)


@contextmanager
def appended_together():
    """Events recorded inside are linked and written when the block ends, in the order they
    were recorded, with one lock of each chain head and one insert: a service that does several
    steps in one transaction (log a call and dispatch it) pays for the chain once. Must sit
    inside the service's transaction; nothing is written if the block fails. Inside another
    such block, the events join the outer one."""
    if _held.get() is not None:
        yield
        return
    held: list[AuditEvent] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    for chain in dict.fromkeys(e.chain for e in held):
        _append(chain, [e for e in held if e.chain == chain])


def _append(chain: str, events: list) -> None:
    """Link ``events`` after the head of ``chain`` and insert them; the head moves once."""
    head = lock_or_create(AuditChainHead, chain=chain)
    seq, prev = head.last_seq, head.last_hash or GENESIS
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = compute_hash(event)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    head.last_seq, head.last_hash = seq, prev
    head.save(update_fields=["last_seq", "last_hash"])


def chain_name(site: Site | None) -> str:
    return f"site:{site.pk}" if site is not None else ORG_CHAIN


def subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def _normalise(data: dict) -> dict:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def compute_hash(event: AuditEvent) -> str:
    """SHA-256 of every meaningful field of the event, including the previous link's hash."""
    payload = {
        "chain": event.chain,
        "seq": event.seq,
        "site": event.site_id,
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "kind": event.kind,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "subject_repr": event.subject_repr,
        "data": event.data,
        "prev": event.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_event(
    *,
    actor,
    subject: models.Model,
    kind: str,
    data: dict | None = None,
    site: Site | None = None,
) -> AuditEvent:
    """Append one event to the chain of ``site`` (default: the subject's site). Must run inside
    the service's transaction, so the event exists exactly when the change does."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the service's transaction")
    if site is not None:
        site_id = site.pk
    elif isinstance(subject, Site):
        site_id = subject.pk
    elif hasattr(subject, "site_id"):  # the id is enough: the site itself is not read
        site_id = subject.site_id
    else:
        site_id = getattr(getattr(subject, "site", None), "pk", None)
    chain = f"site:{site_id}" if site_id is not None else ORG_CHAIN
    subject_type, subject_id = subject_key(subject)
    actor_obj = actor if getattr(actor, "pk", None) else None
    event = AuditEvent(
        chain=chain,
        site_id=site_id,
        occurred_at=timezone.now(),
        actor=actor_obj,
        actor_name=str(actor_obj) if actor_obj else "system",
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_repr=str(subject)[:200],
        data=_normalise(data),
    )
    held = _held.get()
    if held is not None:  # linked and written at the end of ``appended_together()``
        held.append(event)
        return event
    head = lock_or_create(AuditChainHead, chain=chain)
    event.seq, event.prev_hash = head.last_seq + 1, head.last_hash or GENESIS
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def record_events(*, actor, site: Site | None, events: list[tuple[models.Model, str, dict]]) -> int:
    """Append many events to the chain of ``site`` at once (an import that changes thousands of
    records): one ``(subject, kind, data)`` an event, each linked to the one before exactly as
    ``record_event`` links them, the chain head locked and moved once, the rows inserted in
    chunks. Must run inside the service's transaction. Returns how many were appended."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_events must be called inside the service's transaction")
    if not events:
        return 0
    chain = chain_name(site)
    head = lock_or_create(AuditChainHead, chain=chain)
    actor_obj = actor if getattr(actor, "pk", None) else None
    actor_name, now = (str(actor_obj) if actor_obj else "system"), timezone.now()
    seq, prev, rows = head.last_seq, head.last_hash or GENESIS, []
    for subject, kind, data in events:
        subject_type, subject_id = subject_key(subject)
        seq += 1
        event = AuditEvent(
            chain=chain,
            seq=seq,
            site=site,
            occurred_at=now,
            actor=actor_obj,
            actor_name=actor_name,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_repr=str(subject)[:200],
            data=_normalise(data),
            prev_hash=prev,
        )
        event.hash = prev = compute_hash(event)
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=500)
    head.last_seq, head.last_hash = seq, prev
    head.save(update_fields=["last_seq", "last_hash"])
    return len(rows)


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields that changed, for edit events."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(chain: str) -> ChainReport:
    """Walk one chain in sequence order and return the first broken link, if any: a missing
    sequence number (deleted), a link that does not follow its predecessor (reordered or
    inserted), a hash that does not match the content (modified), or a head that points past
    the last event (deleted at the end)."""
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            return ChainReport(chain, count, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(
                chain,
                count,
                event.seq,
                f"event #{event.seq} does not follow event #{event.seq - 1} (reordered or inserted)",
            )
        if compute_hash(event) != event.hash:
            return ChainReport(chain, count, event.seq, f"event #{event.seq} was modified")
        expected_seq, prev_hash = expected_seq + 1, event.hash
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head and (
        head.last_seq != expected_seq - 1 or head.last_hash != (prev_hash if count else "")
    ):
        return ChainReport(
            chain, count, expected_seq, f"event #{expected_seq} and later are missing"
        )
    return ChainReport(chain, count)


def chains(site: Site | None = None) -> Iterable[str]:
    if site is not None:
        return [chain_name(site)]
    names = set(AuditChainHead.objects.values_list("chain", flat=True))
    names |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    return sorted(names)


def verify_chains(site: Site | None = None) -> list[ChainReport]:
    return [verify_chain(name) for name in chains(site)]
