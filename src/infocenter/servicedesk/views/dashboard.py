"""The managers' dashboard (X-9): it opens on the user's own scope, every site of it together
with a comparison between them (a branch general manager), or one site."""

from django.contrib.auth.decorators import login_required

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import render_page

from .. import reports

PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


@login_required
def dashboard(request):
    """Managers' dashboard (X-9) for all the user's sites, or the one chosen, and a period."""
    permissions.check(request.user, "sd.dashboard")
    sites = list(core_selectors.sites_for(request.user, "sd.dashboard").order_by("name"))
    chosen = request.GET.get("site")
    site = core_selectors.get_site(request.user, chosen, "sd.dashboard") if chosen else None
    if site is None and len(sites) == 1:
        site = sites[0]
    days = PERIODS.get(request.GET.get("days", "30"), 30)
    start, end = reports.period_of(days)
    scope = [site] if site else sites
    figures = reports.dashboard([s.pk for s in scope], start, end)
    return render_page(
        request,
        "servicedesk/dashboard.html",
        {
            "site": site,
            "sites": sites,
            "days": days,
            "f": figures,
            "subjects": reports.overdue_subjects(figures["overdue"]),
            "chart_data": reports.chart_data(figures),
            "clock_names": {kind: name for kind, _rule, name in reports.CLOCKS},
        },
    )
