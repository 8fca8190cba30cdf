"""A site's service-desk time limits (SD-6, SD-7, SD-8, SD-14)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import attempt, render_page, site_of

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
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: services.update_sla_policy(request.user, site, **form.cleaned_data),
        ):
            messages.success(request, _("Time limits saved; clocks started from now on use them."))
            return redirect(f"{request.path}?site={site.pk}")
    return render_page(
        request,
        "servicedesk/policy.html",
        {"form": form, "site": site, "sites": sites, "policy": current},
        status=400 if form.errors else 200,
    )
