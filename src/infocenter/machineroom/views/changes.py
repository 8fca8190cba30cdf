"""Pages of machine-room changes (MR-7, MR-8): the change register, a change with its discussion,
decision, notice, operation record, outcome and central-data steps, the month calendar, the
printed change request (变更申请单) and notice (变更通知), and the Excel register."""

import calendar
import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.models import Department
from infocenter.core.web import (
    SANE_YEARS,
    LookaheadPaginator,
    attempt,
    page_filter,
    render_page,
    site_of,
    step_view,
    xlsx_response,
)

from .. import selectors
from ..choices import ChangeClass, ChangeState
from ..exports.changes import changes_workbook
from ..filtersets.changes import ChangeFilter
from ..forms.changes import (
    BackupForm,
    ChangeEditForm,
    ChangeForm,
    ChangeNoteForm,
    ChangeReasonForm,
    ChangeStepForm,
    CommentForm,
    FinishForm,
    OperationForm,
    RescheduleForm,
    StartForm,
)
from ..rules import changes as rules
from ..rules.changes import ChangeContent
from ..services import changes
from ..workflows import CHANGE_STEPS
from .common import form_status

# step → (form, service); steps without a version take no ``version`` argument.
STEPS = {
    "submit": (ChangeStepForm, changes.submit_change),
    "comment": (CommentForm, changes.comment_on_change),
    "approve": (ChangeNoteForm, changes.approve_change),
    "refuse": (ChangeReasonForm, changes.refuse_change),
    "notify": (ChangeNoteForm, changes.send_notice),
    "reschedule": (RescheduleForm, changes.reschedule_change),
    "backup": (BackupForm, changes.record_backup),
    "start": (StartForm, changes.start_change),
    "operation": (OperationForm, changes.record_operation),
    "finish": (FinishForm, changes.finish_change),
    "ratify": (ChangeNoteForm, changes.ratify_change),
    "confirm": (ChangeNoteForm, changes.confirm_running),
    "delete_backup": (ChangeNoteForm, changes.record_backup_deleted),
    "cancel": (ChangeNoteForm, changes.cancel_change),
}
CLOCK_LABELS = {
    changes.K_NOTICE: gettext_lazy("advance notice"),
    changes.K_RATIFY: gettext_lazy("approval after the fact"),
    changes.K_CONFIRM: gettext_lazy("confirmation of correct running"),
    changes.K_DELETE_BACKUP: gettext_lazy("backup deletion"),
}
KIND_TONE = {
    ChangeClass.STANDARD: "secondary",
    ChangeClass.NORMAL: "primary",
    ChangeClass.MAJOR: "warning",
    ChangeClass.EMERGENCY: "danger",
}


def _form_choices(request, site) -> dict:
    """The site's people (to notify), its qualified technicians and departments, for the change form."""
    people = list(core_selectors.people_for(request.user, site=site).distinct())
    return {
        "people": people,
        "qualified": [p for p in people if rules.is_qualified(p, site.pk)],
        "departments": list(Department.objects.filter(site=site).order_by("name")),
    }


@login_required
def change_register(request):
    """MR-7: the change register of a site, filtered by state and class, newest planned first."""
    site, sites = site_of(request, "mr.view")
    filters = page_filter(ChangeFilter, request, selectors.changes_for(request.user, site=site))
    chosen = filters.form.cleaned_data if filters.is_valid() else {}
    page = LookaheadPaginator(filters.qs.order_by("-planned_start", "-id"), 30).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        "machineroom/changes/list.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "states": ChangeState.choices,
            "kinds": ChangeClass.choices,
            "state": chosen.get("state", ""),
            "kind": chosen.get("kind", ""),
            "tones": KIND_TONE,
            "may_request": permissions.can(request.user, "mr.change", site_id=site.pk),
        },
    )


@login_required
def change_new(request):
    """MR-7: write a change request; saved as a draft, or submitted at once."""
    site, _sites = site_of(request, "mr.change")
    form = ChangeForm(request.POST or None, **_form_choices(request, site))
    if request.method == "POST" and form.is_valid():
        submit = bool(request.POST.get("submit"))
        change = attempt(
            request,
            form,
            lambda: changes.create_change(
                request.user, site=site, content=ChangeContent(**form.cleaned_data), submit=submit
            ),
        )
        if change:
            messages.success(
                request,
                _("%(serial)s saved: %(state)s.")
                % {"serial": change.serial, "state": change.get_state_display()},
            )
            return redirect("machineroom:change", pk=change.pk)
    return render_page(
        request,
        "machineroom/changes/form.html",
        {"form": form, "site": site, "title": _("New change request")},
        status=form_status(form),
    )


def _edit(actor, change, data: dict):
    return changes.edit_change(
        actor, change, version=data.pop("version"), content=ChangeContent(**data)
    )


@login_required
def change_edit(request, pk):
    """MR-7: correct a change before it is decided; a stale edit is refused with who changed what."""
    change = selectors.get_change(request.user, pk)
    rules.require_step(request.user, change, "edit")
    initial = {f: getattr(change, f) for f in rules.FIELDS} | {
        "version": change.version,
        "implementer": change.implementer_id,
        "notify_people": [str(p.pk) for p in change.notify_people.all()],
        "notify_departments": list(change.notify_departments.all()),
    }
    form = ChangeEditForm(
        request.POST or None, initial=initial, **_form_choices(request, change.site)
    )
    form.fields["kind"].disabled = (
        change.state != ChangeState.DRAFT
    )  # the class is fixed once submitted
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(request, form, lambda: _edit(request.user, change, form.cleaned_data))
    ):
        messages.success(request, _("Saved."))
        return redirect("machineroom:change", pk=pk)
    return render_page(
        request,
        "machineroom/changes/form.html",
        {
            "form": form,
            "site": change.site,
            "change": change,
            "title": _("Edit %(serial)s") % {"serial": change.serial},
        },
        status=form_status(form),
    )


@login_required
def change_detail(request, pk, bound=None, status=200):
    """A change: its content, the steps open to the reader now, the discussion, the operation
    record, the central-data steps with who and when, and its history."""
    change = selectors.get_change(request.user, pk)
    steps = rules.steps_for(request.user, change)
    initial = {"version": change.version}
    prepared = {
        s.name: STEPS[s.name][0](initial=initial, auto_id=f"{s.name}_%s")
        for s in steps
        if s.name in STEPS
    }
    prepared |= bound or {}
    return render_page(
        request,
        "machineroom/changes/detail.html",
        {
            "record": change,
            "tone": KIND_TONE[change.kind],
            "steps": [(s, prepared[s.name]) for s in steps if s.name in prepared],
            "may_edit": any(s.name == "edit" for s in steps),
            "comments": change.comments.select_related("author"),
            "audience": rules.audience(change) if change.global_impact else [],
            "departments": change.notify_departments.all(),
            "start_from": rules.may_start_from(change),
            "clocks": [
                (c, CLOCK_LABELS.get(c.kind, c.kind)) for c in selectors.change_clocks(change)
            ],
            "events": _history(change),
        },
        status=status,
    )


def _history(change) -> list:
    """One timeline for the change: its audit trail, with each line of the operation record
    (MR-7) at the time it was done rather than when it was typed."""
    events = [e for e in core_selectors.timeline(change) if e.kind != "change.operation"]
    lines = [
        SimpleNamespace(
            occurred_at=o.at,
            actor_name=str(o.done_by),
            kind="change.operation",
            data={},
            detail=o.text,
        )
        for o in change.operations.select_related("done_by")
    ]
    return sorted(events + lines, key=lambda e: e.occurred_at)


change_step = step_view(
    selectors.get_change, STEPS, labels=CHANGE_STEPS, auto_id="{step}_%s", page=change_detail
)


@login_required
def change_print(request, pk):
    """变更申请单 on A4, with the decision, the notice, the operation record and the outcome."""
    change = selectors.get_change(request.user, pk)
    return render_page(
        request,
        "machineroom/changes/print.html",
        {
            "record": change,
            "comments": change.comments.select_related("author"),
            "operations": change.operations.select_related("done_by"),
        },
    )


@login_required
def change_notice(request, pk):
    """变更通知 on A4: the advance notice of a global-impact change, to post or hand out."""
    change = selectors.get_change(request.user, pk)
    if not change.global_impact:
        raise Http404()
    generated = rules.notice_text(change)
    extra = (
        change.notice_text[len(generated) :].strip()
        if change.notice_text.startswith(generated)
        else ""
    )
    return render_page(
        request,
        "machineroom/changes/print_notice.html",
        {"record": change, "note": extra, "departments": change.notify_departments.all()},
    )


def _month_of(request) -> dt.date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        first = dt.date(year, month, 1)
    except (TypeError, ValueError):
        first = None
    return first if first and first.year in SANE_YEARS else timezone.localdate().replace(day=1)


@login_required
def change_calendar(request):
    """MR-7: the change calendar, a month of planned and done changes of a site, by class and
    state; a list of the same on a phone."""
    site, sites = site_of(request, "mr.view")
    first = _month_of(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    since, until = days_span(weeks[0][0], weeks[-1][-1])
    rows = list(selectors.changes_between(request.user, site=site, since=since, until=until))
    by_day = {d: [] for week in weeks for d in week}
    for change in rows:
        start = timezone.localtime(change.started_at or change.planned_start).date()
        end = max(timezone.localtime(change.finished_at or change.planned_end).date(), start)
        for day in by_day:
            if start <= day <= end:
                by_day[day].append(change)
    previous, following = (
        (first - dt.timedelta(days=1)).replace(day=1),
        (first + dt.timedelta(days=32)).replace(day=1),
    )
    return render_page(
        request,
        "machineroom/changes/calendar.html",
        {
            "site": site,
            "sites": sites,
            "first": first,
            "previous": previous,
            "following": following,
            "weeks": [[(d, by_day[d]) for d in week] for week in weeks],
            "rows": rows,
            "tones": KIND_TONE,
            "today": timezone.localdate(),
            "kinds": ChangeClass.choices,
        },
    )


@login_required
def change_register_print(request):
    """The change register of a month on A4 (变更台账), as the calendar shows it."""
    site, _sites = site_of(request, "mr.view")
    first = _month_of(request)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    since, until = days_span(first, following - dt.timedelta(days=1))
    rows = selectors.changes_between(request.user, site=site, since=since, until=until)
    return render_page(
        request,
        "machineroom/changes/print_register.html",
        {"site": site, "first": first, "rows": rows},
    )


@login_required
def change_export(request):
    """The change register of a site in Excel, filtered as the register page is."""
    site, _sites = site_of(request, "mr.view")
    rows = page_filter(ChangeFilter, request, selectors.changes_for(request.user, site=site)).qs
    return xlsx_response(
        changes_workbook(rows, title=str(_("Change register"))), f"changes-{site.code}"
    )
