"""The weekly archive (SD-12, SD-16): batches handed over, reviewed, archived or returned."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import attempt, render_page, saved

from .. import selectors, services
from ..forms import (
    ReturnWithProblemsForm,
    StepForm,
    SubmitBatchForm,
)


def _last_monday() -> dt.date:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return monday if today.weekday() >= 5 else monday - dt.timedelta(days=7)


@login_required
def archive_list(request):
    """SD-16: the weekly batches; the processor hands a week over, the data manager reviews."""
    sites = core_selectors.sites_for(request.user, "sd.intake")
    form = SubmitBatchForm(
        request.POST or None,
        sites=sites,
        initial={"site": sites.first(), "week_start": _last_monday()},
    )
    if request.method == "POST":
        permissions.check(request.user, "sd.intake")
    if "preview" in request.POST and form.is_valid():
        return _with_preview(request, form)
    if response := saved(
        request,
        form,
        lambda: services.submit_archive_batch(request.user, **form.cleaned_data),
        lambda batch: (
            _("Handed over: %(n)s forms, %(r)s refused.")
            % {"n": batch.forms.count(), "r": len(batch.refused)}
        ),
        lambda batch: reverse("servicedesk:batch", kwargs={"pk": batch.pk}),
    ):
        return response
    page = Paginator(selectors.batches_for(request.user), 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "servicedesk/archive_list.html",
        {"page": page, "form": form if sites.exists() else None},
        status=400 if form.errors else 200,
    )


def _with_preview(request, form):
    """The hand-over form again, with what the chosen week would hand over and keep out, and
    the button that confirms it (SD-16)."""
    preview = selectors.batch_preview(request.user, **form.cleaned_data)
    page = Paginator(selectors.batches_for(request.user), 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "servicedesk/archive_list.html",
        {"page": page, "form": form, "preview": preview},
    )


@login_required
def batch_detail(request, pk, return_form=None, status=200):
    batch = selectors.get_batch(request.user, pk)
    can_review = batch.state == "submitted" and permissions.can(
        request.user, "sd.archive", site_id=batch.site_id
    )
    forms = batch.forms.select_related("room__unit__building").prefetch_related("orders")
    return render_page(
        request,
        "servicedesk/batch_detail.html",
        {
            "batch": batch,
            "forms": forms,
            "others": selectors.batch_records(batch),
            "can_review": can_review,
            "events": core_selectors.timeline(batch),
            "return_form": return_form
            or (
                ReturnWithProblemsForm(initial={"version": batch.version}, records=forms)
                if can_review
                else None
            ),
            "problems": batch.problems.select_related("form", "order", "responsible"),
        },
        status=status,
    )


@login_required
@require_POST
def batch_approve(request, pk):
    batch = selectors.get_batch(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid() and attempt(
        request,
        form,
        lambda: services.approve_archive_batch(
            request.user, batch, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Archived."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("servicedesk:batch", pk=pk)


@login_required
@require_POST
def batch_return(request, pk):
    batch = selectors.get_batch(request.user, pk)
    form = ReturnWithProblemsForm(request.POST, records=batch.forms.prefetch_related("orders"))
    if response := saved(
        request,
        form,
        lambda: services.return_archive_batch(
            request.user,
            batch,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            problems=[
                services.NamedProblem(form=f, order=o, problem=text) for f, o, text in form.named()
            ],
        ),
        _("Returned for correction."),
        reverse("servicedesk:batch", kwargs={"pk": pk}),
    ):
        return response
    return batch_detail(request, pk, form, status=getattr(form, "refusal_status", 400))
