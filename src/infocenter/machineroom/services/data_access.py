"""Every write of outsiders' data-access requests (资料查阅申请, MR-11).

An outsider who needs to consult documents or data applies; the information-center head
approves (some or all of the items) or refuses; staff look the items up on the applicant's
behalf, giving only what was approved, and record exactly what was provided, item by item."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import permissions
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Site
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..models import DataRequest, DataRequestItem
from ..rules import data_access as rules
from ..rules.common import reason_of_refusal
from .common import new_request, requested, tell_decided

SERIES = "ZL"
MAX_ITEMS = 30


def request_data_access(
    actor,
    *,
    site: Site,
    organisation: str,
    applicant: str,
    phone: str,
    purpose: str,
    items: list[str] | str,
    received_on: dt.date | None = None,
) -> DataRequest:
    """MR-11: record an outsider's application to consult documents or data, one item a line;
    it waits for the information-center head's approval."""
    permissions.check(actor, "mr.request", site=site)
    lines = [
        str(line).strip()[:200]
        for line in (items.splitlines() if isinstance(items, str) else items or [])
        if str(line).strip()
    ]
    received_on = received_on or timezone.localdate()
    errors = FieldErrors()
    errors.required(organisation=organisation, applicant=applicant, phone=phone, purpose=purpose)
    if not lines:
        errors.add("items", _("List each document or data asked for, one per line."))
    elif len(lines) > MAX_ITEMS:
        errors.add("items", _("At most %(n)s items on one request.") % {"n": MAX_ITEMS})
    if received_on > timezone.localdate():
        errors.add("received_on", _("The application cannot be received in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = new_request(
            DataRequest,
            actor,
            site=site,
            series=SERIES,
            organisation=organisation.strip(),
            applicant=applicant.strip(),
            phone=phone.strip(),
            purpose=purpose.strip(),
            received_on=received_on,
        )
        DataRequestItem.objects.bulk_create(
            [
                DataRequestItem(
                    site_id=record.site_id, request=record, position=n, description=text
                )
                for n, text in enumerate(lines, start=1)
            ]
        )
        requested(
            actor,
            record,
            kind="data.requested",
            data={
                "organisation": record.organisation,
                "applicant": record.applicant,
                "purpose": record.purpose,
                "items": lines,
            },
            message=Text(
                N_("%(serial)s: %(organisation)s asks to consult documents or data"),
                {"serial": record.serial, "organisation": record.organisation},
            ),
            text="\n".join(lines),
        )
        return record


def _decide(
    actor,
    record: DataRequest,
    name: str,
    *,
    version: int,
    note: str,
    event: str,
    approved: set[int] | None = None,
) -> DataRequest:
    """The head's decision (``take_step``): the items approved (none when refused) are marked;
    whoever recorded the request, and the staff who will look the items up, are told."""
    items = []

    def decided(row, now):
        items.extend(row.items.all())
        for item in items:
            item.approved = approved is not None and item.position in approved
        DataRequestItem.objects.bulk_update(items, ["approved"])
        return {"decided_by": actor, "decided_at": now, "decision_note": note}

    def told(row, now, before):
        staff = holders(row.site_id, Role.MR_MAINTAINER, Role.IT_STAFF) if approved else []
        tell_decided([row.requested_by, *staff], row, note)

    return take_step(
        actor,
        record,
        workflows.DATA_STEPS[name],
        version=version,
        event=event,
        values=decided,
        data=lambda row, before: {
            "note": note,
            "approved": [i.description for i in items if i.approved],
            "not_approved": [i.description for i in items if not i.approved],
        },
        then=told,
    )


def approve_data_request(
    actor,
    record: DataRequest,
    *,
    version: int,
    note: str = "",
    approved_items: list[int] | None = None,
) -> DataRequest:
    """MR-11: the head approves the items the work needs (default: all asked for); staff then
    look them up on the applicant's behalf."""
    positions = set(record.items.values_list("position", flat=True))
    chosen = positions if approved_items is None else {int(p) for p in approved_items}
    if not chosen or not chosen <= positions:
        raise ValidationFailed(
            field_errors={
                "approved_items": [
                    _("Approve at least one of the items asked for, or refuse the request.")
                ]
            },
            rule="MR-11",
        )
    return _decide(
        actor,
        record,
        "approve",
        version=version,
        note=note.strip(),
        event="data.approved",
        approved=chosen,
    )


def refuse_data_request(actor, record: DataRequest, *, version: int, note: str = "") -> DataRequest:
    """MR-11: the head refuses, with the reason the applicant is told."""
    note = reason_of_refusal(note)
    return _decide(actor, record, "refuse", version=version, note=note, event="data.refused")


def cancel_data_request(actor, record: DataRequest, *, version: int, note: str = "") -> DataRequest:
    """The applicant withdrew: whoever recorded the request, or the information center."""
    return take_step(
        actor,
        record,
        workflows.DATA_STEPS["cancel"],
        version=version,
        check=rules.require_cancel,
        values={"fulfilment_note": note.strip()},
        event="data.cancelled",
        data={"note": note.strip()},
    )


def fulfil_data_request(
    actor,
    record: DataRequest,
    *,
    version: int,
    provided: list[dict],
    handed_to: str,
    handed_at: dt.datetime | None = None,
    note: str = "",
) -> DataRequest:
    """MR-11: information-center staff looked the approved items up on the applicant's behalf and
    record exactly what was provided (form, pages or records), to whom and when; the request is
    then closed. Anything not approved cannot be recorded as provided."""
    step = workflows.DATA_STEPS["fulfil"]
    require(actor, record, step)
    handed_at = handed_at or timezone.now()
    errors = FieldErrors()
    errors.required(handed_to=handed_to)
    found = rules.check_provided(errors, record, provided)
    if handed_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("handed_at", _("The hand-over cannot be in the future."))
    elif record.decided_at and handed_at < record.decided_at:
        errors.add("handed_at", _("Nothing is provided before the head's approval."))
    errors.raise_any()
    items = []

    def fulfilled(row, now):
        items.extend(i for i in row.items.all() if i.position in found)
        for item in items:
            item.provided_form, item.provided_extent = found[item.position]
        DataRequestItem.objects.bulk_update(items, ["provided_form", "provided_extent"])
        return {
            "fulfilled_by": actor,
            "fulfilled_at": handed_at,
            "handed_to": handed_to.strip(),
            "fulfilment_note": note.strip(),
        }

    def told(row, now, before):
        if row.decided_by_id and row.decided_by_id != actor.pk:
            tell(
                [row.decided_by],
                row,
                Text(
                    N_("%(serial)s provided to %(person)s"),
                    {"serial": row.serial, "person": row.handed_to},
                ),
                "\n".join(
                    f"{i.description}: {i.get_provided_form_display()} {i.provided_extent}"
                    for i in items
                ),
            )

    return take_step(
        actor,
        record,
        step,
        version=version,
        values=fulfilled,
        event="data.fulfilled",
        data=lambda row, before: {
            "handed_to": row.handed_to,
            "handed_at": handed_at.isoformat(),
            "note": row.fulfilment_note,
            "provided": [
                {"item": i.description, "form": i.provided_form, "extent": i.provided_extent}
                for i in items
            ],
        },
        then=told,
    )
