"""The registers' time limits of a site."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import (
    form_page,
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
    return form_page(
        request,
        form,
        lambda: services.update_policy(request.user, site=site, **form.cleaned_data),
        _("Time limits saved."),
        f"{request.path}?site={site.pk}",
        template="logbook/policy.html",
        context={"site": site, "sites": sites},
    )
