"""The rules of keys and credentials (MR-4, MR-12): who is the information center's staff, who is
the head, who may hold an account's password, and what a key's or an account's state refuses."""

from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.exceptions import Conflict
from infocenter.core.models import User
from infocenter.core.validators import FieldErrors

from ..choices import CredentialLevel, KeyState


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
                    "Administrator passwords are held only by the maintenance lead, the information-center head."
                ),
            )
    elif not is_ic_staff(custodian, site_id):
        errors.add(
            "custodian",
            _("Passwords are issued only to the responsible maintainer in the information center."),
        )


def refuse_hand_over(key, to: User) -> None:
    """MR-4: a lost key is not handed over, nor a key to the person who holds it."""
    refuse_if_lost(key)
    if key.holder_id == to.pk:
        raise Conflict(
            _("%(person)s already holds %(key)s.") % {"person": to, "key": key}, rule="MR-4"
        )


def refuse_if_lost(key) -> None:
    if key.state == KeyState.LOST:
        raise Conflict(_("%(key)s is reported lost.") % {"key": key}, rule="MR-4")


def refuse_if_already_lost(key) -> None:
    if key.state == KeyState.LOST:
        raise Conflict(_("%(key)s is already reported lost.") % {"key": key}, rule="MR-4")


def refuse_unless_issued(key) -> None:
    if key.state != KeyState.ISSUED:
        raise Conflict(_("%(key)s is not issued to anyone.") % {"key": key}, rule="MR-4")


def refuse_unless_lost(key) -> None:
    if key.state != KeyState.LOST:
        raise Conflict(_("%(key)s is not reported lost.") % {"key": key}, rule="MR-4")


def refuse_if_retired(credential) -> None:
    """MR-12: a retired account takes no step any more."""
    if credential.retired_at is not None:
        raise Conflict(_("%(account)s is retired.") % {"account": credential}, rule="MR-12")
