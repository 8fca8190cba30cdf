"""The rules of outsiders' data-access requests (MR-11): who may cancel one, which steps are open
to whom, and what may be recorded as provided (only what was asked for and approved, once each,
in a known form). The services refuse with these reasons; the pages ask here too."""

from django.utils.translation import gettext as _

from infocenter.core.exceptions import PermissionDenied
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import Step, available, require

from ..choices import ProvisionForm
from ..models import DataRequest
from ..workflows import DATA_STEPS
from .common import may_withdraw


def steps_for(actor, record: DataRequest) -> list[Step]:
    """The steps open to ``actor`` now: a cancellation only by whoever recorded the request or
    the information center."""
    return [
        s
        for s in available(actor, record, DATA_STEPS)
        if s.name != "cancel" or may_withdraw(actor, record)
    ]


def require_cancel(actor, record: DataRequest) -> None:
    """MR-11: a request is cancelled from its state by whoever recorded it, or the information
    center."""
    require(actor, record, DATA_STEPS["cancel"])
    if not may_withdraw(actor, record):
        raise PermissionDenied(
            _("Only the person who recorded %(serial)s, or the information center, can cancel it.")
            % {"serial": record.serial},
            rule="MR-11",
        )


def check_provided(errors: FieldErrors, record: DataRequest, provided) -> dict:
    """``provided`` (position, form, extent) checked against the request: each item on it,
    approved, once, in a known form, with its pages or records. Returns position → (form,
    extent) of what may be recorded; each problem is added under ``provided``."""
    items = {i.position: i for i in record.items.all()}
    found = {}
    for entry in provided or []:
        position, form, extent = (
            int(entry.get("position") or 0),
            entry.get("form", ""),
            entry.get("extent", ""),
        )
        item = items.get(position)
        if item is None:
            errors.add(
                "provided",
                _(
                    "Item %(n)s is not on %(serial)s: only what was asked for and approved can be "
                    "provided."
                )
                % {"n": position, "serial": record.serial},
            )
        elif not item.approved:
            errors.add(
                "provided",
                _("“%(item)s” was not approved by the head: it cannot be provided.")
                % {"item": item.description},
            )
        elif position in found:
            errors.add("provided", _("“%(item)s” is listed twice.") % {"item": item.description})
        elif form not in ProvisionForm.values or not str(extent or "").strip():
            errors.add(
                "provided",
                _("“%(item)s”: give the form and the pages or records provided.")
                % {"item": item.description},
            )
        else:
            found[position] = (form, str(extent).strip()[:100])
    if not provided:
        errors.add("provided", _("List what was provided, item by item."))
    return found
