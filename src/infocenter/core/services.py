"""Every write of the core app. Each public service checks the actor's permission, validates,
changes state in one durable transaction and appends its audit event (DESIGN rule 1)."""

import datetime as dt

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .audit import diff, record_event
from .choices import OverrideKind, Role
from .exceptions import Conflict, StaleEdit, ValidationFailed
from .models import (
    AuditEvent,
    Branch,
    Building,
    CalendarOverride,
    Company,
    Department,
    Notification,
    RoleAssignment,
    Room,
    Site,
    Unit,
    User,
)


def _validated(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's field and constraint validation; raise ``ValidationFailed`` with one
    message per field."""
    try:
        obj.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        raise ValidationFailed(field_errors=exc.message_dict) from exc


def stale_edit(obj: models.Model) -> StaleEdit:
    """The refusal for an edit based on an old version: says who changed what, and when."""
    last = (
        AuditEvent.objects.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))
        .order_by("-occurred_at", "-seq")
        .first()
    )
    if last is None:
        return StaleEdit()
    changes = "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in last.data.get("changes", {}).items())
    when = timezone.localtime(last.occurred_at).strftime("%Y-%m-%d %H:%M")
    return StaleEdit(
        _(
            "%(who)s changed this record at %(when)s (%(changes)s). Nothing was saved; "
            "reload to see the current values and edit again."
        )
        % {"who": last.actor_name, "when": when, "changes": changes or last.kind}
    )


def lock_for_change(model, record, version: int | None, *, related: tuple[str, ...] = ()):
    """``record`` read again under a row lock, for a service about to change it: refused when
    it is archived (SD-16) or when ``version`` is not the current one (a stale edit)."""
    rows = (
        model.objects.select_related(*related).select_for_update(of=("self",))
        if related
        else model.objects.select_for_update()
    )
    row = rows.get(pk=record.pk)
    if getattr(row, "archived_at", None) is not None:
        raise Conflict(
            _("%(record)s is archived and read-only (SD-16).") % {"record": row}, rule="SD-16"
        )
    if version is not None and row.version != version:
        raise stale_edit(row)
    return row


def save_new_version(row, *fields: str) -> None:
    """Save ``fields`` of a locked row with its version moved on."""
    row.version += 1
    row.save(update_fields=[*fields, "version"])


def apply_edit(actor, obj: models.Model, *, version: int, changes: dict, kind: str) -> models.Model:
    """Apply ``changes`` to ``obj`` if nobody saved it since ``version``; audit the diff."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if locked.version != version:
        raise stale_edit(locked)
    before = {k: getattr(locked, k) for k in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    _validated(locked)
    locked.version += 1
    locked.save(update_fields=[*changes, "version"])
    changed = diff({k: str(v) for k, v in before.items()}, {k: str(v) for k, v in changes.items()})
    record_event(actor=actor, subject=locked, kind=kind, data={"changes": changed})
    return locked


# -- organisation ---------------------------------------------------------------------------


def create_company(actor, *, name: str, code: str) -> Company:
    """Create the company. Superusers only (set-up)."""
    if not getattr(actor, "is_superuser", False):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        company = Company(name=name, code=code)
        _validated(company)
        company.save()
        record_event(actor=actor, subject=company, kind="company.created", data={"name": name})
        return company


def create_branch(actor, *, company: Company, name: str, code: str) -> Branch:
    """Create a branch company (分公司). Superusers only (set-up)."""
    if not getattr(actor, "is_superuser", False):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        branch = Branch(company=company, name=name, code=code)
        _validated(branch)
        branch.save()
        record_event(actor=actor, subject=branch, kind="branch.created", data={"name": name})
        return branch


def create_site(
    actor,
    *,
    branch: Branch,
    name: str,
    code: str,
    address: str = "",
    workday_start: dt.time = dt.time(9),
    workday_end: dt.time = dt.time(18),
) -> Site:
    """Create a site (全委项目). Superusers, or system administrators of the branch."""
    if not getattr(actor, "is_superuser", False) and not _branch_admin(actor, branch):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        site = Site(
            branch=branch,
            name=name,
            code=code,
            address=address,
            workday_start=workday_start,
            workday_end=workday_end,
        )
        _validated(site)
        site.save()
        record_event(
            actor=actor,
            subject=site,
            kind="site.created",
            data={"name": name, "code": code, "branch": branch.name},
        )
        return site


def _branch_admin(actor, branch: Branch) -> bool:
    return RoleAssignment.objects.filter(user=actor, role=Role.SYSADMIN, branch=branch).exists()


def update_site(
    actor,
    site: Site,
    *,
    version: int,
    name: str,
    address: str,
    workday_start: dt.time,
    workday_end: dt.time,
) -> Site:
    """Edit a site's profile and working window (used by working-hours clocks)."""
    permissions.check(actor, "org.manage", site=site)
    with transaction.atomic(durable=True):
        return apply_edit(
            actor,
            site,
            version=version,
            kind="site.updated",
            changes={
                "name": name,
                "address": address,
                "workday_start": workday_start,
                "workday_end": workday_end,
            },
        )


def create_department(
    actor, *, site: Site, name: str, code: str, duties: str = "", phone: str = ""
) -> Department:
    """Add a department to a site."""
    permissions.check(actor, "org.manage", site=site)
    with transaction.atomic(durable=True):
        department = Department(site=site, name=name, code=code, duties=duties, phone=phone)
        _validated(department)
        department.save()
        record_event(
            actor=actor,
            subject=department,
            kind="department.created",
            data={"name": name, "code": code},
        )
        return department


def update_department(
    actor, department: Department, *, version: int, name: str, duties: str, phone: str
) -> Department:
    """Edit a department's name, duties and phone."""
    permissions.check(actor, "org.manage", site=department.site_id)
    with transaction.atomic(durable=True):
        return apply_edit(
            actor,
            department,
            version=version,
            kind="department.updated",
            changes={"name": name, "duties": duties, "phone": phone},
        )


def create_building(
    actor,
    *,
    site: Site,
    name: str,
    floors: int = 1,
    description: str = "",
    units: list[str] | None = None,
    rooms_per_floor: int = 0,
) -> Building:
    """Add a building (楼栋) with its units (单元) and, optionally, rooms numbered floor by
    floor (``1201`` = floor 12, room 01) (ORG-4)."""
    permissions.check(actor, "org.manage", site=site)
    with transaction.atomic(durable=True):
        building = Building(site=site, name=name, floors=floors, description=description)
        _validated(building)
        building.save()
        for unit_name in units or []:
            unit = Unit.objects.create(building=building, name=unit_name)
            Room.objects.bulk_create(
                Room(unit=unit, floor=f, number=f"{f}{r:02d}")
                for f in range(1, floors + 1)
                for r in range(1, rooms_per_floor + 1)
            )
        record_event(
            actor=actor,
            subject=building,
            kind="building.created",
            data={
                "name": name,
                "floors": floors,
                "units": units or [],
                "rooms_per_floor": rooms_per_floor,
            },
        )
        return building


# -- people and roles -----------------------------------------------------------------------


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
    _validated(user, exclude=["password"])
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
        if not actor.is_superuser and not _branch_admin(actor, branch):
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
        if not actor.is_superuser and not _branch_admin(actor, assignment.branch):
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


# -- calendar ---------------------------------------------------------------------------------


def add_calendar_override(
    actor, *, site: Site, date: dt.date, kind: str, official: bool = False, note: str = ""
) -> CalendarOverride:
    """Declare a site holiday or working day (X-3), e.g. next year's official schedule."""
    permissions.check(actor, "calendar.manage", site=site)
    if kind not in OverrideKind.values:
        raise ValidationFailed(field_errors={"kind": [_("Choose holiday or working day.")]})
    with transaction.atomic(durable=True):
        if CalendarOverride.objects.filter(site=site, date=date).exists():
            raise ValidationFailed(
                field_errors={
                    "date": [
                        _("%(date)s already has an entry for this site; remove it first.")
                        % {"date": date}
                    ]
                }
            )
        override = CalendarOverride(site=site, date=date, kind=kind, official=official, note=note)
        _validated(override)
        override.save()
        record_event(
            actor=actor,
            subject=override,
            kind="calendar.override_added",
            data={"date": date, "kind": kind, "official": official, "note": note},
        )
        return override


def remove_calendar_override(actor, override: CalendarOverride) -> None:
    """Remove a site holiday or working day; the removal stays in the audit chain."""
    permissions.check(actor, "calendar.manage", site=override.site_id)
    with transaction.atomic(durable=True):
        record_event(
            actor=actor,
            subject=override,
            kind="calendar.override_removed",
            data={"date": override.date, "kind": override.kind},
        )
        override.delete()


# -- department robots (X-4) ------------------------------------------------------------


def add_department_webhook(
    actor, *, department: Department, channel: str, url: str, note: str = ""
):
    """Connect a WeCom, DingTalk or Feishu group robot to a department's notifications."""
    from .models import DepartmentWebhook

    permissions.check(actor, "org.manage", site=department.site_id)
    with transaction.atomic(durable=True):
        hook = DepartmentWebhook(department=department, channel=channel, url=url.strip(), note=note)
        _validated(hook)
        hook.save()
        record_event(
            actor=actor,
            subject=department,
            kind="department.robot_added",
            data={"channel": channel, "address": hook.masked_url},
        )
        return hook


def remove_department_webhook(actor, hook) -> None:
    permissions.check(actor, "org.manage", site=hook.department.site_id)
    with transaction.atomic(durable=True):
        record_event(
            actor=actor,
            subject=hook.department,
            kind="department.robot_removed",
            data={"channel": hook.channel, "address": hook.masked_url},
        )
        hook.delete()


# -- notifications ------------------------------------------------------------------------


def mark_notifications_read(actor, *, ids: list[int] | None = None) -> int:
    """Mark the actor's own notifications (all, or the given ones) as read."""
    with transaction.atomic(durable=True):
        rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        return rows.update(read_at=timezone.now())


def bootstrap_superuser(*, username: str, full_name: str, password: str, email: str = "") -> User:
    """Create the first superuser of an empty installation (set-up and demo data)."""
    with transaction.atomic(durable=True):
        user = User(
            username=username, full_name=full_name, email=email, is_superuser=True, is_staff=True
        )
        _validate_password(password, user)
        user.set_password(password)
        _validated(user, exclude=["password"])
        user.save()
        record_event(
            actor=None, subject=user, kind="person.superuser_created", data={"username": username}
        )
        return user


def send_message(
    actor,
    *,
    recipients: list[User],
    subject: str,
    body: str = "",
    link: str = "",
    site: Site | None = None,
) -> int:
    """Send an in-app (and e-mail) message to people, through the outbox."""
    from . import outbox

    if site is not None:
        permissions.check(actor, "people.manage", site=site)
    elif actor is not None and not actor.is_superuser:
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        messages = outbox.notify(recipients, subject=subject, body=body, link=link, site=site)
        for person in recipients:
            record_event(
                actor=actor,
                subject=person,
                kind="message.queued",
                site=site,
                data={"subject": subject},
            )
        return len(messages)
