"""Pages of the work log (IT-1): the list with its filters and Excel export, an entry (corrected
or removed by its person), the week view, the proposals from the system's records, projects
and their milestones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.exceptions import NotFound, ValidationFailed
from infocenter.core.selectors import timeline
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    day_of,
    page_filter,
    period_of,
    render_page,
    saved,
    site_of,
    xlsx_response,
)

from ..exports.worklog import entries_workbook
from ..filtersets.worklog import WorkEntryFilter
from ..forms.worklog import (
    ConfirmForm,
    DismissForm,
    EntryEditForm,
    EntryForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProjectEditForm,
    ProjectForm,
    RemoveForm,
)
from ..selectors import worklog as selectors
from ..services import worklog as services

PER_PAGE = 50


def person_shown(request):
    """The person a page shows (``?person=``; the reader themselves by default)."""
    permissions.check(request.user, "sw.view")
    person = selectors.person_of(request.GET.get("person"), request.user)
    if person is None:
        raise NotFound()
    return person


def _entry_form(request, cls, data=None, **kwargs):
    site, _sites = site_of(request, "sw.own")
    return cls(
        data,
        projects=selectors.projects_for(request.user, person=request.user),
        departments=core_selectors.departments_for(request.user),
        sites=core_selectors.sites_for(request.user),
        **kwargs,
    ), site


@login_required
def entry_list(request):
    """IT-1: a person's log, newest first, with the filters shared by the API and the export."""
    person = person_shown(request)
    filters = page_filter(
        WorkEntryFilter, request, selectors.entries_for(request.user, person=person)
    )
    page = LookaheadPaginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "staffwork/worklog/entries.html",
        {
            "person": person,
            "people": selectors.staff_for(request.user),
            "filters": filters,
            "page": page,
            "mine": person.pk == request.user.pk,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def entry_export(request):
    """IT-1, X-5: the entries of the list's filters in Excel (a bad filter value is a 400)."""
    person = person_shown(request)
    params = request.GET.copy()
    params.pop("person", None)
    filters = WorkEntryFilter(params, queryset=selectors.entries_for(request.user, person=person))
    if not filters.is_valid():  # refused as the API refuses it, on the error page
        raise ValidationFailed(field_errors=dict(filters.errors))
    rows = filters.qs
    today = timezone.localdate()
    body = entries_workbook(rows, title=_("Work log"))
    return xlsx_response(body, f"worklog-{person.username}-{today:%Y%m%d}")


@login_required
def entry_new(request):
    """IT-1: a new entry of the reader's own log."""
    form, site = _entry_form(
        request, EntryForm, request.POST or None, initial={"day": timezone.localdate()}
    )
    call = lambda: services.add_entry(request.user, site=site, content=form.content())  # noqa: E731
    if response := saved(request, form, call, _("Entry added."), reverse("staffwork:worklog")):
        return response
    return render_page(
        request,
        "staffwork/worklog/entry_form.html",
        {"form": form, "site": site},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
def entry_detail(request, pk):
    """IT-1: an entry, its history; its person corrects it here (at the version read)."""
    entry = selectors.get_entry(request.user, pk)
    form = None
    if entry.person_id == request.user.pk and permissions.can(request.user, "sw.own"):
        initial = {f: getattr(entry, f) for f in ("kind", "day", "hours", "helped", "notes")}
        initial |= {
            "version": entry.version,
            "project": entry.project_id,
            "helped_department": entry.helped_department_id,
            "helped_site": entry.helped_site_id,
        }
        form, _site = _entry_form(request, EntryEditForm, request.POST or None, initial=initial)
        call = lambda: services.edit_entry(  # noqa: E731
            request.user, entry, version=form.cleaned_data["version"], content=form.content()
        )
        if response := saved(request, form, call, _("Entry corrected."), entry.get_absolute_url()):
            return response
    elif request.method == "POST":
        services.require_owner(request.user, entry, _("work log"))
    return render_page(
        request,
        "staffwork/worklog/entry.html",
        {"entry": entry, "form": form, "events": timeline(entry)},
        status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def entry_remove(request, pk):
    """IT-1: its person removes an entry (at the version read); audited."""
    entry = selectors.get_entry(request.user, pk)
    form = RemoveForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    if attempt(
        request, None, lambda: services.remove_entry(request.user, entry, version=version) or True
    ):
        messages.success(request, _("Entry removed."))
        return redirect("staffwork:worklog")
    return redirect(entry.get_absolute_url())


@login_required
def week(request):
    """IT-1: a person's week, Monday to Sunday (local time), hours per day and per kind."""
    person = person_shown(request)
    day = day_of(request.GET.get("day"), timezone.localdate())
    return render_page(
        request,
        "staffwork/worklog/week.html",
        {
            "person": person,
            "people": selectors.staff_for(request.user),
            "week": selectors.week_of(request.user, person=person, day=day),
            "today": timezone.localdate(),
        },
    )


@login_required
def proposals(request):
    """IT-1: what the reader did in the system in a period (the last 30 days by default),
    proposed as entries to confirm or dismiss."""
    permissions.check(request.user, "sw.own")
    start, end, _since, _until = period_of(request, days=30)
    rows = selectors.proposals_for(request.user, start=start, end=end)
    return render_page(
        request,
        "staffwork/worklog/proposals.html",
        {"rows": rows, "start": start, "end": end},
    )


def _back_to_proposals(request):
    target = reverse("staffwork:worklog_proposals")
    query = request.POST.get("next_query", "")
    return redirect(f"{target}?{query}" if query else target)


@login_required
@require_POST
def proposal_confirm(request):
    """IT-1: a proposal confirmed into an entry linked to its record."""
    form = ConfirmForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        call = lambda: services.confirm_proposal(request.user, key=d["key"], hours=d["hours"])  # noqa: E731
        if attempt(request, None, call):
            messages.success(request, _("Entry added from the proposal."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return _back_to_proposals(request)


@login_required
@require_POST
def proposal_dismiss(request):
    """IT-1: a proposal dismissed: it is not proposed again."""
    form = DismissForm(request.POST)
    if form.is_valid() and attempt(
        request, None, lambda: services.dismiss_proposal(request.user, key=form.cleaned_data["key"])
    ):
        messages.success(request, _("Proposal dismissed."))
    return _back_to_proposals(request)


@login_required
def project_list(request):
    """IT-1: a person's projects with their milestones and go-live; a new one is added here."""
    person = person_shown(request)
    mine = person.pk == request.user.pk and permissions.can(request.user, "sw.own")
    form = ProjectForm(request.POST or None) if mine else None
    if request.method == "POST" and not mine:
        permissions.check(request.user, "sw.own")
    if mine:
        site, _sites = site_of(request, "sw.own")
        call = lambda: services.add_project(request.user, site=site, **form.cleaned_data)  # noqa: E731
        if response := saved(
            request, form, call, _("Project added."), reverse("staffwork:worklog_projects")
        ):
            return response
    return render_page(
        request,
        "staffwork/worklog/projects.html",
        {
            "person": person,
            "people": selectors.staff_for(request.user),
            "projects": selectors.projects_for(request.user, person=person),
            "form": form,
        },
        status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200,
    )


@login_required
def project_detail(request, pk):
    """IT-1: a project, its milestones and the log entries of it; its person edits it here."""
    project = selectors.get_project(request.user, pk)
    mine = project.person_id == request.user.pk
    form = None
    if mine:
        initial = {f: getattr(project, f) for f in ("name", "role", "go_live_on", "note")}
        form = ProjectEditForm(request.POST or None, initial=initial | {"version": project.version})
        call = lambda: services.edit_project(request.user, project, **form.cleaned_data)  # noqa: E731
        if response := saved(request, form, call, _("Project saved."), project.get_absolute_url()):
            return response
    elif request.method == "POST":
        services.require_owner(request.user, project, _("project"))
    return render_page(
        request,
        "staffwork/worklog/project.html",
        {
            "project": project,
            "form": form,
            "milestone_form": MilestoneForm() if mine else None,
            "done_form": MilestoneDoneForm(initial={"done_on": timezone.localdate()}),
            "entries": project.entries.order_by("-day")[:50],
            "events": timeline(project),
        },
        status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def milestone_add(request, pk):
    """IT-1: a milestone added to the reader's project."""
    project = selectors.get_project(request.user, pk)
    form = MilestoneForm(request.POST)
    call = lambda: services.add_milestone(request.user, project, **form.cleaned_data)  # noqa: E731
    if form.is_valid() and attempt(request, form, call):
        messages.success(request, _("Milestone added."))
    elif form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def milestone_done(request, pk, milestone):
    """IT-1: a milestone of the reader's project marked done on a day."""
    project = selectors.get_project(request.user, pk)
    found = next((m for m in project.milestones.all() if m.pk == milestone), None)
    if found is None:
        raise NotFound()
    form = MilestoneDoneForm(request.POST)
    call = lambda: services.complete_milestone(request.user, found, **form.cleaned_data)  # noqa: E731
    if form.is_valid() and attempt(request, form, call):
        messages.success(request, _("Milestone done."))
    elif form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(project.get_absolute_url())
