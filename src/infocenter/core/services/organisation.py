"""Writes of the organisation (ORG-1): the company, its branches and sites, their departments and
buildings. Set-up by superusers, later changes by the sites' system administrators."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .. import limits, permissions
from ..audit import record_event
from ..choices import DepartmentLevel, Role
from ..exceptions import ValidationFailed
from ..models import (
    Branch,
    Building,
    Company,
    Department,
    RoleAssignment,
    Room,
    Site,
    Unit,
    User,
)
from ..validators import FieldErrors
from .records import apply_edit, lock_for_change, save_new_version, validated


def create_company(actor, *, name: str, code: str) -> Company:
    """Create the company. Superusers only (set-up)."""
    if not getattr(actor, "is_superuser", False):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        company = Company(name=name, code=code)
        validated(company)
        company.save()
        record_event(actor=actor, subject=company, kind="company.created", data={"name": name})
        return company


def create_branch(actor, *, company: Company, name: str, code: str) -> Branch:
    """Create a branch company (分公司). Superusers only (set-up)."""
    if not getattr(actor, "is_superuser", False):
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        branch = Branch(company=company, name=name, code=code)
        validated(branch)
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
    if not getattr(actor, "is_superuser", False) and not manages_branch(actor, branch):
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
        validated(site)
        site.save()
        record_event(
            actor=actor,
            subject=site,
            kind="site.created",
            data={"name": name, "code": code, "branch": branch.name},
        )
        return site


def manages_branch(actor, branch: Branch) -> bool:
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
    actor,
    *,
    site: Site,
    name: str,
    code: str,
    duties: str = "",
    phone: str = "",
    level: str = DepartmentLevel.SITE,
) -> Department:
    """Add a department to a site; a branch or company department (``level``, SD-11) sits at
    the office site of its branch."""
    permissions.check(actor, "org.manage", site=site)
    with transaction.atomic(durable=True):
        department = Department(
            site=site, name=name, code=code, duties=duties, phone=phone, level=level
        )
        validated(department)
        department.save()
        record_event(
            actor=actor,
            subject=department,
            kind="department.created",
            data={"name": name, "code": code, "level": level},
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


def set_department_receivers(
    actor, department: Department, *, version: int, receivers: list[User]
) -> Department:
    """SD-5: name the department's designated receivers (指定的接单人), who acknowledge its work
    orders like the head and are told of each dispatch. The department's head, the site's
    managers or its administrators; each receiver must hold a role in the department."""
    permissions.check(actor, "org.receivers", site=department.site_id, department=department.pk)
    members = set(
        RoleAssignment.objects.filter(department=department, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    errors = FieldErrors()
    for person in receivers:
        if person.pk not in members:
            errors.add(
                "receivers",
                _("%(name)s does not work in %(department)s.")
                % {"name": person, "department": department.name},
            )
    errors.raise_any(rule="SD-5")
    with transaction.atomic(durable=True):
        row = lock_for_change(Department, department, version)
        before = sorted(str(u) for u in row.receivers.all())
        row.receivers.set(receivers)
        save_new_version(row)
        after = sorted(str(u) for u in receivers)
        record_event(
            actor=actor,
            subject=row,
            kind="department.receivers_set",
            data={"changes": {"receivers": ["、".join(before), "、".join(after)]}, "rule": "SD-5"},
        )
        return row


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
    floor (``1201`` = floor 12, room 01) (ORG-4). At most 50 units and 5,000 rooms at once,
    so one write does not hold the database for long."""
    permissions.check(actor, "org.manage", site=site)
    limits.check_count(units or [], field="units", most=limits.BUILDING_UNITS_MAX)
    if len(units or []) * floors * rooms_per_floor > limits.BUILDING_ROOMS_MAX:
        raise ValidationFailed(
            field_errors={
                "rooms_per_floor": [
                    _("At most %(n)s rooms can be added with one building.")
                    % {"n": limits.BUILDING_ROOMS_MAX}
                ]
            }
        )
    with transaction.atomic(durable=True):
        building = Building(site=site, name=name, floors=floors, description=description)
        validated(building)
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
