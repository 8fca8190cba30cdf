"""Staff work in the reports (X-9): the endpoint registry's registration and real-name rates
(IT-2) of the scope's sites as they stood at the end of the period, read from the registry's
daily snapshots (the worker writes one a night, and each import another), never recomputed.

A site's figures are its latest snapshot on or before the period's last day (or today, for the
period still running): rates are a state, not a flow. Each figure of one site opens that site's
registry narrowed the same way, as it is today."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core.report_counts import page_url, site_list
from infocenter.core.reports import (
    Figure,
    Period,
    ReportScope,
    SectionData,
    Table,
    rate,
    register_section,
)

from .models import EndpointSnapshot


def _latest(site_ids, last: dt.date) -> dict[int, EndpointSnapshot]:
    """Each site's latest whole-site snapshot on or before ``last``: two queries."""
    days = (
        EndpointSnapshot.objects.filter(site__in=site_ids, department__isnull=True, day__lte=last)
        .values("site")
        .annotate(day=Max("day"))
        .order_by()
    )
    wanted = Q(pk__in=[])
    for row in days:
        wanted |= Q(site=row["site"], day=row["day"])
    return {s.site_id: s for s in EndpointSnapshot.objects.filter(wanted, department__isnull=True)}


def collect(scope: ReportScope, period: Period, *, detail: bool = True) -> SectionData:
    """The section's figures, and with ``detail`` the sites compared."""
    last = min(period.end - dt.timedelta(days=1), timezone.localdate())
    latest = _latest(scope.site_ids, last)
    total = sum(s.total for s in latest.values())
    registered = sum(s.registered for s in latest.values())
    real_name = sum(s.real_name for s in latest.values())
    site = scope.site_ids[0] if len(scope.site_ids) == 1 else None
    registry = "staffwork:endpoints"
    data = SectionData(
        figures=[
            Figure(
                "endpoints",
                _("Endpoints in use"),
                total,
                **site_list(registry, site),
            ),
            Figure(
                "registered",
                _("Endpoints registered"),
                registered,
                **site_list(registry, site, registered="true"),
                better="higher",
            ),
            Figure(
                "registration_rate",
                _("Registration rate"),
                rate(registered, total),
                "%",
                better="higher",
            ),
            Figure(
                "real_name",
                _("Endpoints bound to a real name"),
                real_name,
                **site_list(registry, site, real_name_bound="true"),
                better="higher",
            ),
            Figure(
                "real_name_rate", _("Real-name rate"), rate(real_name, total), "%", better="higher"
            ),
        ]
    )
    if detail and scope.compares_sites:
        ordered = sorted(scope.site_ids, key=lambda pk: scope.names.get(pk, ""))
        data.tables.append(
            Table(
                "endpoint_sites",
                _("Endpoint registry by site"),
                [
                    _("Site"),
                    _("Endpoints in use"),
                    _("Registration rate (%)"),
                    _("Real-name rate (%)"),
                    _("As of"),
                ],
                [
                    [
                        scope.names.get(pk, str(pk)),
                        latest[pk].total if pk in latest else 0,
                        rate(latest[pk].registered, latest[pk].total) if pk in latest else None,
                        rate(latest[pk].real_name, latest[pk].total) if pk in latest else None,
                        f"{latest[pk].day:%Y-%m-%d}" if pk in latest else "",
                    ]
                    for pk in ordered
                ],
                [page_url(registry, pk) for pk in ordered],
            )
        )
    return data


register_section("staff_work", gettext_lazy("Endpoint registry"), "sw.view", collect, order=40)
