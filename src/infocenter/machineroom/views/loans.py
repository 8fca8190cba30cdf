"""Pages of equipment loans (MR-13): the loans (the overdue first), a new loan, a loan with the
head's approval, hand-out and return, and its printed form."""

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    render_page,
    site_of,
    step_view,
)
from infocenter.core.workflows import available

from .. import selectors, workflows
from ..choices import EquipmentStatus, LoanState
from ..filtersets.loans import LoanFilter
from ..forms.common import NoteForm, ReasonForm
from ..forms.loans import LoanForm, LoanLineForm, ReturnForm
from ..services import loans
from .common import lines_status, sent_to_the_head, site_people
from .equipment import PER_PAGE

LoanLines = django_forms.formset_factory(LoanLineForm, extra=4, max_num=20)


@login_required
def loan_list(request):
    """MR-13: loans of the site, the overdue first, then those waiting or out, by due date."""
    site, sites = site_of(request, "mr.view")
    filters = LoanFilter(request.GET, queryset=selectors.loans_for(request.user, site=site))
    state = filters.form.cleaned_data.get("state", "") if filters.is_valid() else ""
    rows = filters.qs.prefetch_related("lines__equipment")
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
            sent_to_the_head(request, loan)
            return redirect("machineroom:loan", pk=loan.pk)
    return render_page(
        request,
        "machineroom/equipment/loan_form.html",
        {"form": form, "lines": lines, "site": site, "sites": sites},
        status=lines_status(request, form),
    )


LOAN_STEPS = {
    "approve": (NoteForm, loans.approve_loan),
    "refuse": (ReasonForm, loans.refuse_loan),
    "hand_out": (NoteForm, loans.hand_out_loan),
    "return": (ReturnForm, loans.return_loan),
    "cancel": (NoteForm, loans.cancel_loan),
}


def _loan_form(cls, loan, items, data=None):
    """A step's form; the return chooses among the loan's items."""
    kwargs = {"items": items} if cls is ReturnForm else {}
    return cls(data, initial={"version": loan.version}, **kwargs)


@login_required
def loan_detail(request, pk, bound=None, status=200):
    loan = selectors.get_loan(request.user, pk)
    lines = list(loan.lines.select_related("equipment"))
    steps = available(request.user, loan, workflows.LOAN_STEPS)
    items = [ln.equipment for ln in lines]
    prepared = {s.name: _loan_form(LOAN_STEPS[s.name][0], loan, items) for s in steps}
    prepared |= bound or {}
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


def _bind(request, loan, cls, data):
    items = [ln.equipment for ln in loan.lines.select_related("equipment")]
    return _loan_form(cls, loan, items, data)


loan_step = step_view(
    selectors.get_loan, LOAN_STEPS, labels=workflows.LOAN_STEPS, bind=_bind, page=loan_detail
)


@login_required
def loan_print(request, pk):
    """The loan slip (设备借用单) on A4, with the approval and the return."""
    loan = selectors.get_loan(request.user, pk)
    return render_page(
        request,
        "machineroom/equipment/print_loan.html",
        {"record": loan, "lines": loan.lines.select_related("equipment")},
    )
