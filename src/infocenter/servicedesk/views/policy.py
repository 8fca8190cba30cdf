"""A site's service-desk time limits (SD-6, SD-7, SD-8, SD-14)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import form_page, site_of

from .. import services
from ..forms import (
    PolicyForm,
)


@login_required
def policy_page(request):
    """A site's service-desk time limits (SD-6, SD-7, SD-8, SD-14), editable by managers."""
    permissions.check(request.user, "sd.policy")
    site, sites = site_of(request, "sd.policy")
    current = services.policy(site)
    initial = {
        "version": current.version,
        **{
            f"{n}_{p}": getattr(current, f"{n}_{p}")
            for n in services.POLICY_FIELDS
            for p in ("amount", "unit")
        },
    }
    form = PolicyForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.update_sla_policy(request.user, site, **form.cleaned_data),
        _("Time limits saved; clocks started from now on use them."),
        f"{request.path}?site={site.pk}",
        template="servicedesk/policy.html",
        context={"site": site, "sites": sites, "policy": current},
    )
