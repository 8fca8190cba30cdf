"""The residents register at intake: the type-ahead."""

from django.contrib.auth.decorators import login_required

from infocenter.core import permissions
from infocenter.core.web import render_page, site_of

from .. import selectors


@login_required
def resident_lookup(request):
    """Type-ahead of the residents register for intake (htmx partial)."""
    permissions.check(request.user, "sd.residents")
    site, _sites = site_of(request, "sd.residents")
    rows = (
        selectors.residents_for(request.user, q=request.GET.get("q", ""), site=site)[:8]
        if len(request.GET.get("q", "").strip()) >= 2
        else []
    )
    return render_page(request, "servicedesk/partials/residents.html", {"residents": rows})
