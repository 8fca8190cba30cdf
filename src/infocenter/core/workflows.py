"""The workflow engine every app's tables use (DESIGN rules 1, 3 and 9).

An app declares each record's steps once, as ``Step`` rows in its own ``workflows.py``. A step
service calls ``take_step``, which asks ``require`` and does the rest of every step the same way;
pages and the API offer ``available`` as buttons and actions. The roles behind a step are
permission actions of ``core.permissions``; an app may add a grant beyond the roles for its own
records (``register_grant``)."""

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, deadlines, outbox, permissions
from .audit import record_event
from .exceptions import Conflict, InvalidTransition, PermissionDenied
from .services import lock_for_change, save_if_current, save_new_version

R = TypeVar("R", bound=models.Model)


@dataclass(frozen=True)
class Step:
    """One step of a workflow: from which states, to which state, granted by which actions."""

    name: str
    label: object
    sources: frozenset
    target: str
    action: str | tuple[str, ...]  # the permission action(s) that grant the step
    rule: str
    tone: str = "primary"

    @property
    def actions(self) -> tuple[str, ...]:
        return self.action if isinstance(self.action, tuple) else (self.action,)


Grant = Callable[[object, tuple[str, ...], models.Model], bool]
_GRANTS: dict[type[models.Model], Grant] = {}


def register_grant(model: type[models.Model], grant: Grant) -> None:
    """Let ``grant(actor, actions, record)`` allow steps on ``model``'s records beyond the
    actor's roles (the service desk: the person a re-issued order is addressed to, SD-14)."""
    _GRANTS[model] = grant


def may(actor, step: Step, record) -> bool:
    """Whether ``actor``'s roles, or a grant of the record's app, allow ``step`` on ``record``
    (state aside)."""
    grant = _GRANTS.get(type(record))
    if grant is not None and grant(actor, step.actions, record):
        return True
    department_id = getattr(record, "department_id", None)
    return any(
        permissions.can(actor, a, site_id=record.site_id, department_id=department_id)
        for a in step.actions
    )


def available(actor, record, steps: dict[str, Step]) -> list[Step]:
    """The steps the actor can take now: allowed from the state and by their roles."""
    if getattr(record, "archived_at", None) is not None:
        return []
    return [s for s in steps.values() if record.state in s.sources and may(actor, s, record)]


def require(actor, record, step: Step) -> None:
    """Refuse the step with the reason: the state does not allow it (409), or the roles do not
    (403). Archived records refuse every step (SD-16)."""
    if getattr(record, "archived_at", None) is not None:
        raise Conflict(
            _("%(record)s is archived and read-only.") % {"record": record}, rule="SD-16"
        )
    if record.state not in step.sources:
        raise InvalidTransition(
            _("%(record)s is %(state)s: “%(step)s” is not possible now.")
            % {"record": record, "state": record.get_state_display(), "step": step.label},
            rule=step.rule,
        )
    if actor is not None and not may(actor, step, record):
        raise PermissionDenied(
            _("Your roles do not allow “%(step)s” on %(record)s.")
            % {"step": step.label, "record": record},
            rule=step.rule,
        )


def take_step(
    actor,
    record: R,
    step: Step,
    *,
    version: int | None,
    event: str,
    values: dict | Callable[[R, dt.datetime], dict] | None = None,
    data: dict | Callable[[R, dict], dict] | None = None,
    then: Callable[[R, dt.datetime, dict], object] | None = None,
    check: Callable[[object, R], None] | None = None,
    related: tuple[str, ...] = (),
) -> R:
    """The body of every workflow step service.

    ``check`` (by default the table's ``require``) refuses early. Then, in one durable
    transaction: when the record was read at ``version`` (as a request reads it), the change
    is saved by one ``UPDATE`` that holds only while the row is still at that version and not
    archived (``save_if_current``; a step's own ``check`` is asked again first, since it may
    read other rows); otherwise the record is locked at ``version`` (a stale or archived
    record is refused) and checked again. ``values`` (a dict, or built from the row and the
    moment) are set
    with the step's target state (a step without a target keeps the state; ``values`` may
    name the state itself) and saved with the version moved on; the audit ``event`` is recorded
    with ``data`` (a dict, or built from the row and ``before``, the old values of what
    changed, ids for foreign keys); and ``then(row, now, before)`` moves the clocks and queues
    the notifications. The step's audit events, clocks and messages are written together at
    its end. Returns the saved row."""
    # a step's own check may read other rows: it is asked again inside the transaction
    recheck = check is not None
    check = check or (lambda who, row: require(who, row, step))
    check(actor, record)
    with (
        transaction.atomic(durable=True),
        audit.appended_together(),
        deadlines.started_together(),
        outbox.sent_together(),
    ):
        now = timezone.now()
        if version is not None and record.version == version and not related:
            row = copy.copy(record)
            if recheck:
                check(actor, row)
            changes, before = _changes(row, step, values, now)
            save_if_current(row, version, *changes)
        else:
            row = lock_for_change(type(record), record, version, related=related)
            check(actor, row)
            changes, before = _changes(row, step, values, now)
            save_new_version(row, *changes)
        record_event(
            actor=actor,
            subject=row,
            kind=event,
            data=data(row, before) if callable(data) else data or {},
        )
        if then is not None:
            then(row, now, before)
        return row


def _changes(row, step: Step, values, now) -> tuple[dict, dict]:
    """What the step sets on ``row`` (set on it), and the old values of those fields."""
    changes = values(row, now) if callable(values) else dict(values or {})
    if step.target is not None:
        changes = {"state": step.target, **changes}
    before = {n: getattr(row, row._meta.get_field(n).attname) for n in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    return changes, before


def steps_table(rule: str, *rows) -> dict[str, Step]:
    """A workflow's steps under ``rule``, by name, one row a step: ``(name, label, from states,
    to state, action[, tone])``."""
    return {
        name: Step(name, label, frozenset(sources), target, action, rule, *tone)
        for name, label, sources, target, action, *tone in rows
    }
