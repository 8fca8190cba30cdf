"""Attachments (X-10): type and size limits, images verified, re-encoded and resized for the
phone. Called by the owning app's service inside its transaction, after its own checks."""

import io
import uuid

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import ValidationFailed
from .models import Attachment

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG", "PNG", "WEBP"}
MAX_EDGE = 1600
Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs


def store_image(*, actor, subject: models.Model, site, upload, stage: str = "", field: str = "photo") -> Attachment:
    """Check ``upload`` (a Django UploadedFile) is a JPEG, PNG or WebP image of at most 10 MB,
    turn it upright, shrink it to 1600 px on the long edge and store it as JPEG."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_image must be called inside the service's transaction")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(field_errors={field: [_("The file is larger than 10 MB.")]}, rule="X-10")
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        kind = image.format
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationFailed(field_errors={field: [_("This is not a readable photo.")]}, rule="X-10") from exc
    if kind not in IMAGE_TYPES:
        raise ValidationFailed(field_errors={field: [_("Only JPEG, PNG or WebP photos are accepted.")]}, rule="X-10")
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    attachment = Attachment(
        site=site, subject_type=subject._meta.label_lower, subject_id=str(subject.pk), stage=stage,
        original_name=(upload.name or "photo")[:200], content_type="image/jpeg", size=out.tell(),
        width=image.width, height=image.height, uploaded_at=timezone.now(), uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(out.getvalue()), save=False)
    attachment.save()
    return attachment


def attachments_of(subject: models.Model):
    return Attachment.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
