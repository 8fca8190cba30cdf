"""Writes of people and their roles (ORG-2, ORG-3): accounts, profiles, passwords, the roles
that grant each person their sites and departments, and the first superuser."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..audit import record_event
from ..choices import Role
from ..exceptions import ValidationFailed
from ..models import (
    Branch,
    Department,
    RoleAssignment,
    Site,
    User,
)
from .organisation import manages_branch
from .records import apply_edit, validated


def create_person(
    actor,
    *,
    username: str,
    full_name: str,
    password: str,
    phone: str = "",
    email: str = "",
    title: str = "",
    responsibilities: str = "",
    specialties: str = "",
    site: Site | None = None,
) -> User:
    """Create a log-in for a person. System administrators of ``site`` (or superusers)."""
    if site is not None:
        permissions.check(actor, "people.manage", site=site)
    elif not getattr(actor, "is_superuser", False):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        return _new_person(
            actor,
            site=site,
            username=username,
            full_name=full_name,
            password=password,
            phone=phone,
            email=email,
            title=title,
            responsibilities=responsibilities,
            specialties=specialties,
        )


def add_staff(
    actor,
    *,
    site: Site,
    role: str,
    department: Department | None,
    username: str,
    full_name: str,
    password: str,
    phone: str = "",
    email: str = "",
    title: str = "",
    responsibilities: str = "",
    specialties: str = "",
) -> User:
    """Create a person together with their first role at ``site``, in one transaction, so
    nobody exists without a role. System administrators of the site."""
    permissions.check(actor, "people.manage", site=site)
    _check_role_target(role, site, department)
    with transaction.atomic(durable=True):
        person = _new_person(
            actor,
            site=site,
            username=username,
            full_name=full_name,
            password=password,
            phone=phone,
            email=email,
            title=title,
            responsibilities=responsibilities,
            specialties=specialties,
        )
        _grant(actor, person=person, role=role, site=site, branch=None, department=department)
        return person


def _new_person(
    actor, *, site: Site | None, username: str, full_name: str, password: str, **profile
) -> User:
    user = User(username=username, full_name=full_name, **profile)
    _validate_password(password, user)
    user.set_password(password)
    validated(user, exclude=["password"])
    user.save()
    record_event(
        actor=actor,
        subject=user,
        kind="person.created",
        site=site,
        data={"username": username, "full_name": full_name},
    )
    return user


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(field_errors={"password": exc.messages}) from exc


def update_profile(
    actor,
    person: User,
    *,
    version: int,
    full_name: str,
    phone: str,
    email: str,
    title: str,
    responsibilities: str,
    specialties: str,
) -> User:
    """Edit a staff profile (ORG-3). The person themself, or a system administrator of one of
    their sites."""
    if not may_edit_profile(actor, person):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        return apply_edit(
            actor,
            person,
            version=version,
            kind="person.updated",
            changes={
                "full_name": full_name,
                "phone": phone,
                "email": email,
                "title": title,
                "responsibilities": responsibilities,
                "specialties": specialties,
            },
        )


def may_edit_profile(actor, person: User) -> bool:
    """The person themself, a system administrator of one of their sites, or a superuser."""
    if actor.pk == person.pk or actor.is_superuser:
        return True
    return any(
        permissions.can(actor, "people.manage", site_id=s) for s in permissions.sites_of(person)
    )


def change_password(actor, *, old_password: str, new_password: str) -> User:
    """The person changes their own password (X-8: validated, hashed, audited)."""
    if not actor.check_password(old_password):
        raise ValidationFailed(field_errors={"old_password": [_("The current password is wrong.")]})
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=actor.pk)
        _validate_password(new_password, user)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_event(actor=actor, subject=user, kind="person.password_changed")
        actor.password = user.password
        return user


def assign_role(
    actor,
    *,
    person: User,
    role: str,
    site: Site | None = None,
    branch: Branch | None = None,
    department: Department | None = None,
) -> RoleAssignment:
    """Grant ``role`` to ``person`` at a site (optionally one department) or a whole branch."""
    if branch is not None:
        if not actor.is_superuser and not manages_branch(actor, branch):
            raise permissions.PermissionDenied()
    else:
        permissions.check(actor, "people.manage", site=site)
    _check_role_target(role, site, department)
    with transaction.atomic(durable=True):
        return _grant(
            actor, person=person, role=role, site=site, branch=branch, department=department
        )


def _check_role_target(role: str, site: Site | None, department: Department | None) -> None:
    if role not in Role.values:
        raise ValidationFailed(field_errors={"role": [_("Unknown role.")]})
    if department is not None and department.site_id != getattr(site, "pk", None):
        raise ValidationFailed(
            field_errors={"department": [_("The department belongs to another site.")]}
        )
    if role in permissions.DEPARTMENT_SCOPED and department is None:
        raise ValidationFailed(
            field_errors={
                "department": [_("Department heads and department staff need their department.")]
            }
        )


def _grant(
    actor,
    *,
    person: User,
    role: str,
    site: Site | None,
    branch: Branch | None,
    department: Department | None,
) -> RoleAssignment:
    assignment = RoleAssignment(
        user=person, role=role, site=site, branch=branch, department=department
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            field_errors={"role": [_("This person already holds this role here.")]}
        ) from exc
    record_event(
        actor=actor,
        subject=person,
        kind="role.assigned",
        site=site,
        data={
            "role": role,
            "branch": getattr(branch, "name", None),
            "department": getattr(department, "name", None),
        },
    )
    permissions.forget(person)
    return assignment


def revoke_role(actor, assignment: RoleAssignment) -> None:
    """Withdraw a role assignment."""
    if assignment.branch_id:
        if not actor.is_superuser and not manages_branch(actor, assignment.branch):
            raise permissions.PermissionDenied()
    else:
        permissions.check(actor, "people.manage", site=assignment.site_id)
    with transaction.atomic(durable=True):
        record_event(
            actor=actor,
            subject=assignment.user,
            kind="role.revoked",
            site=assignment.site,
            data={
                "role": assignment.role,
                "department": getattr(assignment.department, "name", None),
            },
        )
        assignment.delete()
        permissions.forget(assignment.user)


def bootstrap_superuser(*, username: str, full_name: str, password: str, email: str = "") -> User:
    """Create the first superuser of an empty installation (set-up and demo data)."""
    with transaction.atomic(durable=True):
        user = User(
            username=username, full_name=full_name, email=email, is_superuser=True, is_staff=True
        )
        _validate_password(password, user)
        user.set_password(password)
        validated(user, exclude=["password"])
        user.save()
        record_event(
            actor=None, subject=user, kind="person.superuser_created", data={"username": username}
        )
        return user
