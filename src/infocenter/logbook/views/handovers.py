"""Shift handover (LOG-1, F1): the live draft of what the shift carries over, the hand-over
form, the log and the acceptance."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import handover, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.web import (
    page_filter,
    period_export,
    post_step,
    render_page,
    saved,
    site_of,
)
from infocenter.core.workflows import available

from .. import exports, selectors, services, workflows
from ..filtersets import HandoverFilter
from ..forms import (
    AcceptForm,
    HandOverForm,
)


def _processors(site, actor):
    return [p for p in holders(site.pk, Role.PROCESSOR) if p.pk != actor.pk]


@login_required
def handovers(request):
    """LOG-1: the live draft of what the shift carries over, the hand-over form, and the log."""
    site, sites = site_of(request, "lb.view")
    may_hand_over = site is not None and permissions.can(
        request.user, "lb.handover", site_id=site.pk
    )
    form = HandOverForm(
        request.POST or None, processors=_processors(site, request.user) if site else ()
    )
    if request.method == "POST":
        permissions.check(request.user, "lb.handover", site=site)
    if response := saved(
        request,
        form,
        lambda: services.hand_over(request.user, site=site, **form.cleaned_data),
        lambda record: (
            _("%(serial)s handed over to %(person)s.")
            % {"serial": record.serial, "person": record.incoming}
        ),
        lambda record: reverse("logbook:handover", kwargs={"pk": record.pk}),
    ):
        return response
    rows = page_filter(HandoverFilter, request, selectors.handovers_for(request.user, site=site))
    page = Paginator(rows.qs, 20).get_page(request.GET.get("page"))
    return render_page(
        request,
        "logbook/handovers.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "form": form if may_hand_over else None,
            "draft": handover.snapshot(site) if may_hand_over else [],
            "waiting": selectors.waiting_handover(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def handover_detail(request, pk, accept_form=None, status=200):
    record = selectors.get_handover(request.user, pk)
    steps = [
        s
        for s in available(request.user, record, workflows.HANDOVER_STEPS)
        if record.incoming_id == request.user.pk
    ]
    return render_page(
        request,
        "logbook/handover_detail.html",
        {
            "record": record,
            "accept_form": (accept_form or AcceptForm(initial={"version": record.version}))
            if steps
            else None,
            "events": core_selectors.timeline(record),
            "clocks": selectors.clocks_of(record),
        },
        status=status,
    )


@login_required
@require_POST
def handover_accept(request, pk):
    return post_step(
        request,
        selectors.get_handover(request.user, pk),
        "accept",
        {"accept": (AcceptForm, services.accept_handover)},
        labels=workflows.HANDOVER_STEPS,
        page=lambda request, pk, bound, status: handover_detail(
            request, pk, bound["accept"], status=status
        ),
    )


@login_required
def handover_print(request, pk):
    """KF-CQ08-01-F1 on A4, as on paper."""
    return render_page(
        request, "logbook/print_f1.html", {"record": selectors.get_handover(request.user, pk)}
    )


@login_required
def handovers_export(request):
    return period_export(
        request,
        "lb.view",
        lambda site, since, until: page_filter(
            HandoverFilter, request, selectors.handovers_for(request.user, site=site)
        ).qs.filter(handed_over_at__gte=since, handed_over_at__lt=until),
        exports.handovers_workbook,
        "handovers",
        heading="F1 ",
    )
