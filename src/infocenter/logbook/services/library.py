"""The reference library (LOG-5): regulations and standards with their versions and files."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import attachments, permissions
from infocenter.core.audit import record_event
from infocenter.core.models import Site
from infocenter.core.services import add_audited
from infocenter.core.validators import FieldErrors

from ..choices import DocumentCategory
from ..models import Document, DocumentVersion
from .directory import search_keys


def add_document(
    actor,
    *,
    site: Site,
    category: str,
    title: str,
    issuer: str = "",
    reference: str = "",
    summary: str = "",
) -> Document:
    """LOG-5: a regulation or standard the control room keeps at hand; versions follow."""
    permissions.check(actor, "lb.library", site=site)
    errors = FieldErrors()
    errors.choice("category", category, DocumentCategory)
    errors.required(title=title)
    errors.raise_any()
    return add_audited(
        actor,
        Document,
        event="document.added",
        data=lambda document: {"category": category, "title": document.title},
        site=site,
        category=category,
        title=title.strip(),
        issuer=issuer.strip(),
        reference=reference.strip(),
        summary=summary.strip(),
        **search_keys(title.strip(), issuer.strip()),
    )


def add_document_version(
    actor, document: Document, *, label: str, effective_from: dt.date, note: str = "", upload=None
) -> DocumentVersion:
    """LOG-5: a new version of a document, with its effective date and file (X-10: PDF, Word or
    Excel, at most 20 MB, content checked)."""
    permissions.check(actor, "lb.library", site=document.site_id)
    errors = FieldErrors()
    errors.required(label=label)
    if document.versions.filter(label=label.strip()).exists():
        errors.add("label", _("This version is already in the library."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        version = DocumentVersion(
            site_id=document.site_id,
            document=document,
            label=label.strip(),
            effective_from=effective_from,
            note=note.strip(),
            added_at=timezone.now(),
            added_by=actor,
        )
        version.save()
        if upload is not None:
            version.attachment = attachments.store_document(
                actor=actor, subject=version, site=document.site, upload=upload, field="upload"
            )
            version.save(update_fields=["attachment"])
        record_event(
            actor=actor,
            subject=document,
            kind="document.versioned",
            data={
                "label": version.label,
                "effective_from": effective_from,
                "file": version.attachment.original_name if version.attachment else "",
            },
        )
        return version
