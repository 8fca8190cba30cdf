"""Pages of inspections (MR-9): rounds (the round itself on a phone), checklists, schedules, the
A4 round record and the Excel export."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.deadlines import clocks_for
from infocenter.core.forms import VersionedForm
from infocenter.core.web import (
    LookaheadPaginator,
    attachment_response,
    attempt,
    period_export,
    period_of,
    post_step,
    render_page,
    saved,
    site_of,
    url_for_each,
)

from .. import selectors, workflows
from ..choices import ResultOutcome, RoundState
from ..exports.inspections import results_workbook
from ..filtersets.inspections import ChecklistFilter, FindingFilter, RoundFilter
from ..forms.inspections import (
    ChecklistEditForm,
    ChecklistForm,
    ItemForm,
    ReasonForm,
    RoundForm,
    ScheduleEditForm,
    ScheduleForm,
    StartRoundForm,
    round_initial,
)
from ..services import inspections
from .common import at_site, button_post, form_status, may, refusal_status


@login_required
def rounds(request, bound=None, status=200):
    """MR-9: the rounds to do today (first, as big buttons on a phone) and the rounds of the
    period, with print and Excel export."""
    site, sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=7)
    tomorrow = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    rows = (
        RoundFilter(request.GET, queryset=selectors.rounds_for(request.user, site=site))
        .qs.filter(occurs_at__gte=since, occurs_at__lt=until)
        .order_by("-occurs_at", "-id")
    )
    may_start = may(request, "mr.inspect", site)
    form = (bound or {}).get("new") or (
        StartRoundForm(checklists=selectors.checklists_for(request.user, site=site, active=True))
        if may_start
        else None
    )
    today = selectors.rounds_due(request.user, site=site, until=tomorrow)
    page = LookaheadPaginator(rows, 50).get_page(request.GET.get("page"))
    url = url_for_each("machineroom:round")
    for record in [*today, *page]:
        record.url = url(record.pk)
    return render_page(
        request,
        "machineroom/inspections/rounds.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "today": today,
            "clocks": clocks_for(today),
            "now": timezone.now(),
            "page": page,
            "form": form,
        },
        status=status,
    )


@login_required
def findings(request):
    """MR-9: the checks of the period's rounds that found a fault, with the work order each
    opened (what the report counts as checks that found a fault and the orders they opened)."""
    site, sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=7)
    filters = FindingFilter(
        request.GET,
        queryset=selectors.results_for(request.user, site=site)
        .select_related("order__department")
        .filter(outcome=ResultOutcome.FAIL, round__occurs_at__gte=since, round__occurs_at__lt=until)
        .exclude(round__state=RoundState.CANCELLED)
        .order_by("-round__occurs_at", "-round_id", "position"),
    )
    page = LookaheadPaginator(filters.qs, 50).get_page(request.GET.get("page"))
    url = url_for_each("machineroom:round")
    order_url = url_for_each("servicedesk:order")
    form_url = url_for_each("servicedesk:form")
    for result in page:
        result.round.url = url(result.round_id)
        result.order_url = order_url(result.order_id) if result.order_id else ""
        result.form_url = form_url(result.form_id) if result.form_id else ""
    return render_page(
        request,
        "machineroom/inspections/findings.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "ordered": filters.form.cleaned_data.get("ordered"),
            "page": page,
        },
    )


@login_required
@require_POST
def round_new(request):
    site, _sites = site_of(request, "mr.inspect")
    form = StartRoundForm(
        request.POST, checklists=selectors.checklists_for(request.user, site=site, active=True)
    )
    record = form.is_valid() and attempt(
        request, form, lambda: inspections.start_round(request.user, **form.cleaned_data)
    )
    if record:
        return redirect("machineroom:round", pk=record.pk)
    return rounds(at_site(request, site.pk), {"new": form}, status=refusal_status(form))


def _round_page(request, record, form, cancel_form=None, status=200):
    results = list(record.results.select_related("form", "order", "recorded_by"))
    photos = selectors.photos_of(results)
    for r in results:
        r.photos = photos.get(r.pk, [])
    may_record = record.state == "open" and may(request, "mr.inspect", record.site)
    if may_record and form is None:
        form = RoundForm(initial=round_initial(record, results), results=results)
    may_cancel = record.state == "open" and may(request, "mr.checklists", record.site)
    return render_page(
        request,
        "machineroom/inspections/round.html",
        {
            "record": record,
            "results": results,
            "form": form if may_record else None,
            "cancel_form": cancel_form
            or (ReasonForm(initial={"version": record.version}) if may_cancel else None),
            "faults": [r for r in results if r.outcome == "fail"],
            "events": core_selectors.timeline(record),
            "clocks": clocks_for([record]).get(record.pk, []),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def round_detail(request, pk):
    """MR-9: the round on a phone: each item normal/fault or its reading (out of range is a
    fault, the range shown), a note and a photo; save, or finish (final)."""
    record = selectors.get_round(request.user, pk)
    if request.method != "POST":
        return _round_page(request, record, None)
    permissions.check(request.user, "mr.inspect", site=record.site)
    results = list(record.results.all())
    form = RoundForm(request.POST, request.FILES, results=results)
    finish = request.POST.get("action") == "finish"
    if response := saved(
        request,
        form,
        lambda: inspections.record_results(
            request.user,
            record,
            version=form.cleaned_data["version"],
            entries=form.entries(),
            submit=finish,
            note=form.cleaned_data["note"],
        ),
        _("Round finished.") if finish else _("Saved."),
        reverse("machineroom:round", kwargs={"pk": pk}),
    ):
        return response
    return _refused_round(request, record, form)


def _refused_round(request, record, form):
    """A refused finish saved what was entered: show the round as saved, with the reasons."""
    status = refusal_status(form)
    record.refresh_from_db()
    if record.state != "open":
        for error in form.non_field_errors():
            messages.error(request, error)
        return _round_page(request, record, None, status=status)
    if record.version != getattr(form, "cleaned_data", {}).get("version", record.version):
        results = list(record.results.all())
        fresh = RoundForm(initial=round_initial(record, results), results=results)
        fresh._errors = form.errors
        if NON_FIELD_ERRORS not in fresh._errors:
            fresh._errors[NON_FIELD_ERRORS] = fresh.error_class(
                [
                    _(
                        "The round cannot be finished yet: the items marked below lack a result, a photo or a description. "
                        "What you entered is saved."
                    )
                ],
                error_class="nonfield",
            )
        form = fresh
    return _round_page(request, record, form, status=status)


def _round_refused(request, pk, bound, status):
    """The round again after a refused step (its form with the reason)."""
    record = selectors.get_round(request.user, pk)
    return _round_page(request, record, None, cancel_form=bound.get("cancel"), status=status)


@login_required
@require_POST
def round_cancel(request, pk):
    """MR-9: the round called off, with the reason."""
    record = selectors.get_round(request.user, pk)
    return post_step(
        request,
        record,
        "cancel",
        {"cancel": (ReasonForm, inspections.cancel_round)},
        labels=workflows.ROUND_STEPS,
        page=_round_refused,
    )


@login_required
def round_print(request, pk):
    """The round record on A4 (巡检记录表): items, results, who and when, work orders."""
    record = selectors.get_round(request.user, pk)
    return render_page(
        request,
        "machineroom/inspections/print_round.html",
        {
            "record": record,
            "results": record.results.select_related("order", "form", "recorded_by"),
        },
    )


@login_required
def round_photo(request, pk, result):
    """A result's photo, only to those who may see the round."""
    record = selectors.get_round(request.user, pk)
    found = record.results.select_related("photo").filter(pk=result, photo__isnull=False).first()
    if found is None:
        raise Http404()
    return FileResponse(found.photo.file.open("rb"), content_type=found.photo.content_type)


@login_required
def round_result_photo(request, pk, result, photo):
    """One of an item's photos, only to those who may see the round."""
    record = selectors.get_round(request.user, pk)
    found = record.results.filter(pk=result).first()
    if found is None:
        raise Http404()
    return attachment_response(found, photo)


@login_required
def rounds_export(request):
    """Every item result of the period's rounds in Excel."""
    return period_export(
        request,
        "mr.view",
        lambda site, since, until: selectors.results_for(request.user, site=site).filter(
            round__occurs_at__gte=since, round__occurs_at__lt=until
        ),
        results_workbook,
        "inspections",
    )


@login_required
def checklists(request):
    """MR-9: the site's checklists (巡检表) and a new one."""
    site, sites = site_of(request, "mr.view")
    may_edit = may(request, "mr.checklists", site)
    form = ChecklistForm(request.POST or None, site=site) if may_edit else None
    if request.method == "POST":
        permissions.check(request.user, "mr.checklists", site=site)
        record = form.is_valid() and attempt(
            request,
            form,
            lambda: inspections.add_checklist(request.user, site=site, **form.cleaned_data),
        )
        if record:
            messages.success(request, _("Checklist added: now add its items."))
            return redirect("machineroom:checklist", pk=record.pk)
    return render_page(
        request,
        "machineroom/inspections/checklists.html",
        {
            "site": site,
            "sites": sites,
            "form": form,
            "rows": ChecklistFilter(
                request.GET, queryset=selectors.checklists_for(request.user, site=site)
            ).qs.prefetch_related("items"),
        },
        status=form_status(form),
    )


def _checklist_page(request, record, bound=None, status=200):
    may_edit = may(request, "mr.checklists", record.site)
    initial = {"version": record.version}
    edit = (bound or {}).get("edit") or ChecklistEditForm(
        site=record.site,
        initial={
            **initial,
            "name": record.name,
            "target": record.target,
            "room": record.room_id,
            "device": record.device,
            "department": record.department_id,
            "active": record.active,
        },
    )
    item = (bound or {}).get("item") or ItemForm(initial=initial)
    return render_page(
        request,
        "machineroom/inspections/checklist.html",
        {
            "record": record,
            "items": record.items.all(),
            "schedules": record.schedules.all(),
            "edit_form": edit if may_edit else None,
            "item_form": item if may_edit else None,
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


@login_required
def checklist_detail(request, pk):
    return _checklist_page(request, selectors.get_checklist(request.user, pk))


def _checklist_post(request, record, key, form, service, message):
    """POST of one of a checklist's forms: saved → the checklist with ``message``; refused →
    the checklist with the form and its reason."""
    if response := saved(
        request,
        form,
        lambda: service(request.user, record, **form.cleaned_data),
        message,
        record.get_absolute_url(),
    ):
        return response
    return _checklist_page(request, record, {key: form}, status=refusal_status(form))


@login_required
@require_POST
def checklist_edit(request, pk):
    record = selectors.get_checklist(request.user, pk)
    form = ChecklistEditForm(request.POST, site=record.site)
    return _checklist_post(request, record, "edit", form, inspections.update_checklist, _("Saved."))


@login_required
@require_POST
def checklist_item_add(request, pk):
    record = selectors.get_checklist(request.user, pk)
    form = ItemForm(request.POST)
    return _checklist_post(
        request, record, "item", form, inspections.add_checklist_item, _("Item added.")
    )


def _item_post(request, pk, item, change, message):
    """POST on one item of a checklist (``change(item, version)``), back to the checklist."""
    record = selectors.get_checklist(request.user, pk)
    found = record.items.filter(pk=item).first()
    if found is None:
        raise Http404()
    form = VersionedForm(request.POST)
    return button_post(
        request,
        form,
        lambda: change(found, form.cleaned_data["version"]),
        message,
        record.get_absolute_url(),
    )


@login_required
@require_POST
def checklist_item_remove(request, pk, item):
    def remove(found, version):
        return inspections.remove_checklist_item(request.user, found, version=version)

    return _item_post(request, pk, item, remove, _("Item removed."))


@login_required
@require_POST
def checklist_item_move(request, pk, item):
    def move(found, version):
        up = request.POST.get("direction") != "down"
        return inspections.move_checklist_item(request.user, found, version=version, up=up)

    return _item_post(request, pk, item, move, _("Saved."))


@login_required
def schedules(request, bound=None, status=200):
    """MR-9: when each checklist is done (daily routine checks, the quarterly LAN test)."""
    site, sites = site_of(request, "mr.view")
    may_edit = may(request, "mr.checklists", site)
    rows = list(selectors.schedules_for(request.user, site=site))
    edits = (
        {
            s.pk: (bound or {}).get(s.pk)
            or ScheduleEditForm(
                initial={
                    "version": s.version,
                    "name": s.name,
                    "rule": s.rule,
                    "due_hours": s.due_hours,
                },
                auto_id=f"s{s.pk}_%s",
            )
            for s in rows
        }
        if may_edit
        else {}
    )
    form = (
        ScheduleForm(
            request.POST or None,
            checklists=selectors.checklists_for(request.user, site=site, active=True),
        )
        if may_edit
        else None
    )
    if request.method == "POST":
        permissions.check(request.user, "mr.checklists", site=site)
        if response := saved(
            request,
            form,
            lambda: inspections.add_schedule(request.user, **form.cleaned_data),
            _("Schedule added."),
            f"{reverse('machineroom:inspection_schedules')}?site={site.pk}",
        ):
            return response
    return render_page(
        request,
        "machineroom/inspections/schedules.html",
        {
            "site": site,
            "sites": sites,
            "form": form,
            "may_edit": may_edit,
            "rows": [(s, edits.get(s.pk)) for s in rows],
        },
        status=status if bound else form_status(form),
    )


@login_required
@require_POST
def schedule_edit(request, pk):
    record = selectors.get_schedule(request.user, pk)
    form = ScheduleEditForm(request.POST, auto_id=f"s{pk}_%s")
    if response := saved(
        request,
        form,
        lambda: inspections.update_schedule(request.user, record, **form.cleaned_data),
        _("Saved."),
        f"{reverse('machineroom:inspection_schedules')}?site={record.site_id}",
    ):
        return response
    request.method = "GET"
    return schedules(
        at_site(request, record.site_id),
        {record.pk: form},
        status=refusal_status(form),
    )


@login_required
@require_POST
def schedule_toggle(request, pk):
    record = selectors.get_schedule(request.user, pk)
    form = VersionedForm(request.POST)
    return button_post(
        request,
        form,
        lambda: inspections.set_schedule_active(
            request.user, record, version=form.cleaned_data["version"], active=not record.active
        ),
        _("Saved."),
        f"{reverse('machineroom:inspection_schedules')}?site={record.site_id}",
    )
