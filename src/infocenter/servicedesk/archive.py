"""The archive gate (SD-12): what a form and its orders still lack before they may be
archived, named field by field and step by step. Pure reads; services decide."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core.texts import Text

from .choices import Category, FormState, OrderState, ProblemState

NO_CALLBACK_NEEDED = {Category.PRAISE, Category.INTERNAL}  # SD-11: the department replies directly
ARCHIVABLE_FORM_STATES = {FormState.CALLED_BACK, FormState.RESOLVED}


def callback_due(form) -> bool:
    """SD-10, SD-11: whether the form's category calls for a callback (praise and internal
    feedback do not); a correction of the category changes the answer."""
    return form.category not in NO_CALLBACK_NEEDED


def unfixed(form) -> list[str]:
    """SD-12: the problems the data manager named on ``form`` that are not fixed yet."""
    return [
        _("returned for correction: %(problem)s (not yet fixed)") % {"problem": p.problem}
        for p in form.batch_problems.all()
        if p.state == ProblemState.OPEN
    ]


def problems(form, orders=None) -> list[str]:
    """Everything that keeps ``form`` (and its work orders) out of the archive; empty when it
    qualifies."""
    if form.state == FormState.VOIDED:  # SD-3: kept, marked, archived as it stands
        return unfixed(form)
    found = []
    orders = list(form.orders.all()) if orders is None else orders
    if not form.reporter_name or not form.content or not form.category:
        found.append(_("the form's reporter, content or category"))
    why = unfinished(form, orders)
    if why:
        found.append(why)
    elif form.state not in ARCHIVABLE_FORM_STATES:
        found.append(_("the form is still %(state)s") % {"state": form.get_state_display()})
    elif form.state == FormState.RESOLVED and callback_due(form):
        found.append(_("the callback"))
    if not form.resolution:
        found.append(_("the handling and result"))
    for order in orders:
        found += [f"{order.serial}: {p}" for p in order_problems(order)]
    return found + unfixed(form)


def unfinished(form, orders=None) -> str:
    """SD-12: why a matter that came back unfinished has no real result yet (returned, or
    pending until a date); empty for any other form."""
    return str(unfinished_text(form, orders))


def unfinished_text(form, orders=None) -> Text | str:
    """``unfinished`` kept as source and parameters, for a message translated when read."""
    if form.state == FormState.PENDING:
        return Text(
            N_("not finished: pending until %(date)s (%(reason)s)"),
            {"date": form.pending_until, "reason": form.pending_reason},
        )
    if form.state == FormState.RETURNED:
        orders = list(form.orders.all()) if orders is None else orders
        reasons = [o.return_reason for o in orders if o.state == OrderState.RETURNED]
        return Text(
            N_("not finished: returned (%(reason)s), to re-dispatch or set pending"),
            {"reason": "；".join(reasons)},
        )
    return ""


def order_problems(order) -> list[str]:
    if order.state in (OrderState.ESCALATED, OrderState.REDISPATCHED, OrderState.WITHDRAWN):
        # superseded by its re-issue or re-dispatch (checked in its own right), or withdrawn
        # with its voided form (SD-3)
        return []
    found = []
    if order.state != OrderState.CLOSED:
        found.append(
            _("not closed in the register (消档), still %(state)s")
            % {"state": order.get_state_display()}
        )
    if order.reported_at and not (order.signature or order.signed_by_customer or order.unsigned):
        found.append(_("the customer's signature"))
    if not (order.result or order.return_reason):
        found.append(_("the handling and result or the reason for return"))
    if order.verified_at is None:
        found.append(_("the assistant's verification"))
    return found


# -- other control-room records in the weekly batch (LOG-6) ----------------------------------------


@dataclass(frozen=True)
class Participant:
    """Another app's control-room records that go to the data manager with the week's forms:
    the model (with ``site``, ``serial``, ``archive_batch``, ``archived_at``, ``version``), the
    field that dates a record, and what keeps one out of the archive. A record links to its
    page with ``get_absolute_url``."""

    key: str
    label: object
    model: type
    time_field: str
    problems: Callable[[object], list[str]]


PARTICIPANTS: dict[str, Participant] = {}


def register_participant(participant: Participant) -> None:
    PARTICIPANTS[participant.key] = participant


# -- the week handed over (SD-16) ---------------------------------------------------------------


def week_start_of(day: dt.date) -> dt.date:
    """The Monday of the week ``day`` is in: a week is handed over by any day of it."""
    return day - dt.timedelta(days=day.weekday())


def week_end(week_start: dt.date) -> dt.datetime:
    """The instant the week starting ``week_start`` ends (the next Monday, 00:00 local)."""
    return timezone.make_aware(dt.datetime.combine(week_start + dt.timedelta(days=7), dt.time()))


def sort_ready(records, problems, refused: list) -> list[int]:
    """The ids of ``records`` that pass the archive gate (``problems(record)`` finds nothing);
    each other one is added to ``refused`` with exactly what it lacks (SD-12)."""
    ready = []
    for record in records:
        if missing := problems(record):
            refused.append(
                {
                    "serial": record.serial,
                    "id": record.pk,
                    "missing": missing,
                    "link": record.get_absolute_url(),
                }
            )
        else:
            ready.append(record.pk)
    return ready
