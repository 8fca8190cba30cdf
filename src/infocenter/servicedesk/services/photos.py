"""Photos of a work order before and after the work (X-10)."""

from django.db import transaction
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.attachments import store_images
from infocenter.core.audit import record_event
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.services import lock_for_change
from infocenter.core.workflows import may

from .. import workflows
from ..choices import OrderState
from ..models import WorkOrder

PHOTO_STAGES = ("before", "after")
MAX_PHOTOS = 10  # per post: a round of before/after shots, not a gallery dump


def add_order_photo(actor, order: WorkOrder, *, upload, stage: str):
    """A photo before or after the work, by the technician or a department head (X-10)."""
    return add_order_photos(actor, order, uploads=[upload], stage=stage)[0]


def add_order_photos(actor, order: WorkOrder, *, uploads, stage: str) -> list:
    """Several photos before or after the work in one go, as a phone's camera or gallery hands
    them over (X-10). Each is checked; one refused file refuses them all, named with its reason,
    so nothing is half kept. One audit event per photo."""
    if stage not in PHOTO_STAGES:
        raise ValidationFailed(field_errors={"stage": [_("Choose before or after.")]})
    if not may(actor, workflows.ORDER_STEPS["report"], order):
        raise permissions.PermissionDenied(_("Only the department handling the order adds photos."))
    if not uploads:
        raise ValidationFailed(field_errors={"photo": [_("Choose at least one photo.")]})
    if len(uploads) > MAX_PHOTOS:
        raise ValidationFailed(
            field_errors={"photo": [_("At most %(n)d photos at once.") % {"n": MAX_PHOTOS}]},
            rule="X-10",
        )
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkOrder, order, None)
        if row.state not in (OrderState.ASSIGNED, OrderState.IN_PROGRESS, OrderState.REPORTED):
            raise InvalidTransition(
                _("Photos are added while the order is being handled."), rule="X-10"
            )
        photos = store_images(
            actor=actor, subject=row, site=row.site, uploads=uploads, stage=stage
        )  # every file checked before any is kept; a refused one is named
        for photo in photos:
            record_event(
                actor=actor,
                subject=row,
                kind="order.photo_added",
                data={"stage": stage, "attachment": photo.pk, "size": photo.size},
            )
        return photos
