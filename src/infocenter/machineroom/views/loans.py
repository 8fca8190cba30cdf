"""Pages of equipment loans (MR-13): the loans (the overdue first), a new loan, a loan with the
head's approval, hand-out and return, and its printed form."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import LookaheadPaginator, attempt, render_page, site_of
from infocenter.core.workflows import available

from .. import selectors, workflows
from ..choices import EquipmentStatus, LoanState
from ..forms.common import NoteForm, ReasonForm
from ..forms.loans import LoanForm, LoanLineForm, ReturnForm
from ..services import loans
from .common import done, form_status, site_people
from .equipment import PER_PAGE

LoanLines = django_forms.formset_factory(LoanLineForm, extra=4, max_num=20)


@login_required
def loan_list(request):
    """MR-13: loans of the site, the overdue first, then those waiting or out, by due date."""
    site, sites = site_of(request, "mr.view")
    state = request.GET.get("state") if request.GET.get("state") in LoanState.values else ""
    rows = selectors.loans_for(request.user, site=site, state=state).prefetch_related(
        "lines__equipment"
    )
    page = LookaheadPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/equipment/loans.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "states": LoanState.choices,
            "state": state,
            "may_edit": permissions.can(request.user, "mr.ledger", site_id=site.pk),
        },
    )


def _loan_lines(formset) -> list:
    return [
        (f.cleaned_data["item"], f.cleaned_data.get("quantity") or 1)
        for f in formset.forms
        if f.cleaned_data.get("item")
    ]


@login_required
def loan_new(request):
    """MR-13: record a loan asked for; it goes to the information-center head for approval."""
    site, sites = site_of(request, "mr.ledger")
    people = site_people(request, site)
    lendable = list(selectors.equipment_for(request.user, site=site, status=EquipmentStatus.SPARE))
    form = LoanForm(request.POST or None, people=people)
    lines = LoanLines(
        request.POST or None,
        prefix="lines",
        form_kwargs={"items": lendable},
        initial=[{"item": request.GET["item"]}] if request.GET.get("item") else None,
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        loan = attempt(
            request,
            form,
            lambda: loans.request_loan(
                request.user, site=site, lines=_loan_lines(lines), **form.cleaned_data
            ),
        )
        if loan:
            messages.success(
                request,
                _("%(serial)s sent to the information-center head for approval.")
                % {"serial": loan.serial},
            )
            return redirect("machineroom:loan", pk=loan.pk)
    return render_page(
        request,
        "machineroom/equipment/loan_form.html",
        {"form": form, "lines": lines, "site": site, "sites": sites},
        status=form_status(form) if form.errors else (400 if request.method == "POST" else 200),
    )


LOAN_FORMS = {
    "approve": NoteForm,
    "refuse": ReasonForm,
    "hand_out": NoteForm,
    "return": ReturnForm,
    "cancel": NoteForm,
}


LOAN_SERVICES = {
    "approve": loans.approve_loan,
    "refuse": loans.refuse_loan,
    "hand_out": loans.hand_out_loan,
    "return": loans.return_loan,
    "cancel": loans.cancel_loan,
}


def _loan_form(name, loan, items, data=None):
    kwargs = {"items": items} if name == "return" else {}
    return LOAN_FORMS[name](data, initial={"version": loan.version}, **kwargs)


@login_required
def loan_detail(request, pk, bound=None, status=200):
    loan = selectors.get_loan(request.user, pk)
    lines = list(loan.lines.select_related("equipment"))
    steps = available(request.user, loan, workflows.LOAN_STEPS)
    prepared = {s.name: _loan_form(s.name, loan, [ln.equipment for ln in lines]) for s in steps} | (
        bound or {}
    )
    return render_page(
        request,
        "machineroom/equipment/loan.html",
        {
            "record": loan,
            "lines": lines,
            "steps": [(s, prepared[s.name]) for s in steps],
            "reports": loan.reports.select_related("equipment"),
            "events": core_selectors.timeline(loan),
        },
        status=status,
    )


@login_required
@require_POST
def loan_step(request, pk, step):
    loan = selectors.get_loan(request.user, pk)
    if step not in LOAN_SERVICES:
        raise Http404()
    form = _loan_form(
        step, loan, [ln.equipment for ln in loan.lines.select_related("equipment")], request.POST
    )
    if form.is_valid() and attempt(
        request, form, lambda: LOAN_SERVICES[step](request.user, loan, **form.cleaned_data)
    ):
        done(request, workflows.LOAN_STEPS[step].label)
        return redirect("machineroom:loan", pk=pk)
    return loan_detail(request, pk, {step: form}, status=getattr(form, "refusal_status", 400))


@login_required
def loan_print(request, pk):
    """The loan slip (设备借用单) on A4, with the approval and the return."""
    loan = selectors.get_loan(request.user, pk)
    return render_page(
        request,
        "machineroom/equipment/print_loan.html",
        {"record": loan, "lines": loan.lines.select_related("equipment")},
    )
