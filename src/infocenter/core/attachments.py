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
from .sharding import site_key

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG", "PNG", "WEBP"}
MAX_EDGE = 1600
Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs


def is_png(data: bytes) -> bool:
    """Whether ``data`` is a whole, readable PNG image (a drawn signature is stored as it came,
    so a truncated or forged one must be refused before it is kept, not when it is printed)."""
    if not data.startswith(b"\x89PNG"):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == "PNG"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        return False


def store_image(
    *, actor, subject: models.Model, site, upload, stage: str = "", field: str = "photo"
) -> Attachment:
    """Check ``upload`` (a Django UploadedFile) is a JPEG, PNG or WebP image of at most 10 MB,
    turn it upright, shrink it to 1600 px on the long edge and store it as JPEG."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_image must be called inside the service's transaction")
    return _save(actor, subject, site, upload, stage, _prepared(upload, field))


def store_images(
    *, actor, subject: models.Model, site, uploads, stage: str = "", field: str = "photo"
) -> list[Attachment]:
    """Several photos in the caller's transaction, all or none: every one is checked before
    any is stored, and the first refused one is named with its reason."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_images must be called inside the service's transaction")
    prepared = []
    for upload in uploads:
        try:
            prepared.append(_prepared(upload, field))
        except ValidationFailed as exc:
            reasons = "; ".join(str(m) for msgs in exc.field_errors.values() for m in msgs)
            named = _("%(name)s: %(reason)s") % {"name": upload.name, "reason": reasons}
            raise ValidationFailed(field_errors={field: [named]}, rule="X-10") from exc
    return [
        _save(actor, subject, site, upload, stage, image)
        for upload, image in zip(uploads, prepared, strict=True)
    ]


def _prepared(upload, field: str) -> Image.Image:
    """The upload checked (size, a readable JPEG, PNG or WebP), upright and shrunk; refused
    with the reason under ``field``."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            field_errors={field: [_("The file is larger than 10 MB.")]}, rule="X-10"
        )
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        kind = image.format
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationFailed(
            field_errors={field: [_("This is not a readable photo.")]}, rule="X-10"
        ) from exc
    if kind not in IMAGE_TYPES:
        raise ValidationFailed(
            field_errors={field: [_("Only JPEG, PNG or WebP photos are accepted.")]}, rule="X-10"
        )
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    return image


def _save(actor, subject, site, upload, stage: str, image: Image.Image) -> Attachment:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    attachment = Attachment(
        site=site,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        stage=stage,
        original_name=(upload.name or "photo")[:200],
        content_type="image/jpeg",
        size=out.tell(),
        width=image.width,
        height=image.height,
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(out.getvalue()), save=False)
    attachment.save()
    return attachment


def attachments_of(subject: models.Model):
    return Attachment.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk), **site_key(subject)
    )


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# What a document must start with, by extension: the name alone proves nothing.
DOCUMENT_TYPES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-excel"),
}


def store_document(
    *, actor, subject: models.Model, site, upload, field: str = "file"
) -> Attachment:
    """Check ``upload`` is a PDF, Word or Excel file of at most 20 MB whose content matches its
    extension, and store it under a random name (the original name is kept for display)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_document must be called inside the service's transaction")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(
            field_errors={field: [_("The file is larger than 20 MB.")]}, rule="X-10"
        )
    name = (upload.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationFailed(
            field_errors={field: [_("Only PDF, Word or Excel files are accepted.")]}, rule="X-10"
        )
    magic, content_type = DOCUMENT_TYPES[extension]
    upload.seek(0)
    if not upload.read(len(magic)) == magic:
        raise ValidationFailed(
            field_errors={field: [_("The file's content does not match its type.")]}, rule="X-10"
        )
    upload.seek(0)
    attachment = Attachment(
        site=site,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        original_name=name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    attachment.save()
    return attachment
