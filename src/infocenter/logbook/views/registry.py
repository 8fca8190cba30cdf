"""The information registry (LOG-3, F5): the "now" board, what is coming, recent entries,
late reports."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    form_page,
    page_filter,
    period_export,
    period_of,
    period_register,
    render_page,
    site_of,
    step_view,
)
from infocenter.core.workflows import available

from .. import exports, selectors, services, workflows
from ..choices import OUTAGES, EntryKind
from ..filtersets import EntryFilter
from ..forms import (
    EndEntryForm,
    EntryForm,
    RescheduleForm,
    WithdrawEntryForm,
)
from ..models import RegistryEntry

BOARD_ROWS = 100  # the "now" board shows this many; a search narrows it
LIST_ROWS = 20  # coming and recent entries under the board


@login_required
def registry(request):
    """LOG-3: the "now" board with one search box, what is coming, and the recent entries."""
    site, sites = site_of(request, "lb.view")
    q = request.GET.get("q", "")
    recent = page_filter(
        EntryFilter, request, selectors.entries_for(request.user, site=site)
    ).qs.order_by("-recorded_at")
    kind = request.GET.get("kind", "")
    board = (
        selectors.now_board(request.user, site=site, q=q) if site else RegistryEntry.objects.none()
    )
    now = list(board[: BOARD_ROWS + 1])
    return render_page(
        request,
        "logbook/registry.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "kind": kind,
            "kinds": EntryKind.choices,
            "outages": OUTAGES,
            "now": now[:BOARD_ROWS],
            "now_more": board.count() - BOARD_ROWS if len(now) > BOARD_ROWS else 0,
            # A search is a question about now: the board alone answers it.
            "upcoming": selectors.upcoming_entries(request.user, site=site)[:LIST_ROWS]
            if site and not q
            else [],
            "page": LookaheadPaginator(recent, LIST_ROWS).get_page(request.GET.get("page"))
            if not q
            else None,
            "may_record": site is not None
            and (
                permissions.can(request.user, "lb.registry", site_id=site.pk)
                or permissions.can(request.user, "lb.report", site_id=site.pk)
            ),
        },
    )


@login_required
def entry_new(request):
    site, sites = site_of(request, "lb.view")
    control_room = permissions.can(request.user, "lb.registry", site_id=site.pk)
    if not control_room:
        permissions.check(request.user, "lb.report", site=site)
    departments = core_selectors.departments_for(request.user, site=site)
    if not control_room:
        scope = permissions.scope_for(request.user, "lb.report")
        departments = (
            departments.filter(pk__in=scope.departments.get(site.pk, ()))
            if site.pk not in scope.sites
            else departments
        )
    now = timezone.localtime().replace(second=0, microsecond=0)
    own = list(departments[:2])
    form = EntryForm(
        request.POST or None,
        site=site,
        departments=departments,
        initial={
            "starts_at": now,
            "changed_at": now,
            "channel": "phone" if control_room else "system",
            "department": own[0] if len(own) == 1 else None,
        },
    )
    if not control_room:
        form.fields.pop("channel")
        form.fields.pop("reported_by")

    def record():
        data = {"channel": "system", "reported_by": "", **form.cleaned_data}
        data["buildings"] = list(data["buildings"])
        return services.record_entry(request.user, site=site, **data)

    return form_page(
        request,
        form,
        record,
        lambda entry: (
            _("%(serial)s recorded.") % {"serial": entry.serial}
            + (
                " " + _("Reported %(n)s minutes late.") % {"n": entry.late_minutes}
                if entry.late
                else ""
            )
        ),
        lambda entry: reverse("logbook:entry", kwargs={"pk": entry.pk}),
        template="logbook/entry_form.html",
        context={"site": site, "sites": sites},
    )


ENTRY_STEPS = {
    "reschedule": (RescheduleForm, services.reschedule_entry),
    "end": (EndEntryForm, services.end_entry),
    "withdraw": (WithdrawEntryForm, services.withdraw_entry),
}


@login_required
def entry_detail(request, pk, bound=None, status=200):
    entry = selectors.get_entry(request.user, pk)
    steps = available(request.user, entry, workflows.ENTRY_STEPS)
    initial = {
        "version": entry.version,
        "starts_at": timezone.localtime(entry.starts_at),
        "ends_at": timezone.localtime(entry.ends_at) if entry.ends_at else None,
    }
    prepared = {s.name: ENTRY_STEPS[s.name][0](initial=initial) for s in steps} | (bound or {})
    return render_page(
        request,
        "logbook/entry_detail.html",
        {
            "record": entry,
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(entry),
            "in_force": entry.state == "active"
            and entry.starts_at <= timezone.now()
            and (entry.ends_at is None or entry.ends_at > timezone.now()),
        },
        status=status,
    )


entry_step = step_view(
    selectors.get_entry, ENTRY_STEPS, labels=workflows.ENTRY_STEPS, page=entry_detail
)


@login_required
def registry_print(request):
    """KF-CQ08-01-F5 on A4: the entries recorded in a period."""
    return period_register(
        request,
        "lb.view",
        partial(_entries, request),
        "logbook/print_f5.html",
        days=7,
        order="recorded_at",
        paged=False,
    )


@login_required
def registry_export(request):
    return period_export(
        request, "lb.view", partial(_entries, request), exports.entries_workbook, "registry", "F5 "
    )


def _entries(request, site, since, until):
    """The entries of ``site`` recorded between ``since`` and ``until``, as the list is
    filtered."""
    entries = page_filter(EntryFilter, request, selectors.entries_for(request.user, site=site)).qs
    return entries.filter(recorded_at__gte=since, recorded_at__lt=until)


@login_required
def late_reports(request):
    """LOG-3: entries per reporting department and how many were reported late."""
    site, sites = site_of(request, "lb.view")
    start, end, since, until = period_of(request, days=30)
    return render_page(
        request,
        "logbook/late_reports.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "rows": selectors.late_reports(request.user, site=site, start=since, end=until)
            if site
            else [],
            "hours": services.policy(site).report_within_hours if site else 4,
        },
    )


IN_FORCE_ROWS = 10


@login_required
def in_force(request):
    """LOG-3 at intake (source 4.3.3): an htmx fragment of what is in force at the caller's
    building (``?building=``, or the building of ``?room=``): outages, works, events, until
    when. Nothing chosen yet: an empty fragment."""
    permissions.check(request.user, "lb.view")
    building = attempt(
        request,
        None,
        lambda: selectors.intake_building(
            request.user, building=request.GET.get("building"), room=request.GET.get("room")
        ),
    )
    rows = (
        list(selectors.in_force_at_building(request.user, building=building)[: IN_FORCE_ROWS + 1])
        if building
        else []
    )
    return render_page(
        request,
        "logbook/partials/in_force.html",
        {"building": building, "entries": rows[:IN_FORCE_ROWS], "more": len(rows) > IN_FORCE_ROWS},
    )
