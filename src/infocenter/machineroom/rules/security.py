"""The rules of keys and credentials (MR-4, MR-12): who is the information center's staff, who is
the head, and who may hold an account's password."""

from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.models import User
from infocenter.core.validators import FieldErrors

from ..choices import CredentialLevel


def is_ic_staff(person: User | None, site_id: int) -> bool:
    """A member of the information center at the site (the desk's staff), still active."""
    return (
        person is not None
        and person.is_active
        and permissions.can(person, "mr.desk", site_id=site_id)
    )


def is_head(person: User | None, site_id: int) -> bool:
    """The information-center head of the site, still active."""
    return (
        person is not None
        and person.is_active
        and permissions.can(person, "mr.approve", site_id=site_id)
    )


def check_custodian(
    errors: FieldErrors, *, site_id: int, level: str, custodian: User | None
) -> None:
    """MR-12: administrator passwords are held by the head, the others by the information center's staff."""
    if level == CredentialLevel.ADMIN:
        if not is_head(custodian, site_id):
            errors.add(
                "custodian",
                _(
                    "Administrator passwords are held only by the maintenance lead, the information-center head "
                    "(MR-12)."
                ),
            )
    elif not is_ic_staff(custodian, site_id):
        errors.add(
            "custodian",
            _(
                "Passwords are issued only to the responsible maintainer in the information center (MR-12)."
            ),
        )
