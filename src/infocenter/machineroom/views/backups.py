"""Pages of the backup register (MR-11): the site's jobs with their latest result, the last 14 days
as a strip, open alerts and the restore tests due; a job's page with its register, corrections and
restore tests; the month's register on A4 and the results of a period in Excel."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    SANE_YEARS,
    LookaheadPaginator,
    attempt,
    done,
    period_of,
    render_page,
    saved,
    site_of,
    step_view,
    xlsx_response,
)

from .. import selectors
from ..choices import BackupAlertKind, BackupOutcome
from ..exports.backups import results_workbook
from ..filtersets.backups import (
    BackupHistoryAlertFilter,
    BackupHistoryResultFilter,
    BackupJobFilter,
    BackupResultFilter,
    RestoreHistoryFilter,
)
from ..forms.backups import (
    AlertForm,
    BackupJobEditForm,
    BackupJobForm,
    BackupResultForm,
    CorrectionForm,
    RestoreTestForm,
)
from ..forms.common import NoteForm
from ..rules.backups import JOB_FIELDS, STRIP_DAYS, strip
from ..services import backups
from .common import at_site, refusal_status, site_people

OUTCOMES = dict(BackupOutcome.choices)


def _result_form(job, data=None, **kwargs):
    return BackupResultForm(
        data,
        initial={"day": timezone.localdate(), "offsite": job.offsite, "encrypted": job.encrypted},
        **kwargs,
    )


def _row(job, results, due, today, form) -> dict:
    days = (due - today).days if due else None
    return {
        "job": job,
        "strip": strip(job, results, today=today),
        "due": due,
        "due_days": days,
        "late": -days if days is not None else None,
        "form": form,
        "latest_label": OUTCOMES.get(job.last_outcome, ""),
        "latest_size": backups.human_size(job.last_size),
    }


@login_required
def register(request, bound=None, status=200):
    """MR-11: the backup register of a site, phone-sized: each job's latest result and last 14 days
    (✓ ✗ or missing), the restore test due, open alerts; today's result in one form per job."""
    site, sites = site_of(request, "mr.view")
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    is_head = permissions.can(request.user, "mr.approve", site_id=site.pk)
    jobs = list(
        BackupJobFilter(
            request.GET, queryset=selectors.backup_register_jobs(request.user, site=site)
        ).qs
    )
    today = timezone.localdate()
    results = selectors.results_by_day(
        request.user, jobs, since=today - dt.timedelta(days=STRIP_DAYS)
    )
    due = selectors.restore_due(jobs)
    bound = bound or {}
    rows = [
        _row(
            job,
            results,
            due.get(job.pk),
            today,
            bound.get(job.pk) or (_result_form(job, auto_id=f"j{job.pk}_%s") if at_desk else None),
        )
        for job in jobs
    ]
    form = bound.get("new") or BackupJobForm(people=site_people(request, site)) if is_head else None
    return render_page(
        request,
        "machineroom/backups/register.html",
        {
            "site": site,
            "sites": sites,
            "rows": rows,
            "form": form,
            "today": today,
            "alerts": selectors.backup_alerts_for(request.user, site=site, open_only=True).order_by(
                "day"
            )[:50],
            "retired": selectors.backup_jobs_for(request.user, site=site, retired=True)[:20],
        },
        status=status,
    )


@login_required
@require_POST
def job_new(request):
    site, _sites = site_of(request, "mr.approve")
    form = BackupJobForm(request.POST, people=site_people(request, site))
    job = form.is_valid() and attempt(
        request, form, lambda: backups.add_backup_job(request.user, site=site, **form.cleaned_data)
    )
    if job:
        messages.success(request, _("Backup job %(job)s registered.") % {"job": job})
        return redirect("machineroom:backup_job", pk=job.pk)
    return register(at_site(request, site.pk), {"new": form}, status=refusal_status(form))


@login_required
@require_POST
def result_new(request, pk):
    """MR-11: a day's result, from the register (the row's form) or the job's page."""
    job = selectors.get_backup_job(request.user, pk)
    form = _result_form(job, request.POST, auto_id=f"j{job.pk}_%s")
    if form.is_valid() and attempt(
        request,
        form,
        lambda: backups.record_backup_result(request.user, job=job, **form.cleaned_data),
    ):
        messages.success(
            request,
            _("Recorded: %(job)s, %(day)s.")
            % {"job": job, "day": form.cleaned_data["day"].isoformat()},
        )
        return redirect(
            request.POST.get("next") == "job"
            and reverse("machineroom:backup_job", args=[pk])
            or f"{reverse('machineroom:backups')}?site={job.site_id}"
        )
    status = refusal_status(form)
    if request.POST.get("next") == "job":
        return job_detail(request, pk, {"result": form}, status=status)
    return register(at_site(request, job.site_id), {job.pk: form}, status=status)


def _correction_form(result):
    return CorrectionForm(
        initial={
            "version": result.version,
            "outcome": result.outcome,
            "size": result.size_text,
            "offsite": result.offsite,
            "encrypted": result.encrypted,
        },
        auto_id=f"c{result.pk}_%s",
    )


JOB_STEPS = {
    "edit": (BackupJobEditForm, backups.update_backup_job, gettext_lazy("Save changes")),
    "retire": (NoteForm, backups.retire_backup_job, gettext_lazy("Retire")),
}


def _job_forms(request, job, bound):
    """The forms of a job's page that the actor may use, bound ones kept."""
    forms = {}
    if job.active and permissions.can(request.user, "mr.desk", site_id=job.site_id):
        forms["result"] = bound.get("result") or _result_form(job)
        forms["restore"] = bound.get("restore") or RestoreTestForm(
            initial={"tested_on": timezone.localdate()}
        )
    if job.active and permissions.can(request.user, "mr.approve", site_id=job.site_id):
        initial = {f: getattr(job, f) for f in JOB_FIELDS} | {
            "version": job.version,
            "custodian": job.custodian_id,
        }
        forms["edit"] = bound.get("edit") or BackupJobEditForm(
            people=site_people(request, job.site), initial=initial, auto_id="e_%s"
        )
        forms["retire"] = bound.get("retire") or NoteForm(
            initial={"version": job.version}, auto_id="r_%s"
        )
    return forms


@login_required
def job_detail(request, pk, bound=None, status=200):
    """MR-11: one job: its register (every revision, corrections with their reasons), alerts,
    restore tests and the next one due."""
    job = selectors.get_backup_job(request.user, pk)
    at_desk = permissions.can(request.user, "mr.desk", site_id=job.site_id)
    bound = bound or {}
    results = selectors.backup_results_for(request.user, current_only=False).filter(job=job)
    page = LookaheadPaginator(
        BackupResultFilter(request.GET, queryset=results)
        .qs.select_related("replaces")
        .order_by("-day", "-revision"),
        31,
    ).get_page(request.GET.get("page"))
    rows = [
        (
            r,
            bound.get(("correct", r.pk))
            or (_correction_form(r) if at_desk and r.current and job.active else None),
        )
        for r in page
    ]
    alerts = [
        (
            a,
            (
                bound.get(("alert", a.pk))
                or AlertForm(initial={"version": a.version}, auto_id=f"a{a.pk}_%s")
            )
            if a.open
            and (
                job.custodian_id == request.user.pk
                or permissions.can(request.user, "mr.approve", site_id=job.site_id)
            )
            else None,
        )
        for a in selectors.backup_alerts_for(request.user).filter(job=job)[:30]
    ]
    return render_page(
        request,
        "machineroom/backups/job.html",
        {
            "job": job,
            "page": page,
            "rows": rows,
            "alerts": alerts,
            "forms": _job_forms(request, job, bound),
            "due": backups.restore_due_on(job),
            "tests": job.restore_tests.select_related("tested_by")[:20],
            "events": core_selectors.timeline(job),
        },
        status=status,
    )


def _bind_job(request, job, cls, data):
    if cls is BackupJobEditForm:
        return cls(data, people=site_people(request, job.site))
    return cls(data)


job_step = step_view(selectors.get_backup_job, JOB_STEPS, bind=_bind_job, page=job_detail)


@login_required
@require_POST
def restore_new(request, pk):
    """MR-11: a restore test recorded; the next falls due."""
    job = selectors.get_backup_job(request.user, pk)
    form = RestoreTestForm(request.POST)
    if response := saved(
        request,
        form,
        lambda: backups.record_restore_test(request.user, job=job, **form.cleaned_data),
        _("Restore test recorded."),
        reverse("machineroom:backup_job", kwargs={"pk": pk}),
    ):
        return response
    return job_detail(request, pk, {"restore": form}, status=refusal_status(form))


@login_required
@require_POST
def result_correct(request, pk):
    """MR-11: a correction is a new revision with its reason; the old line stays visible."""
    result = selectors.get_backup_result(request.user, pk)
    form = CorrectionForm(request.POST, auto_id=f"c{result.pk}_%s")
    if response := saved(
        request,
        form,
        lambda: backups.correct_backup_result(request.user, result, **form.cleaned_data),
        _("Corrected; the previous line is kept."),
        reverse("machineroom:backup_job", kwargs={"pk": result.job_id}),
    ):
        return response
    return job_detail(
        request,
        result.job_id,
        {("correct", result.pk): form},
        status=refusal_status(form),
    )


@login_required
@require_POST
def alert_handle(request, pk):
    alert = selectors.get_backup_alert(request.user, pk)
    form = AlertForm(request.POST, auto_id=f"a{alert.pk}_%s")
    if form.is_valid() and attempt(
        request, form, lambda: backups.handle_alert(request.user, alert, **form.cleaned_data)
    ):
        done(request, _("Dealt with"))
        return redirect(
            request.POST.get("next") == "register"
            and f"{reverse('machineroom:backups')}?site={alert.site_id}"
            or reverse("machineroom:backup_job", args=[alert.job_id])
        )
    return job_detail(
        request,
        alert.job_id,
        {("alert", alert.pk): form},
        status=refusal_status(form),
    )


def month_of(request) -> tuple[dt.date, dt.date]:
    """``?month=2026-11`` (default: this month) as its first and last day."""
    try:
        first = dt.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        first = None
    if first is None or first.year not in SANE_YEARS:
        first = timezone.localdate().replace(day=1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


@login_required
def register_print(request):
    """The month's backup register on A4: each job's days (missing days marked), restore tests,
    and the signature lines."""
    site, _sites = site_of(request, "mr.view")
    first, last = month_of(request)
    jobs, lines = selectors.month_register(request.user, site=site, first=first, last=last)
    return render_page(
        request,
        "machineroom/backups/print_register.html",
        {
            "site": site,
            "first": first,
            "last": last,
            "jobs": jobs,
            "lines": lines,
            "tests": selectors.restore_tests_for(request.user, site=site)
            .filter(tested_on__gte=first, tested_on__lte=last)
            .order_by("tested_on"),
        },
    )


@login_required
def register_export(request):
    """The register of a period in Excel (every revision, corrections with their reasons)."""
    site, _sites = site_of(request, "mr.view")
    start, end, _since, _until = period_of(request, days=31)
    rows = BackupResultFilter(
        request.GET,
        queryset=selectors.backup_results_for(request.user, site=site, current_only=False),
    ).qs.filter(day__gte=start, day__lte=end)
    return xlsx_response(
        results_workbook(rows, title=f"{start}~{end}"),
        f"backups-{site.code}-{start}-{end}",
    )


# what the backup history lists (the report's figures open it): each with its rows and filters
HISTORY = {
    "results": (
        gettext_lazy("Backup results"),
        lambda user, site: selectors.backup_results_for(user, site=site).order_by("-day", "job"),
        BackupHistoryResultFilter,
    ),
    "missing": (
        gettext_lazy("Missed backups"),
        lambda user, site: (
            selectors.backup_alerts_for(user, site=site)
            .filter(kind=BackupAlertKind.MISSED)
            .order_by("-day", "job")
        ),
        BackupHistoryAlertFilter,
    ),
    "restores": (
        gettext_lazy("Restore tests"),
        lambda user, site: selectors.restore_tests_for(user, site=site).order_by(
            "-tested_on", "job"
        ),
        RestoreHistoryFilter,
    ),
}


@login_required
def history(request):
    """MR-11: a site's backups over days, as the report counts them: the results (``?outcome=``,
    ``?failed=true``), the missed backups and the restore tests (``?outcome=``), each between
    ``?start=`` and ``?end=``."""
    site, sites = site_of(request, "mr.view")
    shown = request.GET.get("show") if request.GET.get("show") in HISTORY else "results"
    _title, rows, filters = HISTORY[shown]
    listed = filters(request.GET, queryset=rows(request.user, site)).qs
    page = LookaheadPaginator(listed, 30).get_page(request.GET.get("page"))
    kept = {k: request.GET[k] for k in ("site", "start", "end") if request.GET.get(k)}
    return render_page(
        request,
        "machineroom/backups/history.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "shown": shown,
            "tabs": [
                (key, title, "?" + urlencode(kept | {"show": key}))
                for key, (title, _rows, _filters) in HISTORY.items()
            ],
            "days": (request.GET.get("start", ""), request.GET.get("end", "")),
        },
    )
