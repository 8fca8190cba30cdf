"""What the areas' rules share: who may withdraw a request, and the reason a refusal gives."""

from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.exceptions import ValidationFailed


def may_withdraw(actor, record) -> bool:
    """Whoever asked for ``record`` (an access request, a permit, a data-access request), or the
    information center at its site, may cancel it."""
    return record.requested_by_id == actor.pk or permissions.can(
        actor, "mr.desk", site_id=record.site_id
    )


def reason_of_refusal(note: str) -> str:
    """The head refuses with the reason the applicant is told: ``note`` without its spaces, or
    refused when there is none."""
    if not note.strip():
        raise ValidationFailed(field_errors={"note": [_("Give the reason for the refusal.")]})
    return note.strip()
