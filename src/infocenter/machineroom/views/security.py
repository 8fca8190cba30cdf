"""Pages of keys (MR-4), the credential register (MR-12) and security reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.forms import VersionedForm
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    page_filter,
    render_page,
    saved,
    site_of,
)

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


@login_required
def report_detail(request, pk):
    report = selectors.get_report(request.user, pk)
    may_ack = report.acknowledged_at is None and permissions.can(
        request.user, "mr.approve", site_id=report.site_id
    )
    form = (
        AcknowledgeForm(request.POST or None, initial={"version": report.version})
        if may_ack
        else None
    )
    if request.method == "POST":
        permissions.check(request.user, "mr.approve", site=report.site)
        if (
            form is not None
            and form.is_valid()
            and attempt(
                request,
                form,
                lambda: security.acknowledge_report(request.user, report, **form.cleaned_data),
            )
        ):
            messages.success(request, _("Acknowledged."))
            return redirect("machineroom:report", pk=pk)
    return render_page(
        request,
        "machineroom/report_detail.html",
        {"record": report, "form": form, "events": core_selectors.timeline(report)},
        status=400 if form is not None and form.errors else 200,
    )
