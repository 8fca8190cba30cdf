"""Every write of outsiders' data-access requests (资料查阅申请, MR-11).

An outsider who needs to consult documents or data applies; the information-center head
approves (some or all of the items) or refuses; staff look the items up on the applicant's
behalf, giving only what was approved, and record exactly what was provided, item by item."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import PermissionDenied, ValidationFailed
from infocenter.core.models import Site
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require

from .. import workflows
from ..choices import ProvisionForm
from ..models import DataRequest, DataRequestItem

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
    items,
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
        now = timezone.now()
        record = DataRequest.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=SERIES, at=now),
            organisation=organisation.strip(),
            applicant=applicant.strip(),
            phone=phone.strip(),
            purpose=purpose.strip(),
            received_on=received_on,
            requested_by=actor,
            requested_at=now,
        )
        DataRequestItem.objects.bulk_create(
            [
                DataRequestItem(request=record, position=n, description=text)
                for n, text in enumerate(lines, start=1)
            ]
        )
        record_event(
            actor=actor,
            subject=record,
            kind="data.requested",
            data={
                "organisation": record.organisation,
                "applicant": record.applicant,
                "purpose": record.purpose,
                "items": lines,
            },
        )
        tell(
            holders(site.pk, Role.IC_HEAD),
            record,
            _("%(serial)s: %(organisation)s asks to consult documents or data (MR-11)")
            % {"serial": record.serial, "organisation": record.organisation},
            "\n".join(lines),
        )
        return record


def _decide(
    actor, record: DataRequest, step_name: str, *, version: int, note: str, kind: str, approved=None
):
    step = workflows.DATA_STEPS[step_name]
    require(actor, record, step)
    with transaction.atomic(durable=True):
        record = lock_for_change(DataRequest, record, version)
        require(actor, record, step)
        record.state, record.decided_by, record.decided_at, record.decision_note = (
            step.target,
            actor,
            timezone.now(),
            note,
        )
        save_new_version(record, "state", "decided_by", "decided_at", "decision_note")
        items = list(record.items.all())
        for item in items:
            item.approved = approved is not None and item.position in approved
        DataRequestItem.objects.bulk_update(items, ["approved"])
        record_event(
            actor=actor,
            subject=record,
            kind=kind,
            data={
                "note": note,
                "approved": [i.description for i in items if i.approved],
                "not_approved": [i.description for i in items if not i.approved],
            },
        )
        staff = holders(record.site_id, Role.MR_MAINTAINER, Role.IT_STAFF) if approved else []
        tell(
            [record.requested_by, *staff],
            record,
            _("%(serial)s (%(organisation)s): %(state)s")
            % {
                "serial": record.serial,
                "organisation": record.organisation,
                "state": record.get_state_display(),
            },
            note,
        )
        return record


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
        kind="data.approved",
        approved=chosen,
    )


def refuse_data_request(actor, record: DataRequest, *, version: int, note: str = "") -> DataRequest:
    """MR-11: the head refuses, with the reason the applicant is told."""
    if not note.strip():
        raise ValidationFailed(field_errors={"note": [_("Give the reason for the refusal.")]})
    return _decide(actor, record, "refuse", version=version, note=note.strip(), kind="data.refused")


def cancel_data_request(actor, record: DataRequest, *, version: int, note: str = "") -> DataRequest:
    """The applicant withdrew: whoever recorded the request, or the information center."""
    step = workflows.DATA_STEPS["cancel"]
    require(actor, record, step)
    if record.requested_by_id != actor.pk and not permissions.can(
        actor, "mr.desk", site_id=record.site_id
    ):
        raise PermissionDenied(
            _("Only the person who recorded %(serial)s, or the information center, can cancel it.")
            % {"serial": record.serial},
            rule="MR-11",
        )
    with transaction.atomic(durable=True):
        record = lock_for_change(DataRequest, record, version)
        require(actor, record, step)
        record.state = step.target
        record.fulfilment_note = note.strip()
        save_new_version(record, "state", "fulfilment_note")
        record_event(
            actor=actor, subject=record, kind="data.cancelled", data={"note": note.strip()}
        )
        return record


def _check_provided(errors: FieldErrors, record: DataRequest, provided) -> dict:
    """``provided`` (position, form, extent) checked against the request: each item on it,
    approved, once, in a known form, with its pages or records."""
    items = {i.position: i for i in record.items.all()}
    found, problems = {}, []
    for entry in provided or []:
        position, form, extent = (
            int(entry.get("position") or 0),
            entry.get("form", ""),
            entry.get("extent", ""),
        )
        item = items.get(position)
        if item is None:
            problems.append(
                _(
                    "Item %(n)s is not on %(serial)s: only what was asked for and approved can be "
                    "provided (MR-11)."
                )
                % {"n": position, "serial": record.serial}
            )
        elif not item.approved:
            problems.append(
                _("“%(item)s” was not approved by the head: it cannot be provided (MR-11).")
                % {"item": item.description}
            )
        elif position in found:
            problems.append(_("“%(item)s” is listed twice.") % {"item": item.description})
        elif form not in ProvisionForm.values or not str(extent or "").strip():
            problems.append(
                _("“%(item)s”: give the form and the pages or records provided.")
                % {"item": item.description}
            )
        else:
            found[position] = (form, str(extent).strip()[:100])
    if not provided:
        problems.append(_("List what was provided, item by item."))
    if problems:
        errors["provided"] = problems
    return found


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
    found = _check_provided(errors, record, provided)
    if handed_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("handed_at", _("The hand-over cannot be in the future."))
    elif record.decided_at and handed_at < record.decided_at:
        errors.add("handed_at", _("Nothing is provided before the head's approval (MR-11)."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = lock_for_change(DataRequest, record, version)
        require(actor, record, step)
        items = [i for i in record.items.all() if i.position in found]
        for item in items:
            item.provided_form, item.provided_extent = found[item.position]
        DataRequestItem.objects.bulk_update(items, ["provided_form", "provided_extent"])
        record.state, record.fulfilled_by, record.fulfilled_at = step.target, actor, handed_at
        record.handed_to, record.fulfilment_note = handed_to.strip(), note.strip()
        save_new_version(
            record, "state", "fulfilled_by", "fulfilled_at", "handed_to", "fulfilment_note"
        )
        record_event(
            actor=actor,
            subject=record,
            kind="data.fulfilled",
            data={
                "handed_to": record.handed_to,
                "handed_at": handed_at.isoformat(),
                "note": record.fulfilment_note,
                "provided": [
                    {"item": i.description, "form": i.provided_form, "extent": i.provided_extent}
                    for i in items
                ],
            },
        )
        if record.decided_by_id and record.decided_by_id != actor.pk:
            tell(
                [record.decided_by],
                record,
                _("%(serial)s provided to %(person)s (MR-11)")
                % {"serial": record.serial, "person": record.handed_to},
                "\n".join(
                    f"{i.description}: {i.get_provided_form_display()} {i.provided_extent}"
                    for i in items
                ),
            )
        return record
