"""IT-4 pages: the assessments by year (one's own, or the site's IT staff's), drafting one from
the records, its page with the steps open now, the edit page, the A4 print, the .docx and the
head's drawn signature."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.validators import is_number
from infocenter.core.web import LookaheadPaginator, attempt, render_page, saved, step_view

from ..exports.assessment import assessment_docx
from ..figures import SECTIONS
from ..forms.assessment import DraftForm, EditForm, ReturnForm, SignForm, SubmitForm
from ..rules.assessment import ASSESSMENT_STEPS, require_step, steps_for
from ..selectors import assessment as selectors
from ..services import assessment as services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _number(raw):
    return int(raw) if is_number(raw or "") else None


@login_required
def assessments(request):
    """IT-4: the assessments the reader may see, newest year first (``?person=``, ``?year=``),
    and, for IT staff, the form to draft one from the year's records."""
    permissions.check(request.user, "sw.view")
    may_draft = permissions.can(request.user, "sw.own")
    form = DraftForm(request.POST or None) if may_draft else None
    if request.method == "POST":
        permissions.check(request.user, "sw.own")
        if form.is_valid() and (
            made := attempt(
                request,
                form,
                lambda: services.draft_assessment(request.user, year=form.cleaned_data["year"]),
            )
        ):
            messages.success(request, _("Drafted from the year's records."))
            return redirect(made.get_absolute_url())
    rows = selectors.assessments_for(
        request.user,
        person=_number(request.GET.get("person")),
        year=_number(request.GET.get("year")),
    )
    return render_page(
        request,
        "staffwork/assessment/list.html",
        {"page": LookaheadPaginator(rows, 50).get_page(request.GET.get("page")), "form": form},
        status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200,
    )


def _sign(actor, assessment, *, signature, **fields):  # form field → service
    return services.sign_assessment(actor, assessment, signature_png=signature, **fields)


STEPS = {  # step → (form, service)
    "submit": (SubmitForm, services.submit_assessment),
    "sign": (SignForm, _sign),
    "return": (ReturnForm, services.return_assessment),
}


@login_required
def assessment_detail(request, pk, bound=None, status=200):
    """IT-4: the assessment, its figures (live while a draft, frozen once submitted), the head's
    comment and signature, the steps open to the reader and its history."""
    record = selectors.get_assessment(request.user, pk)
    steps = [s for s in steps_for(request.user, record) if s.name in STEPS]
    prepared = {
        s.name: STEPS[s.name][0](initial={"version": record.version}, auto_id=f"{s.name}_%s")
        for s in steps
    } | (bound or {})
    return render_page(
        request,
        "staffwork/assessment/detail.html",
        {
            "record": record,
            "sections": _sections(record),
            "figures": selectors.figures_of(record),
            "may_edit": any(s.name == "edit" for s in steps_for(request.user, record)),
            "steps": [(s, prepared[s.name]) for s in steps],
            # a refusal of a step not open now (the state moved on): said above the page
            "refusals": [
                e
                for name, form in (bound or {}).items()
                if name not in {s.name for s in steps}
                for e in form.errors.get("__all__", [])
            ],
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


def _sections(record) -> list[tuple[str, str]]:
    return [(label, getattr(record, key)) for key, label in SECTIONS.items()]


assessment_step = step_view(
    selectors.get_assessment,
    STEPS,
    labels=ASSESSMENT_STEPS,
    auto_id="{step}_%s",
    page=assessment_detail,
)


@login_required
def assessment_edit(request, pk):
    """IT-4: the person rewrites the four sections of their draft (refused once signed)."""
    record = selectors.get_assessment(request.user, pk)
    initial = {"version": record.version} | {key: getattr(record, key) for key in SECTIONS}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "GET":
        attempt(request, form, lambda: require_step(request.user, record, "edit"))

    def call():
        return services.edit_assessment(request.user, record, **form.cleaned_data)

    if response := saved(request, form, call, _("Saved."), record.get_absolute_url()):
        return response
    return render_page(
        request,
        "staffwork/assessment/edit.html",
        {"record": record, "form": form},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
def assessment_print(request, pk):
    """IT-4: the assessment on A4, in the layout of the other printed forms."""
    record = selectors.get_assessment(request.user, pk)
    return render_page(
        request,
        "staffwork/assessment/print.html",
        {
            "record": record,
            "sections": _sections(record),
            "figures": selectors.figures_of(record),
            "department": selectors.department_of(record),
        },
    )


@login_required
def assessment_word(request, pk):
    """IT-4: the assessment as a Word document (.docx)."""
    record = selectors.get_assessment(request.user, pk)
    body = assessment_docx(
        record, figures=selectors.figures_of(record), department=selectors.department_of(record)
    )
    response = HttpResponse(body, content_type=DOCX)
    name = f"assessment-{record.person.username}-{record.year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def assessment_signature(request, pk):
    """The head's drawn signature, only to those who may read the assessment."""
    record = selectors.get_assessment(request.user, pk)
    if not record.signature:
        raise Http404()
    return FileResponse(record.signature.open("rb"), content_type="image/png")
