"""Whereabouts (IT-5): where everyone at the site is, and whom to call instead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.web import (
    attempt,
    render_page,
    site_of,
)

from .. import selectors, services
from ..forms import (
    WhereaboutsForm,
)
from ..models import Whereabouts


@login_required
def whereabouts(request):
    """IT-5: where everyone at the site is, and whom to call instead; set your own here."""
    site, sites = site_of(request, "lb.view")
    mine = Whereabouts.objects.filter(user=request.user).first()
    colleagues = (
        [p for p in holders(site.pk, *Role.values) if p.pk != request.user.pk] if site else []
    )
    form = WhereaboutsForm(
        request.POST or None,
        colleagues=colleagues,
        initial={
            "status": getattr(mine, "status", None),
            "place": getattr(mine, "place", ""),
            "substitute": getattr(mine, "substitute", None),
        },
    )
    if request.method == "POST" and form.is_valid():
        person = request.user
        if request.POST.get("person", str(request.user.pk)) != str(request.user.pk):
            person = (
                core_selectors.people_for(request.user).filter(pk=request.POST["person"]).first()
            )
            if person is None:
                raise Http404()
        if attempt(
            request,
            form,
            lambda: services.set_whereabouts(request.user, person=person, **form.cleaned_data),
        ):
            messages.success(request, _("Whereabouts of %(person)s saved.") % {"person": person})
            return redirect(f"{request.path}?site={site.pk}")
    board = selectors.whereabouts_board(request.user, site=site) if site else []
    return render_page(
        request,
        "logbook/whereabouts.html",
        {
            "site": site,
            "sites": sites,
            "board": board,
            "form": form,
            "may_set_others": site is not None
            and permissions.can(request.user, "lb.whereabouts", site_id=site.pk),
        },
        status=400 if form.errors else 200,
    )
