"""The head's one approvals inbox: every machine-room record waiting for the information-center
head registers a source here (visits and construction now; permits, changes, data access and
loans as they come)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infocenter.core.bulk import each

# What the countdown of an approval counts: the decision is due before the work starts.
DECIDE_BY = _("approval time limit")


@dataclass(frozen=True)
class Waiting:
    kind: str  # what it is, for the reader ("施工申请单")
    title: str
    url: str
    since: object  # datetime
    detail: str = ""
    urgent: bool = False  # an emergency repair, an emergency change … (UX 11)
    due: object = None  # datetime by which it must be decided, when there is one
    clock: str = ""  # what the countdown to ``due`` counts ("before the visit starts")
    record: object = None  # the record itself, for the bulk approval
    key: str = ""  # "<source>:<pk>", set by ``waiting_for``
    approvable: bool = False  # whether a bulk approval may approve it (set by ``waiting_for``)


@dataclass(frozen=True)
class Source:
    name: str
    rows: Callable  # rows(user) -> iterable of Waiting


_sources: list[Source] = []
# source name → approve(actor, record, *, version): the service that approves one record
_approvers: dict[str, Callable] = {}


def register(name: str, rows: Callable) -> None:
    if name not in {s.name for s in _sources}:
        _sources.append(Source(name, rows))


def register_approver(name: str, approve: Callable) -> None:
    """Let the bulk approval approve the records of source ``name`` with ``approve(actor,
    record, *, version)``, the same service as the record's own page."""
    _approvers[name] = approve


def sources() -> list[str]:
    """The names of the registered sources, in registration order."""
    return [s.name for s in _sources]


def waiting_for(user) -> list[Waiting]:
    """Everything waiting for ``user``'s decision in queue order (UX 11): overdue on top, then
    urgent, then what is due first, rows without a due time after, the oldest first."""
    found = [_keyed(source.name, row) for source in _sources for row in source.rows(user)]
    now = timezone.now()
    return sorted(
        found,
        key=lambda w: (
            not (w.due is not None and w.due <= now),
            not w.urgent,
            w.due is None,
            w.due or w.since,
            w.since,
        ),
    )


def count_by_kind(rows: list[Waiting]) -> list[tuple[str, int]]:
    """How many of each kind wait, in the order the kinds first appear (the oldest first)."""
    return list(Counter(str(w.kind) for w in rows).items())


def _keyed(name: str, row: Waiting) -> Waiting:
    if row.record is None:
        return row
    return replace(row, key=f"{name}:{row.record.pk}", approvable=name in _approvers)


def approve_several(user, keys: list[str]) -> list[tuple[Waiting | str, str]]:
    """Approve each chosen record through its own service, one at a time, each in its own
    transaction (a refused one leaves the others and itself untouched). Returns, in the order
    chosen, each row with "" when approved or the reason it was refused."""
    waiting = {w.key: w for w in waiting_for(user) if w.key}
    results = []
    for key in dict.fromkeys(keys):
        row = waiting.get(key)
        if row is None or not row.approvable:
            results.append((key, gettext("It is no longer waiting for your approval.")))
            continue
        approve = _approvers[key.split(":", 1)[0]]
        results.extend(
            each(
                [row], lambda w, approve=approve: approve(user, w.record, version=w.record.version)
            )
        )
    return results
