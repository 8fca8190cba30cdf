"""IT-2: the endpoint registry's scoped reads: endpoints, differences and imports of the sites
the actor may see, the rates per site and department now (one grouped query whatever the number
of sites), and their history from the daily snapshots."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from infocenter.core import permissions
from infocenter.core.audit import subject_key
from infocenter.core.calendar import days_span
from infocenter.core.exceptions import NotFound
from infocenter.core.models import AuditEvent, Site
from infocenter.core.search import Query

from ..models.endpoints import (
    Difference,
    DifferenceState,
    Endpoint,
    EndpointSnapshot,
    ListImport,
)

VIEW = "sw.view"


def _one(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def endpoints_for(actor, *, site: Site | None = None) -> QuerySet[Endpoint]:
    """Endpoints of the sites where ``actor`` may read the IT staff's records."""
    qs = permissions.restrict(
        Endpoint.objects.select_related("site", "department", "person", "equipment"), actor, VIEW
    )
    return qs.filter(site=site) if site is not None else qs


def get_endpoint(actor, pk) -> Endpoint:
    """One endpoint; the same not-found for a missing one and one out of reach."""
    return _one(endpoints_for(actor), pk)


def differences_for(actor, *, site: Site | None = None) -> QuerySet[Difference]:
    qs = permissions.restrict(
        Difference.objects.select_related("site", "endpoint", "owner", "opened_by"), actor, VIEW
    )
    return qs.filter(site=site) if site is not None else qs


def get_difference(actor, pk) -> Difference:
    return _one(differences_for(actor), pk)


def imports_for(actor, *, site: Site) -> QuerySet[ListImport]:
    return permissions.restrict(
        ListImport.objects.select_related("imported_by"), actor, VIEW
    ).filter(site=site)


def open_differences(actor, *, site: Site) -> QuerySet[Difference]:
    return differences_for(actor, site=site).filter(state=DifferenceState.OPEN)


@dataclass
class Rates:
    """Endpoints in use, how many are registered and how many bound to a real name."""

    label: str = ""
    total: int = 0
    registered: int = 0
    real_name: int = 0
    key: object = None

    def add(self, other: "Rates") -> None:
        self.total += other.total
        self.registered += other.registered
        self.real_name += other.real_name

    @property
    def bars(self) -> list[tuple[str, float, int]]:
        """Both rates as (kind, rate, count), for the progress bars."""
        return [
            ("registration", self.registration_rate, self.registered),
            ("real-name", self.real_name_rate, self.real_name),
        ]

    @property
    def registration_rate(self) -> float:
        return round(100 * self.registered / self.total, 1) if self.total else 100.0

    @property
    def real_name_rate(self) -> float:
        return round(100 * self.real_name / self.total, 1) if self.total else 100.0


def _grouped(sites, by: str) -> dict:
    rows = (
        Endpoint.objects.filter(site__in=sites, retired_at__isnull=True)
        .values(by)
        .annotate(
            total=Count("id"),
            registered=Count("id", filter=Q(registered_on__isnull=False)),
            real_name=Count("id", filter=Q(real_name_bound=True)),
        )
        .order_by()
    )
    return {
        r[by]: Rates(total=r["total"], registered=r["registered"], real_name=r["real_name"])
        for r in rows
    }


def site_rates(actor, *, sites: QuerySet[Site]) -> tuple[list[Rates], Rates]:
    """IT-2: the rates of each of ``sites`` (scoped to the actor) and of them all: two queries
    whatever the number of sites."""
    sites = list(permissions.restrict(sites, actor, VIEW, site_field="pk"))
    grouped = _grouped([s.pk for s in sites], "site_id")
    rows, whole = [], Rates()
    for site in sites:
        rates = grouped.get(site.pk, Rates())
        rates.label, rates.key = site.name, site
        whole.add(rates)
        rows.append(rates)
    return rows, whole


def department_rates(actor, *, site: Site) -> list[Rates]:
    """IT-2: the rates of each department of ``site`` (endpoints without one last)."""
    permissions.check(actor, VIEW, site=site)
    grouped = _grouped([site.pk], "department_id")
    rows = []
    for department in site.departments.order_by("name"):
        if department.pk in grouped:
            rates = grouped[department.pk]
            rates.label, rates.key = department.name, department
            rows.append(rates)
    if None in grouped:
        rows.append(grouped[None])
    return rows


def rate_history(actor, *, sites, since: dt.date, department=None) -> list[dict]:
    """IT-2: the day-by-day rates of ``sites`` taken together (or of one department) from the
    daily snapshots since ``since``: one query."""
    site_ids = list(
        permissions.restrict(
            Site.objects.filter(pk__in=sites), actor, VIEW, site_field="pk"
        ).values_list("pk", flat=True)
    )
    qs = EndpointSnapshot.objects.filter(site__in=site_ids, day__gte=since)
    qs = qs.filter(department=department) if department else qs.filter(department__isnull=True)
    rows = (
        qs.values("day")
        .annotate(total=Sum("total"), registered=Sum("registered"), real_name=Sum("real_name"))
        .order_by("day")
    )
    return [
        {
            "day": r["day"].isoformat(),
            "registration_rate": Rates(
                total=r["total"], registered=r["registered"]
            ).registration_rate,
            "real_name_rate": Rates(total=r["total"], real_name=r["real_name"]).real_name_rate,
        }
        for r in rows
    ]


def sites_kept(person, *, year: int) -> list[int]:
    """IT-2 → IT-4: the sites whose registry ``person`` kept at some time in ``year``: a role
    that keeps it held during the year (its spans read back from the audit trail's
    ``role.assigned`` / ``role.revoked`` events; a role held with no record of its start counts
    as held all along), and the sites whose lists the person imported that year."""
    allowed = permissions.ACTIONS["sw.endpoints"]
    start, end = days_span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    subject_type, subject_id = subject_key(person)
    since: dict[tuple, dt.datetime | None] = {}
    kept: set[int] = set()
    events = AuditEvent.objects.filter(
        subject_type=subject_type,
        subject_id=subject_id,
        kind__in=("role.assigned", "role.revoked"),
        site__isnull=False,
    ).order_by("occurred_at", "id")
    for kind, site_id, at, data in events.values_list("kind", "site_id", "occurred_at", "data"):
        if data.get("role") not in allowed:
            continue
        key = (data["role"], site_id)
        if kind == "role.assigned":
            since[key] = at
            continue
        began = since.pop(key, None)
        if at >= start and (began is None or began < end):
            kept.add(site_id)
    for r in permissions.assignments(person):
        if r["role"] not in allowed:
            continue
        began = since.get((r["role"], r["site_id"])) if r["site_id"] else None
        if began is None or began < end:
            kept.update(r["site_ids"])
    kept.update(
        ListImport.objects.filter(
            imported_by=person, imported_at__gte=start, imported_at__lt=end
        ).values_list("site_id", flat=True)
    )
    return sorted(kept)


def open_differences_at(person, *, sites, moment: dt.datetime) -> int:
    """How many differences of ``sites`` owned by ``person`` were open at ``moment``: opened
    before it and not resolved by then."""
    return Difference.objects.filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment),
        site__in=sites,
        owner=person,
        opened_by__imported_at__lt=moment,
    ).count()


def rates_at(person, *, sites, day: dt.date) -> Rates:
    """The figures of ``sites`` on the last snapshot at or before ``day`` (for the assessment)."""
    rows = (
        EndpointSnapshot.objects.filter(site__in=sites, department__isnull=True, day__lte=day)
        .order_by("site_id", "-day")
        .values("site_id", "day", "total", "registered", "real_name")
    )
    seen, whole = set(), Rates()
    for r in rows:
        if r["site_id"] not in seen:
            seen.add(r["site_id"])
            whole.add(Rates(total=r["total"], registered=r["registered"], real_name=r["real_name"]))
    return whole


def endpoints_matching(actor, query: Query) -> QuerySet[Endpoint]:
    """The search box's endpoints: the asset tag, MAC or IP address exactly, the beginning of
    an IP address, or the user's name."""
    qs = endpoints_for(actor)
    if query.serial:
        return qs.filter(asset_tag__in={query.text, query.serial})
    text = query.text
    if text.replace(".", "").isdigit() and "." in text:
        return qs.filter(ip=text) if text.count(".") == 3 else qs.none()
    if query.digits:
        return qs.filter(asset_tag=text)
    return qs.filter(
        Q(asset_tag=text) | Q(mac__iexact=text) | Q(user_name__contains=text)
    ).order_by("user_name", "pk")
