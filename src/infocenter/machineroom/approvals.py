"""The head's one approvals inbox: every machine-room record waiting for the information-center
head registers a source here (visits and construction now; permits, changes, data access and
loans as they come)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    kind: str  # what it is, for the reader ("施工申请单")
    title: str
    url: str
    since: object  # datetime
    detail: str = ""


@dataclass(frozen=True)
class Source:
    name: str
    rows: Callable  # rows(user) -> iterable of Waiting


_sources: list[Source] = []


def register(name: str, rows: Callable) -> None:
    if name not in {s.name for s in _sources}:
        _sources.append(Source(name, rows))


def sources() -> list[str]:
    """The names of the registered sources, in registration order."""
    return [s.name for s in _sources]


def waiting_for(user) -> list[Waiting]:
    """Everything waiting for ``user``'s decision, the oldest first."""
    found = [row for source in _sources for row in source.rows(user)]
    return sorted(found, key=lambda w: w.since)


def count_by_kind(rows: list[Waiting]) -> list[tuple[str, int]]:
    """How many of each kind wait, in the order the kinds first appear (the oldest first)."""
    return list(Counter(str(w.kind) for w in rows).items())
