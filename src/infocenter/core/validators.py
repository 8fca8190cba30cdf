"""Input checks every service shares: the field errors a service gathers before it refuses
(``FieldErrors``), and Chinese phone numbers (UX 7: 11-digit mobiles and landlines with an area
code), one rule for every form, service and import."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .exceptions import ValidationFailed


class FieldErrors(dict):
    """The messages a service gathers field by field before it refuses all of them at once
    (``raise_any``): a 400 with every field's message, nothing saved."""

    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(message)

    def required(self, **values) -> None:
        """Each of ``values`` that is empty or only spaces is a required field left empty."""
        for field, value in values.items():
            if not str(value or "").strip():
                self.add(field, _("This field is required."))

    def choice(self, field: str, value, choices) -> None:
        """``value`` must be one of the ``TextChoices``' values."""
        if value not in choices.values:
            self.add(field, _("Choose one of the listed values."))

    def raise_any(self, *, rule: str = "") -> None:
        if self:
            raise ValidationFailed(field_errors=dict(self), rule=rule)


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

    errors: dict = {}
    clean_phone(value, "phone", errors)
    if errors:
        raise ValidationError(errors["phone"][0], code="invalid")


def is_number(raw) -> bool:
    """Whether ``raw`` (a query parameter, a posted id) is a whole number written in ASCII digits
    of a sane length: ``str.isdigit`` also says yes to ``²`` or ``٣``, which ``int`` refuses."""
    text = str(raw)
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit()
