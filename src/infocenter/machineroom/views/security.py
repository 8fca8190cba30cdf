"""Pages of keys (MR-4), the credential register (MR-12) and security reports."""

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
from infocenter.core.forms import VersionedForm
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    page_filter,
    post_step,
    render_page,
    saved,
    site_of,
)
from infocenter.core.workflows import Step

from .. import selectors, workflows
from ..filtersets.security import CredentialFilter, KeyFilter, SecurityReportFilter
from ..forms.common import NoteForm
from ..forms.security import (
    AcknowledgeForm,
    CredentialForm,
    CustodianForm,
    HandOverKeyForm,
    KeyForm,
    KeyLostForm,
    RotationForm,
    SecurityReportForm,
)
from ..services import security
from .common import at_site, form_status, refusal_status, row_forms, row_step, site_people


def _steps(table: dict, forms: dict) -> dict:
    """step → (form, service, label) for ``row_step``: the labels are the workflow table's."""
    return {name: (*forms[name], step.label) for name, step in table.items()}


KEY_STEPS = _steps(
    workflows.KEY_STEPS,
    {
        "hand_over": (HandOverKeyForm, security.hand_over_key),
        "return": (VersionedForm, security.return_key),
        "lost": (KeyLostForm, security.report_key_lost),
        "found": (VersionedForm, security.key_found),
    },
)


@login_required
def keys(request, bound=None, status=200):
    """MR-4: who holds each key now, hand-overs with the head's approval when a key leaves the
    information center, returns and losses."""
    site, sites = site_of(request, "mr.view")
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    people = site_people(request, site)
    form = (bound or {}).get("new") or KeyForm()
    rows = []
    for key in page_filter(KeyFilter, request, selectors.keys_for(request.user, site=site)).qs:
        steps = [s.name for s in workflows.KEY_STEPS.values() if key.state in s.sources]
        names = steps if at_desk else []
        rows.append((key, row_forms(key, KEY_STEPS, names, bound, people=people, prefix="k")))
    return render_page(
        request,
        "machineroom/keys.html",
        {
            "site": site,
            "sites": sites,
            "rows": rows,
            "form": form,
            "at_desk": at_desk,
            "events": selectors.key_events_for(request.user, site=site)[:30],
        },
        status=status,
    )


def _add_to(request, site, form, add, *, message, page, url_name: str):
    """POST of a register's new row: added → the register of the site with ``message``; refused
    → the register again with the form and its reason."""
    if response := saved(
        request,
        form,
        lambda: add(request.user, site=site, **form.cleaned_data),
        message,
        f"{reverse(f'machineroom:{url_name}')}?site={site.pk}",
    ):
        return response
    status = refusal_status(form)
    return page(at_site(request, site.pk), {"new": form}, status=status)


@login_required
@require_POST
def key_new(request):
    site, _sites = site_of(request, "mr.desk")
    return _add_to(
        request,
        site,
        KeyForm(request.POST),
        security.add_key,
        message=_("Key added."),
        page=keys,
        url_name="keys",
    )


@login_required
@require_POST
def key_step(request, pk, step):
    return row_step(
        request, selectors.get_key(request.user, pk), step, KEY_STEPS, keys, "keys", "k"
    )


CREDENTIAL_STEPS = _steps(
    workflows.CREDENTIAL_STEPS,
    {
        "rotate": (RotationForm, security.record_rotation),
        "custodian": (CustodianForm, security.change_custodian),
        "retire": (NoteForm, security.retire_credential),
    },
)


@login_required
def credentials(request, bound=None, status=200):
    """MR-12: the credential register, the earliest change due first. It never holds a password."""
    site, sites = site_of(request, "mr.view")
    people = site_people(request, site)
    is_head = permissions.can(request.user, "mr.approve", site_id=site.pk)
    today = timezone.localdate()
    rows = []
    listed = selectors.credentials_for(request.user, site=site)
    for c in page_filter(CredentialFilter, request, listed).qs:
        names = ("rotate", "custodian", "retire") if is_head else ("rotate",)
        if not is_head and c.custodian_id != request.user.pk:
            names = ()
        steps = row_forms(c, CREDENTIAL_STEPS, names, bound, people=people, prefix="c")
        days = (c.next_due_on - today).days
        rows.append((c, days, -days, steps))
    form = (bound or {}).get("new") or CredentialForm(
        people=people, initial={"last_rotated_on": today}
    )
    return render_page(
        request,
        "machineroom/credentials.html",
        {"site": site, "sites": sites, "rows": rows, "form": form if is_head else None},
        status=status,
    )


@login_required
@require_POST
def credential_new(request):
    site, _sites = site_of(request, "mr.approve")
    return _add_to(
        request,
        site,
        CredentialForm(request.POST, people=site_people(request, site)),
        security.add_credential,
        message=_("Account added to the register."),
        page=credentials,
        url_name="credentials",
    )


@login_required
@require_POST
def credential_step(request, pk, step):
    return row_step(
        request,
        selectors.get_credential(request.user, pk),
        step,
        CREDENTIAL_STEPS,
        credentials,
        "credentials",
        "c",
    )


@login_required
def reports(request):
    """MR-4: security reports, and a new one (lost keys are reported from the key)."""
    site, sites = site_of(request, "mr.view")
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    credentials_here = list(selectors.credentials_for(request.user, site=site))
    form = (
        SecurityReportForm(request.POST or None, credentials=credentials_here) if at_desk else None
    )
    if request.method == "POST":
        permissions.check(request.user, "mr.desk", site=site)
        if form.is_valid():
            report = attempt(
                request,
                form,
                lambda: security.report_security(request.user, site=site, **form.cleaned_data),
            )
            if report:
                messages.success(request, _("Reported to the information-center head."))
                return redirect("machineroom:report", pk=report.pk)
    listed = selectors.reports_for(request.user, site=site)
    page = LookaheadPaginator(
        page_filter(SecurityReportFilter, request, listed).qs.order_by("-reported_at"), 30
    ).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/reports.html",
        {"site": site, "sites": sites, "page": page, "form": form},
        status=form_status(form),
    )


# The head's one step on a security report, shaped as every other approval's step so the page
# looks and works the same (the shared actions, then the next item of the approvals inbox).
ACKNOWLEDGE = Step("acknowledge", gettext_lazy("Acknowledge"), frozenset(), "", "mr.approve", "")
REPORT_STEPS = {"acknowledge": (AcknowledgeForm, security.acknowledge_report, ACKNOWLEDGE.label)}


@login_required
def report_detail(request, pk):
    """A security report, and the head's acknowledgement while it waits for one (a POST here
    is the acknowledgement, as ``report_step``)."""
    if request.method == "POST":
        return report_step(request, pk, ACKNOWLEDGE.name)
    return _report_page(request, pk)


def _report_page(request, pk, bound=None, status=200):
    report = selectors.get_report(request.user, pk)
    may_ack = report.acknowledged_at is None and permissions.can(
        request.user, "mr.approve", site_id=report.site_id
    )
    form = AcknowledgeForm(initial={"version": report.version}, auto_id="acknowledge_%s")
    form = (bound or {}).get(ACKNOWLEDGE.name, form)
    return render_page(
        request,
        "machineroom/report_detail.html",
        {
            "record": report,
            "steps": [(ACKNOWLEDGE, form)] if may_ack or bound else [],
            "events": core_selectors.timeline(report),
        },
        status=status,
    )


@login_required
@require_POST
def report_step(request, pk, step):
    """The head acknowledges the report: done → the report, or the next item of the queue it
    was opened from; refused → the report with the form and the reason."""
    report = selectors.get_report(request.user, pk)
    permissions.check(request.user, "mr.approve", site=report.site)
    return post_step(request, report, step, REPORT_STEPS, auto_id="{step}_%s", page=_report_page)
