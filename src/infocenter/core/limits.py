"""Bounds on what a request may carry, shared by every form and API field (X-7, X-11): how
long free text may be, which control characters are dropped, how deep a JSON body may nest,
how many items one request may list, and which dates are believable.

The form base (``core.forms.StyledForm``) and the API's validation helper
(``core.rest.valid``) apply the text limits to every field that does not set its own; the
API's JSON parser (``core.rest.JSONParser``) applies the nesting limit."""

import datetime as dt
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .exceptions import ValidationFailed

TEXT_MAX = 2_000
"""A line of free text: a name, a phone, a short note."""
LONG_TEXT_MAX = 10_000
"""A description, a result, notes: anything typed into a text area."""
SIGNATURE_MAX = 1_000_000
"""A drawn signature sent as a ``data:image/png;base64,…`` URL."""
SIGNATURE_PNG_MAX = 512 * 1024
"""The PNG of a drawn signature, decoded (work orders, assessments)."""

JSON_MAX_DEPTH = 32
"""Deeper nesting is refused (400) before any serializer sees it."""
LIST_MAX = 100
"""Items in one list of one request (the people of a visit request …)."""
BUILDING_UNITS_MAX = 50
BUILDING_ROOMS_MAX = 5_000

EARLIEST_DATE = dt.date(2000, 1, 1)
FUTURE_YEARS = 10
"""A date at most this many years ahead of today."""
CLOCK_SKEW = dt.timedelta(minutes=10)
"""A moment something happened (received, happened at) may be this far in the future."""
YEAR_MIN, YEAR_MAX = 2000, 2100
"""The years the working-day calendar answers for."""

LONG_TEXT_NAMES = frozenset(
    [
        "description",
        "details",
        "detail",
        "content",
        "body",
        "text",
        "note",
        "notes",
        "remarks",
        "summary",
        "result",
        "resolution",
        "response",
        "outcome",
        "instructions",
        "reason",
        "purpose",
        "plan",
        "measures",
        "handling",
        "feedback",
        "impact",
        "scope",
        "duties",
        "responsibilities",
        "specialties",
        "verification",
        "justification",
        "safeguards",
        "rollback_plan",
        "remedy",
        "inspection",
        "return_reason",
        "return_note",
        "review_note",
        "decision_note",
        "correction_reason",
        "confirm_note",
        "finish_note",
        "fulfilment_note",
        "outcome_note",
        "notice_text",
        "major_report",
        "local_findings",
        "equipment_state",
        "affected_parties",
        "spare_parts",
    ]
)

# C0 controls except tab, newline and carriage return; and DEL
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value):
    """``value`` without control characters: strings directly, lists and dicts all through
    (their keys too); anything else unchanged."""
    if isinstance(value, str):
        return _CONTROLS.sub("", value)
    if isinstance(value, dict):
        return {strip_controls(k): strip_controls(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(strip_controls(v) for v in value)
    return value


def strip_controls_querydict(data):
    """A copy of a form's ``QueryDict`` with every text value cleaned (files untouched)."""
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(strip_controls(key), [strip_controls(v) for v in values])
    return clean


def text_limit(name: str, *, long: bool = False) -> int:
    """The maximum length of the free-text field ``name`` (``long`` when it is a text area)."""
    if "signature" in name:
        return SIGNATURE_MAX
    if long or name in LONG_TEXT_NAMES:
        return LONG_TEXT_MAX
    return TEXT_MAX


def cap(field, limit: int) -> None:
    """Give ``field`` (a Django form field or a DRF field) a maximum length of ``limit``."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))


def depth(value) -> int:
    """How deeply ``value`` (parsed JSON) nests, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item)
    return deepest


def latest_date() -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year + FUTURE_YEARS, day=min(today.day, 28))


def date_error(value: dt.date) -> str | None:
    """Why ``value`` is not a believable date (2000-01-01 … ten years from today), or None."""
    latest = latest_date()
    if EARLIEST_DATE <= value <= latest:
        return None
    return _("Enter a date between %(first)s and %(last)s.") % {
        "first": EARLIEST_DATE.isoformat(),
        "last": latest.isoformat(),
    }


def moment_error(value: dt.datetime, *, happened: bool = False) -> str | None:
    """Why ``value`` is not a believable moment, or None; a moment something ``happened``
    (received, happened at) may be at most ten minutes ahead of now."""
    if happened and value > timezone.now() + CLOCK_SKEW:
        return _("This time is in the future.")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_error(local.date())


def check_year(year: int, *, field: str = "year") -> int:
    """``year`` when the calendar answers for it (2000–2100); a 400 naming ``field``
    otherwise."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationFailed(
            field_errors={
                field: [
                    _("Enter a year between %(first)s and %(last)s.")
                    % {"first": YEAR_MIN, "last": YEAR_MAX}
                ]
            }
        )
    return year


def check_count(items, *, field: str, most: int = LIST_MAX):
    """``items`` when there are at most ``most``; a 400 naming ``field`` otherwise."""
    if len(items) > most:
        raise ValidationFailed(
            field_errors={field: [_("At most %(n)s items in one request.") % {"n": most}]}
        )
    return items


HAPPENED_NAMES = frozenset(
    ["received_at", "happened_at", "occurred_at", "reported_at", "power_restored_at"]
)
"""Fields naming when something happened: at most ten minutes ahead of now."""


def validate_date(value) -> None:
    """A field validator: ``date_error`` as a Django ``ValidationError``."""
    if isinstance(value, dt.datetime):
        return MomentValidator()(value)
    if value is not None and (message := date_error(value)):
        raise DjangoValidationError(message, code="date_range")


@deconstructible
class MomentValidator:
    """A field validator: ``moment_error`` as a Django ``ValidationError``."""

    def __init__(self, *, happened: bool = False):
        self.happened = happened

    def __call__(self, value) -> None:
        if value is not None and (message := moment_error(value, happened=self.happened)):
            raise DjangoValidationError(message, code="date_range")

    def __eq__(self, other):
        return isinstance(other, MomentValidator) and other.happened == self.happened
