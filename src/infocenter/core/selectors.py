"""Every scoped read of the core app (DESIGN rule 2). Single-object getters raise the same
``NotFound`` for missing and out-of-scope rows."""

from django.db.models import Count, Q, QuerySet

from . import permissions
from .audit import subject_key
from .exceptions import NotFound
from .models import (
    AuditEvent,
    Building,
    CalendarOverride,
    Department,
    DepartmentWebhook,
    Notification,
    OutboxMessage,
    RoleAssignment,
    Room,
    SavedFilter,
    Site,
    User,
)
from .sharding import site_key


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def holders(site_id: int, *roles: str, department_id: int | None = None) -> list[User]:
    """Active people who hold one of ``roles`` at the site (or its branch), optionally in one
    department."""
    return list(holders_of(site_id, *roles, department_id=department_id))


def holders_of(site_id: int, *roles: str, department_id: int | None = None) -> QuerySet[User]:
    """``holders`` as a query not yet run (a page's choices, read once when offered or
    checked)."""
    condition = Q(role_assignments__site_id=site_id) | Q(role_assignments__branch__sites=site_id)
    qs = User.objects.filter(condition, role_assignments__role__in=roles, is_active=True)
    if department_id is not None:
        qs = qs.filter(role_assignments__department_id=department_id)
    return qs.distinct()


def sites_for(actor, action: str = "org.view") -> QuerySet[Site]:
    """Sites where ``actor`` may perform ``action``."""
    return permissions.restrict(
        Site.objects.select_related("branch"), actor, action, site_field="pk"
    )


def get_site(actor, pk, action: str = "org.view") -> Site:
    """The site ``pk`` where ``actor`` may perform ``action``. A site the actor can see but
    not act at is refused (403); a site out of sight is not found (404), like a missing one."""
    try:
        return _get(sites_for(actor, action), pk)
    except NotFound:
        if action != "org.view" and sites_for(actor).filter(pk=_pk(pk)).exists():
            permissions.check(actor, action, site=_pk(pk))
        raise


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def departments_for(actor, *, site: Site | None = None) -> QuerySet[Department]:
    qs = permissions.restrict(Department.objects.select_related("site"), actor, "org.view")
    return qs.filter(site=site) if site is not None else qs


def get_department(actor, pk) -> Department:
    return _get(departments_for(actor), pk)


def department_members(department: Department) -> QuerySet[User]:
    """Active people holding a role in ``department`` (the choices for its designated
    receivers, SD-5). The department was read through a scoped getter."""
    return User.objects.filter(is_active=True, role_assignments__department=department).distinct()


def buildings_for(actor, *, site: Site | None = None) -> QuerySet[Building]:
    qs = permissions.restrict(Building.objects.select_related("site"), actor, "org.view")
    qs = qs.annotate(unit_count=Count("units", distinct=True), room_count=Count("units__rooms"))
    qs = qs.order_by("site__name", "name")
    return qs.filter(site=site) if site is not None else qs


def get_building(actor, pk) -> Building:
    return _get(buildings_for(actor).prefetch_related("units__rooms"), pk)


def rooms_for(actor, *, site: Site | None = None) -> QuerySet[Room]:
    """Rooms of the buildings the actor can see (the addresses of forms and residents)."""
    qs = permissions.restrict(
        Room.objects.select_related("unit__building"),
        actor,
        "org.view",
        site_field="unit__building__site",
    )
    return qs.filter(unit__building__site=site) if site is not None else qs


def people_for(actor, *, site: Site | None = None, q: str = "") -> QuerySet[User]:
    """People holding a role at a site the actor can see (ORG-3 staff directory)."""
    qs = User.objects.filter(is_active=True)
    if not actor.is_superuser:
        visible = sites_for(actor, "people.view").values("pk")
        qs = qs.filter(
            Q(role_assignments__site__in=visible) | Q(role_assignments__branch__sites__in=visible)
        )
    if site is not None:
        qs = qs.filter(Q(role_assignments__site=site) | Q(role_assignments__branch__sites=site))
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(username__icontains=q)
            | Q(phone__icontains=q)
            | Q(specialties__icontains=q)
            | Q(responsibilities__icontains=q)
        )
    return qs.distinct().prefetch_related(
        "role_assignments__site", "role_assignments__department", "role_assignments__branch"
    )


def people_matching(actor, query) -> QuerySet[User]:
    """The search box's people (of the sites the actor may see): the full name or user name,
    or a mobile number's start or last digits (a ``search.Query``)."""
    if query.serial:
        return User.objects.none()
    if query.digits:
        found = (
            Q(phone__startswith=query.digits)
            if query.is_full_phone
            else Q(phone__endswith=query.digits)
        )
    else:
        found = Q(full_name__contains=query.text) | Q(username__iexact=query.text)
    visible = people_for(actor).filter(found).values("pk")
    return User.objects.filter(pk__in=visible).order_by("full_name", "pk")


def get_person(actor, pk) -> User:
    if str(pk) == str(actor.pk):
        return actor
    return _get(people_for(actor), pk)


def role_assignments_for(actor) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "site", "branch", "department")
    if actor.is_superuser:
        return qs
    visible = sites_for(actor, "people.view").values("pk")
    return qs.filter(Q(site__in=visible) | Q(branch__sites__in=visible)).distinct()


def get_role_assignment(actor, pk) -> RoleAssignment:
    return _get(role_assignments_for(actor), pk)


def calendar_overrides_for(actor, *, site: Site | None = None, year: int | None = None):
    qs = permissions.restrict(
        CalendarOverride.objects.select_related("site"), actor, "calendar.view"
    )
    if site is not None:
        qs = qs.filter(site=site)
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs


def get_calendar_override(actor, pk) -> CalendarOverride:
    return _get(calendar_overrides_for(actor), pk)


def audit_events_for(actor, *, site: Site | None = None) -> QuerySet[AuditEvent]:
    """The audit log of the sites where the actor may read it (auditors, leaders, admins)."""
    qs = permissions.restrict(AuditEvent.objects.all(), actor, "audit.view")
    return qs.filter(site=site) if site is not None else qs


def timeline(subject) -> QuerySet[AuditEvent]:
    """The events of one object, oldest first. Callers first fetch ``subject`` through their
    own scoped getter, so visibility follows the object's."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(
        subject_type=subject_type, subject_id=subject_id, **site_key(subject)
    ).order_by("occurred_at", "seq")


def notifications_for(actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def outbox_for(actor) -> QuerySet[OutboxMessage]:
    """Messages of the sites the actor administers, with organisation-wide ones for
    superusers."""
    qs = OutboxMessage.objects.select_related("recipient", "site")
    if actor.is_superuser:
        return qs
    return permissions.restrict(qs, actor, "outbox.view")


def webhooks_for(actor, *, site: Site):
    """A site's department robots, for its administrators only."""

    if not permissions.can(actor, "org.manage", site_id=site.pk):
        return DepartmentWebhook.objects.none()
    return DepartmentWebhook.objects.filter(department__site=site).select_related("department")


def get_webhook(actor, pk):

    qs = permissions.restrict(
        DepartmentWebhook.objects.select_related("department__site"),
        actor,
        "org.manage",
        site_field="department__site",
    )
    return _get(qs, pk)


def saved_filters_for(actor, list_name: str) -> QuerySet[SavedFilter]:
    """The actor's own saved filters of one list page, by name."""
    if not actor.is_authenticated:
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(owner=actor, list_name=list_name).order_by("name")
