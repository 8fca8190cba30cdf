"""Who may do what, where: the one place for role checks and queryset scoping (ORG-1, ORG-2,
X-8, DESIGN rule 2).

An *action* names a capability ("org.manage"). ``ACTIONS`` says which roles grant it. A role
assignment grants its actions at one site (optionally one department) or at every site of a
branch. Selectors call ``restrict``; services call ``check``.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Role
from .exceptions import PermissionDenied
from .models import RoleAssignment, Site

EVERYONE = frozenset(Role.values)
# Only these roles are confined to their department; for every other role the department of
# an assignment is where the person sits, and the scope is the whole site.
DEPARTMENT_SCOPED = frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF})
ORG_LEADERS = frozenset({Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD})

ACTIONS: dict[str, frozenset[str]] = {
    # Organisation: every role sees the sites, departments, buildings and staff profiles of
    # its scope (the processor needs ORG-3 to choose whom to dispatch to).
    "org.view": EVERYONE,
    "org.manage": frozenset({Role.SYSADMIN}),
    # SD-5: a department's designated receivers (指定的接单人), named by its head or a manager.
    "org.receivers": frozenset({Role.SYSADMIN, Role.BRANCH_GM, Role.CS_MANAGER, Role.DEPT_HEAD}),
    "people.view": EVERYONE,
    "people.manage": frozenset({Role.SYSADMIN}),
    "calendar.view": EVERYONE,
    "calendar.manage": frozenset({Role.SYSADMIN}),
    # The full audit log of a site; object timelines follow the object's own visibility.
    "audit.view": frozenset({Role.AUDITOR, Role.SYSADMIN}) | ORG_LEADERS,
    "outbox.view": frozenset({Role.SYSADMIN}),
}


ACTION_LABELS = {
    "org.view": gettext_lazy("view the organisation"),
    "org.manage": gettext_lazy("manage sites, departments and buildings"),
    "org.receivers": gettext_lazy("name a department's designated receivers"),
    "people.view": gettext_lazy("view staff profiles"),
    "people.manage": gettext_lazy("manage people and roles"),
    "calendar.view": gettext_lazy("view the working calendar"),
    "calendar.manage": gettext_lazy("change the working calendar"),
    "audit.view": gettext_lazy("read the audit log"),
    "outbox.view": gettext_lazy("see outgoing messages"),
}


def register_action(name: str, roles: frozenset[str] | set[str], label) -> None:
    """Let an app declare its actions (in its ``permissions.py``, imported at start-up)."""
    ACTIONS[name] = frozenset(roles)
    ACTION_LABELS[name] = label


@dataclass(frozen=True)
class Scope:
    """Where an action is allowed: every site (``everywhere``), whole sites, or only some
    departments of a site."""

    everywhere: bool = False
    sites: frozenset[int] = frozenset()
    departments: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def site_ids(self) -> frozenset[int]:
        return self.sites | frozenset(self.departments)

    @property
    def empty(self) -> bool:
        return not self.everywhere and not self.sites and not self.departments


def _assignments(user) -> list:
    """The user's role assignments with the site ids they reach; cached on the user object
    for the request (two queries at most)."""
    cached = getattr(user, "_infocenter_assignments", None)
    if cached is not None:
        return cached

    rows = list(
        RoleAssignment.objects.filter(user=user).values(
            "role", "branch_id", "site_id", "department_id"
        )
    )
    branch_ids = {r["branch_id"] for r in rows if r["branch_id"]}
    branch_sites: dict[int, list[int]] = {}
    if branch_ids:
        for site_id, branch_id in Site.objects.filter(branch_id__in=branch_ids).values_list(
            "id", "branch_id"
        ):
            branch_sites.setdefault(branch_id, []).append(site_id)
    for r in rows:
        r["site_ids"] = branch_sites.get(r["branch_id"], []) if r["branch_id"] else [r["site_id"]]
    user._infocenter_assignments = rows
    return rows


def assignments(user) -> list[dict]:
    """The user's role assignments as dicts (``role``, ``branch_id``, ``site_id``,
    ``department_id`` and the ``site_ids`` they reach), cached for the request."""
    return _assignments(user)


def roles_of(user, site_id: int | None = None) -> set[str]:
    """The roles the user holds (at one site, when given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {r["role"] for r in _assignments(user) if site_id is None or site_id in r["site_ids"]}


def sites_of(user) -> set[int]:
    """Every site where the user holds any role."""
    return {s for r in _assignments(user) for s in r["site_ids"]}


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles)) or getattr(user, "is_superuser", False)


def scope_for(user, action: str) -> Scope:
    """Where ``user`` may perform ``action``; worked out once per action and request (kept on
    the user object with the assignments, dropped with them by ``forget``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everywhere=True)
    assigned = _assignments(user)
    scopes = getattr(user, "_infocenter_scopes", None)
    if scopes is None or scopes[0] is not assigned:
        scopes = user._infocenter_scopes = (assigned, {})
    found = scopes[1].get(action)
    if found is None:
        found = scopes[1][action] = _scope(assigned, action)
    return found


def _scope(assigned: list, action: str) -> Scope:
    allowed = ACTIONS[action]
    sites: set[int] = set()
    departments: dict[int, set[int]] = {}
    for r in assigned:
        if r["role"] not in allowed:
            continue
        if r["department_id"] and r["role"] in DEPARTMENT_SCOPED:
            departments.setdefault(r["site_id"], set()).add(r["department_id"])
        else:
            sites.update(r["site_ids"])
    return Scope(
        sites=frozenset(sites),
        departments={s: frozenset(d) for s, d in departments.items() if s not in sites},
    )


def restrict(
    queryset: QuerySet,
    user,
    action: str,
    *,
    site_field: str = "site",
    department_field: str | None = None,
) -> QuerySet:
    """``queryset`` narrowed to the rows ``user`` may see for ``action``. Rows of a
    department-scoped assignment are limited to those departments when ``department_field``
    is given, otherwise to the whole site."""
    scope = scope_for(user, action)
    if scope.everywhere:
        return queryset
    if scope.empty:
        return queryset.none()
    condition = Q(**{f"{site_field}__in": scope.sites}) if scope.sites else Q(pk__in=[])
    for site_id, dept_ids in scope.departments.items():
        if department_field:
            condition |= Q(**{site_field: site_id, f"{department_field}__in": dept_ids})
        else:
            condition |= Q(**{site_field: site_id})
    return queryset.filter(condition)


def can(user, action: str, *, site_id: int | None = None, department_id: int | None = None) -> bool:
    """Whether ``user`` may perform ``action`` (anywhere, or at the given site/department)."""
    scope = scope_for(user, action)
    if scope.everywhere:
        return True
    if site_id is None:
        return not scope.empty
    if site_id in scope.sites:
        return True
    depts = scope.departments.get(site_id)
    if depts is None:
        return False
    return department_id is None or department_id in depts


def check(user, action: str, *, site=None, department=None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may perform ``action`` there."""
    site_id = getattr(site, "pk", site)
    department_id = getattr(department, "pk", department)
    if not can(user, action, site_id=site_id, department_id=department_id):
        raise PermissionDenied(
            _("Your roles do not allow you to %(action)s here.")
            % {"action": ACTION_LABELS.get(action, action)}
        )


def forget(user) -> None:
    """Drop the cached assignments after they change."""
    if hasattr(user, "_infocenter_assignments"):
        del user._infocenter_assignments
