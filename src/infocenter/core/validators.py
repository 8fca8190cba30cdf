"""Chinese phone numbers (UX 7): 11-digit mobiles and landlines with an area code. One rule
for every form, service and import."""

import re

from django.utils.translation import gettext as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def clean_phone(raw: str, field: str, errors: dict) -> str:
    """Normalised number, or an error under ``field``."""
    phone = re.sub(r"[\s()（）]", "", raw or "").replace("—", "-")
    if phone.startswith("+86"):
        phone = phone[3:]
    if MOBILE.match(phone) or LANDLINE.match(phone):
        return phone
    errors.setdefault(field, []).append(
        _("Enter an 11-digit mobile number or a landline with its area code, e.g. 023-68881000.")
    )
    return phone


def validate_phone(value: str) -> None:
    """Django validator form of ``clean_phone``."""
    from django.core.exceptions import ValidationError

    errors: dict = {}
    clean_phone(value, "phone", errors)
    if errors:
        raise ValidationError(errors["phone"][0], code="invalid")
