"""The contact directory (LOG-4): the numbers the control room keeps at hand, searchable by
name, organisation, number, pinyin and initials; imported from and exported to Excel."""

import re

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Site
from infocenter.core.pinyin import initials, spelled
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors, clean_phone

from ..choices import ContactCategory
from ..models import Contact

CONTACT_FIELDS = ("category", "name", "organisation", "title", "phone", "phone2", "note")


def clean_contact_number(raw: str, field: str, errors: dict) -> str:
    """A directory number: a phone number (``clean_phone``), or a service or emergency number of
    3 to 8 digits (110, 119, 96968, 12345)."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if re.fullmatch(r"\d{3,8}", digits):
        return digits
    return clean_phone(raw, field, errors)


def _contact_errors(*, category: str, name: str, phone: str, phone2: str) -> tuple[dict, str, str]:
    errors = FieldErrors()
    errors.choice("category", category, ContactCategory)
    errors.required(name=name)
    phone = clean_contact_number(phone, "phone", errors)
    phone2 = clean_contact_number(phone2, "phone2", errors) if phone2 else ""
    return errors, phone, phone2


def search_keys(*parts: str) -> dict:
    """The pinyin and initials a directory or library record is found by."""
    text = " ".join(p for p in parts if p)
    return (
        {
            "search_pinyin": " ".join(spelled(p) for p in parts if p)[:400],
            "search_initials": " ".join(initials(p) for p in parts if p)[:100],
        }
        if text
        else {}
    )


def add_contact(
    actor,
    *,
    site: Site,
    category: str,
    name: str,
    phone: str,
    organisation: str = "",
    title: str = "",
    phone2: str = "",
    note: str = "",
) -> Contact:
    """LOG-4: a number the control room must keep at hand."""
    permissions.check(actor, "lb.directory", site=site)
    errors, phone, phone2 = _contact_errors(
        category=category, name=name, phone=phone, phone2=phone2
    )
    errors.raise_any()
    with transaction.atomic(durable=True):
        return _new_contact(
            actor,
            site=site,
            category=category,
            name=name,
            organisation=organisation,
            title=title,
            phone=phone,
            phone2=phone2,
            note=note,
        )


def _new_contact(
    actor, *, site, category, name, organisation, title, phone, phone2, note
) -> Contact:
    contact = Contact.objects.create(
        site=site,
        category=category,
        name=name.strip(),
        organisation=organisation.strip(),
        title=title.strip(),
        phone=phone,
        phone2=phone2,
        note=note.strip(),
        **search_keys(name.strip(), organisation.strip()),
    )
    record_event(
        actor=actor,
        subject=contact,
        kind="contact.added",
        data={"category": category, "name": contact.name, "phone": phone},
    )
    return contact


def update_contact(
    actor,
    contact: Contact,
    *,
    version: int,
    category: str,
    name: str,
    phone: str,
    organisation: str = "",
    title: str = "",
    phone2: str = "",
    note: str = "",
) -> Contact:
    """LOG-4: correct a contact; a stale edit is refused and nothing is overwritten."""
    permissions.check(actor, "lb.directory", site=contact.site_id)
    errors, phone, phone2 = _contact_errors(
        category=category, name=name, phone=phone, phone2=phone2
    )
    errors.raise_any()
    with transaction.atomic(durable=True):
        contact = lock_for_change(Contact, contact, version)
        new = {
            "category": category,
            "name": name.strip(),
            "organisation": organisation.strip(),
            "title": title.strip(),
            "phone": phone,
            "phone2": phone2,
            "note": note.strip(),
        }
        changes = {k: [getattr(contact, k), v] for k, v in new.items() if getattr(contact, k) != v}
        for key, value in {**new, **search_keys(new["name"], new["organisation"])}.items():
            setattr(contact, key, value)
        save_new_version(contact, *new, "search_pinyin", "search_initials")
        record_event(
            actor=actor, subject=contact, kind="contact.changed", data={"changes": changes}
        )
        return contact


def remove_contact(actor, contact: Contact, *, version: int) -> Contact:
    """LOG-4: a number no longer valid leaves the directory (the audit log keeps it); returns
    the removed contact, unsaved."""
    permissions.check(actor, "lb.directory", site=contact.site_id)
    with transaction.atomic(durable=True):
        contact = lock_for_change(Contact, contact, version)
        record_event(
            actor=actor,
            subject=contact,
            kind="contact.removed",
            data={k: getattr(contact, k) for k in CONTACT_FIELDS},
        )
        contact.delete()
        return contact


def category_labels() -> dict[str, str]:
    """Category label → value, in every language of the interface (a sheet may use any)."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found |= {str(label): value for value, label in ContactCategory.choices}
    return found


def import_contacts(actor, *, site: Site, rows: list[dict], progress=None) -> list[Contact]:
    """LOG-4: contacts from a spreadsheet, all or nothing. Every bad row is reported (its row
    number and field); when any row is bad, nothing is imported."""
    permissions.check(actor, "lb.directory", site=site)
    problems, clean = [], []
    labels = category_labels()
    for row in rows:
        category = labels.get(row.get("category", ""), row.get("category", ""))
        errors, phone, phone2 = _contact_errors(
            category=category,
            name=row.get("name", ""),
            phone=row.get("phone", ""),
            phone2=row.get("phone2", ""),
        )
        if errors:
            problems.append({"row": row["row"], "errors": errors})
        else:
            clean.append(
                {
                    **{k: row.get(k, "") for k in CONTACT_FIELDS},
                    "category": category,
                    "phone": phone,
                    "phone2": phone2,
                }
            )
    if problems:
        raise ValidationFailed(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(problems)},
            field_errors={"rows": problems},
            rule="LOG-4",
        )
    if not clean:
        raise ValidationFailed(field_errors={"file": [_("The file holds no contacts.")]})
    with transaction.atomic(durable=True):
        created = []
        for n, values in enumerate(clean, 1):
            created.append(_new_contact(actor, site=site, **values))
            if progress:
                progress(n, len(clean))
        record_event(
            actor=actor, subject=site, kind="contact.imported", data={"contacts": len(created)}
        )
        return created
