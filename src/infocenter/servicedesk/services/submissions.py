"""Staff submissions (SD-17, SD-10; source 4.2.2, 4.2.6, 4.3.4): any staff member of a site files
a Customer Service Form from a phone, photos optional; the 24-hour clock starts at submission;
the processor confirms receipt (签字确认); the filer (填单人) is told the result."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox, permissions
from infocenter.core.attachments import store_images
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Room, Site
from infocenter.core.selectors import holders
from infocenter.core.texts import Text
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import FormState, Priority, ReporterKind, Source
from ..models import ServiceForm
from .intake import record_form_within

MAX_PHOTOS = 5


def submit_form(
    actor,
    *,
    site: Site,
    category: str,
    content: str,
    room: Room | None = None,
    location: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_kind: str = "",
    photos: list | tuple = (),
) -> ServiceForm:
    """SD-17: a staff member of ``site`` files a form (any role but the auditor). Without a
    customer named, the filer is the reporter. The form waits for the processor's receipt
    confirmation; its 24-hour clock runs from now. The site's processors are told."""
    permissions.check(actor, "sd.submit", site=site)
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed(
            field_errors={"photos": [_("At most %(n)d photos.") % {"n": MAX_PHOTOS}]},
            rule="SD-17",
        )
    customer = bool(reporter_name.strip())
    with transaction.atomic(durable=True):
        form = record_form_within(
            actor,
            site=site,
            source=Source.STAFF_FORM,
            reporter_kind=(reporter_kind or ReporterKind.OWNER) if customer else ReporterKind.STAFF,
            reporter_name=reporter_name if customer else actor.full_name or actor.username,
            reporter_phone=reporter_phone if customer else "",
            category=category,
            content=content,
            priority=Priority.NORMAL,
            major=False,
            room=room,
            location=location,
            resident=None,
            received_at=None,
        )
        form.state, form.filed_by = FormState.SUBMITTED, actor
        form.receipt_confirmed_at = form.receipt_confirmed_by = None
        form.save(
            update_fields=["state", "filed_by", "receipt_confirmed_at", "receipt_confirmed_by"]
        )
        store_images(actor=actor, subject=form, site=site, uploads=photos, field="photos")
        outbox.tell(
            holders(site.pk, Role.PROCESSOR),
            form,
            Text(N_("Staff form %(serial)s waits for receipt"), {"serial": form.serial}),
            form.content,
        )
        return form


def confirm_receipt(actor, form: ServiceForm, *, version: int) -> ServiceForm:
    """SD-17, SD-1: the processor confirms receipt of a staff-filed form (签字确认); it is then
    handled or dispatched like any other. The 24-hour clock keeps running from submission."""
    return take_step(
        actor,
        form,
        workflows.FORM_STEPS["confirm_receipt"],
        version=version,
        event="form.receipt_confirmed",
        values=lambda row, now: {"receipt_confirmed_at": now, "receipt_confirmed_by": actor},
    )
