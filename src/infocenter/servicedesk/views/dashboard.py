"""The managers' dashboard (X-9)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.web import render_page, site_of

from .. import reports


@login_required
def dashboard(request):
    """Managers' dashboard (X-9) for one site and period."""
    permissions.check(request.user, "sd.dashboard")
    site, sites = site_of(request, "sd.dashboard")
    days = {"7": 7, "30": 30, "90": 90, "365": 365}.get(request.GET.get("days", "30"), 30)
    end = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    figures = reports.dashboard(site, end - dt.timedelta(days=days), end)
    subjects = reports.overdue_subjects(figures["overdue"])
    return render_page(
        request,
        "servicedesk/dashboard.html",
        {
            "site": site,
            "sites": sites,
            "days": days,
            "f": figures,
            "subjects": subjects,
            "chart_data": {
                k: figures[k] for k in ("by_category", "by_source", "by_department", "daily")
            }
            | {"sla": [[s["name"], s["rate"] or 0] for s in figures["sla"]]},
        },
    )
