"""Pages of learning (IT-3): a person's year (the plan by channel, progress against it as bars,
the records, the courses and certificates with their papers), the plan, a record, a course."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core.web import attempt, render_page, saved, site_of

from ..forms.learning import CourseForm, PlanForm, RecordForm, RemoveRecordForm
from ..models import Channel
from ..selectors import learning as selectors
from ..selectors.worklog import staff_for
from ..services import learning as services
from .worklog import person_shown as person_asked


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        return this_year
    return year if 2000 <= year <= 2100 else this_year


@login_required
def learning(request):
    """IT-3: a person's learning in a year: progress against the plan per channel, the records,
    the courses and certificates."""
    person = person_asked(request)
    year = _year(request)
    courses = list(selectors.courses_for(request.user, person=person, year=year))
    return render_page(
        request,
        "staffwork/learning/year.html",
        {
            "person": person,
            "people": staff_for(request.user),
            "year": year,
            "years": [year - 1, year, year + 1],
            "plan": selectors.plan_of(request.user, person=person, year=year),
            "progress": selectors.progress(request.user, person=person, year=year),
            "records": selectors.records_for(request.user, person=person, year=year)[:200],
            "courses": courses,
            "files": selectors.files_of(courses),
            "mine": person.pk == request.user.pk and permissions.can(request.user, "sw.own"),
        },
    )


def _back(year) -> str:
    return reverse("staffwork:learning") + f"?year={year}"


@login_required
def plan_edit(request):
    """IT-3: the reader's plan of a year, a target per channel (set again at the version read)."""
    site, _sites = site_of(request, "sw.own")
    year = _year(request)
    plan = selectors.plan_of(request.user, person=request.user, year=year)
    initial = {"version": plan.version if plan else None, "note": plan.note if plan else ""}
    for t in plan.targets.all() if plan else ():
        initial |= {f"{t.channel}_hours": t.hours, f"{t.channel}_items": t.items}
        initial[f"{t.channel}_note"] = t.note
    form = PlanForm(request.POST or None, initial=initial)
    call = lambda: services.set_learning_plan(  # noqa: E731
        request.user,
        site=site,
        year=year,
        targets=form.targets(),
        note=form.cleaned_data["note"],
        version=form.cleaned_data["version"],
    )
    if response := saved(request, form, call, _("Learning plan saved."), _back(year)):
        return response
    rows = [
        (label, form[f"{c}_hours"], form[f"{c}_items"], form[f"{c}_note"])
        for c, label in Channel.choices
    ]
    return render_page(
        request,
        "staffwork/learning/plan_form.html",
        {"form": form, "rows": rows, "year": year, "plan": plan},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
def record_new(request):
    """IT-3: learning done on a day, in one channel."""
    site, _sites = site_of(request, "sw.own")
    form = RecordForm(request.POST or None, initial={"day": timezone.localdate()})
    call = lambda: services.add_learning_record(request.user, site=site, **form.cleaned_data)  # noqa: E731
    then = _back(form.cleaned_data["day"].year) if form.is_bound and form.is_valid() else ""
    if response := saved(request, form, call, _("Learning recorded."), then):
        return response
    return render_page(
        request,
        "staffwork/learning/record_form.html",
        {"form": form, "title": _("Record learning")},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
@require_POST
def record_remove(request, pk):
    """IT-3: its person removes a learning record (at the version read)."""
    record = selectors.get_record(request.user, pk)
    form = RemoveRecordForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    call = lambda: services.remove_learning_record(request.user, record, version=version) or True  # noqa: E731
    if attempt(request, None, call):
        messages.success(request, _("Learning record removed."))
    return redirect(_back(record.day.year))


@login_required
def course_new(request):
    """IT-3: a course taken or a certificate obtained, with its papers."""
    site, _sites = site_of(request, "sw.own")
    form = CourseForm(request.POST or None, request.FILES or None)
    call = lambda: services.add_course(request.user, site=site, **form.cleaned_data)  # noqa: E731
    then = (
        _back(form.cleaned_data["completed_on"].year) if form.is_bound and form.is_valid() else ""
    )
    if response := saved(request, form, call, _("Course or certificate added."), then):
        return response
    return render_page(
        request,
        "staffwork/learning/record_form.html",
        {"form": form, "title": _("Add a course or certificate"), "multipart": True},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
def course_file(request, pk, attachment):
    """IT-3: a paper of a course or certificate, downloaded."""
    found = selectors.course_file(request.user, pk, attachment)
    return FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=True,
        filename=found.original_name,
    )
