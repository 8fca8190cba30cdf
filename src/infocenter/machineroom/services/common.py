"""What the machine room's request-like records share: asking the information-center head, the
head's decision recorded on the record (decided by, at, note) and telling the applicant; and the
clocks with a fixed due instant and an advance warning (restore tests, password changes, loans,
inspection rounds)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.texts import Text, choice_code


def new_request(model, actor, *, site, series: str, at=None, **fields):
    """A new request-like ``model`` record on ``site`` (inside the caller's transaction): its
    next serial in ``series``, who asked (``actor``) and when (``at``, by default now)."""
    at = at or timezone.now()
    return model.objects.create(
        site=site,
        serial=allocate_serial(site=site, series=series, at=at),
        requested_by=actor,
        requested_at=at,
        **fields,
    )


def requested(actor, record, *, kind: str, data: dict, message: str, text: str = "") -> None:
    """A new request audited as ``kind`` (with ``data``) and sent to the information-center
    heads for approval (``ask_the_head``)."""
    record_event(actor=actor, subject=record, kind=kind, data=data)
    ask_the_head(record, message, text)


def ask_the_head(record, message: str, text: str = "") -> None:
    """Tells the information-center heads of ``record``'s site ``message`` (what waits for them),
    with ``text`` as the detail."""
    tell(holders(record.site_id, Role.IC_HEAD), record, message, text)


def decision(actor, note: str):
    """The ``values`` of a head's decision step (``take_step``): who decided, when, and why."""
    return lambda row, now: {"decided_by": actor, "decided_at": now, "decision_note": note}


def noted(row, note: str) -> dict:
    """The ``values`` adding ``note`` (if any) to ``row``'s decision note, on a line of its own."""
    return {"decision_note": "\n".join(filter(None, [row.decision_note, note]))}


def tell_decided(people, record, note: str) -> None:
    """Tells ``people`` the state the head's decision left an outsider's ``record`` in (its
    serial, organisation and state), with the head's note."""
    tell(
        people,
        record,
        Text(
            N_("%(serial)s (%(organisation)s): %(state)s"),
            {
                "serial": record.serial,
                "organisation": record.organisation,
                "state": choice_code(record, "state"),
            },
        ),
        note,
    )


def local_at(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock, local time, on ``day`` (the instant a dated clock falls due)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def schedule_with_warning(
    subject,
    kind: str,
    *,
    due_at: dt.datetime,
    warn_before: dt.timedelta,
    now: dt.datetime | None = None,
):
    """Starts the clock ``kind`` of ``subject`` (inside the caller's transaction): due at
    ``due_at``, with a warning ``warn_before`` earlier unless that moment is already past
    (``now``, by default the current time)."""
    warn = due_at - warn_before
    return deadlines.schedule_at(
        subject=subject,
        kind=kind,
        site=subject.site,
        due_at=due_at,
        warn_at=warn if warn > (now or timezone.now()) else None,
    )
