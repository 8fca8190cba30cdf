"""Photos of a work order before and after the work (X-10)."""

from django.db import transaction
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.attachments import store_image
from infocenter.core.audit import record_event
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.services import lock_for_change
from infocenter.core.workflows import may

from .. import workflows
from ..choices import OrderState
from ..models import WorkOrder

PHOTO_STAGES = ("before", "after")


def add_order_photo(actor, order: WorkOrder, *, upload, stage: str):
    """A photo before or after the work, by the technician or a department head (X-10)."""
    if stage not in PHOTO_STAGES:
        raise ValidationFailed(field_errors={"stage": [_("Choose before or after.")]})
    if not may(actor, workflows.ORDER_STEPS["report"], order):
        raise permissions.PermissionDenied(_("Only the department handling the order adds photos."))
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkOrder, order, None)
        if row.state not in (OrderState.ASSIGNED, OrderState.IN_PROGRESS, OrderState.REPORTED):
            raise InvalidTransition(
                _("Photos are added while the order is being handled."), rule="X-10"
            )
        photo = store_image(actor=actor, subject=row, site=row.site, upload=upload, stage=stage)
        record_event(
            actor=actor,
            subject=row,
            kind="order.photo_added",
            data={"stage": stage, "attachment": photo.pk, "size": photo.size},
        )
        return photo
