"""The registers' time limits of a site."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import (
    render_page,
    saved,
    site_of,
)

from .. import services
from ..forms import (
    PolicyForm,
)


@login_required
def policy_page(request):
    permissions.check(request.user, "lb.policy")
    site, sites = site_of(request, "lb.policy")
    current = services.policy(site)
    fields = ("report_within_hours", "accept_within_minutes", "call_back_within_minutes")
    form = PolicyForm(
        request.POST or None,
        initial={"version": current.version, **{f: getattr(current, f) for f in fields}},
    )
    if response := saved(
        request,
        form,
        lambda: services.update_policy(request.user, site=site, **form.cleaned_data),
        _("Time limits saved."),
        f"{request.path}?site={site.pk}",
    ):
        return response
    return render_page(
        request,
        "logbook/policy.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )
