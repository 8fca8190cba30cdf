"""IT-2: the endpoint registry's pages: the list (filters, Excel), add, an endpoint's page (edit,
retire, history), the rates with their history chart, the import of the other side's list
(upload → columns → preview → confirm, and a sample file) and the differences as tasks."""

import datetime as dt
import os
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.excel import read_table
from infocenter.core.exceptions import ApplicationError, ValidationFailed
from infocenter.core.selectors import holders
from infocenter.core.validators import is_number
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    import_refused,
    page_filter,
    render_page,
    site_of,
    step_view,
    xlsx_response,
)

from ..exports import endpoints as exports
from ..filtersets.endpoints import DifferenceFilter, EndpointFilter
from ..forms.endpoints import (
    FIELD_LABELS,
    EndpointEditForm,
    EndpointForm,
    ListUploadForm,
    MappingForm,
    ReassignForm,
    ResolveForm,
    RetireForm,
    guess_columns,
)
from ..models.endpoints import EDITABLE_FIELDS, DifferenceState, ListKind, Problem
from ..selectors import endpoints as selectors
from ..services import endpoint_lists as lists
from ..services import endpoints as services

VIEW, KEEP = "sw.view", "sw.endpoints"
PENDING = "sw-endpoint-import"
HISTORY_DAYS = 180


@login_required
def endpoints(request):
    """The site's registry, filtered (the same filters as the API and the export)."""
    site, sites = site_of(request, VIEW)
    filtered = page_filter(
        EndpointFilter, request, selectors.endpoints_for(request.user, site=site)
    )
    rows = filtered.qs if "retired" in request.GET else filtered.qs.filter(retired_at__isnull=True)
    return render_page(
        request,
        "staffwork/endpoints.html",
        {
            "site": site,
            "sites": sites,
            "filter": filtered,
            "departments": site.departments.order_by("name"),
            "page": LookaheadPaginator(
                rows.order_by("department__name", "location", "pk"), 50
            ).get_page(request.GET.get("page")),
            "query": request.GET.urlencode(),
            "can_keep": permissions.can(request.user, KEEP, site_id=site.pk),
            "open_count": selectors.open_differences(request.user, site=site).count(),
        },
    )


@login_required
def endpoints_export(request):
    """endpoints.xlsx of the site, narrowed like the list."""
    site, _sites = site_of(request, VIEW)
    rows = page_filter(EndpointFilter, request, selectors.endpoints_for(request.user, site=site)).qs
    if "retired" not in request.GET:  # as the list: the endpoints in use unless asked
        rows = rows.filter(retired_at__isnull=True)
    return xlsx_response(exports.endpoints_workbook(rows), f"endpoints-{site.code}")


@login_required
def endpoint_new(request):
    permissions.check(request.user, KEEP)
    site, sites = site_of(request, KEEP)
    form = EndpointForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        added = attempt(
            request,
            form,
            lambda: services.add_endpoint(request.user, site=site, **form.cleaned_data),
        )
        if added:
            messages.success(request, _("Endpoint added."))
            return redirect(added.get_absolute_url())
    return render_page(
        request,
        "staffwork/endpoint_form.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )


@login_required
def endpoint_detail(request, pk, bound=None, status=200):
    """An endpoint with its edit and retire forms, its differences and its history."""
    endpoint = selectors.get_endpoint(request.user, pk)
    bound = bound or {}
    initial = {f: getattr(endpoint, f) for f in EDITABLE_FIELDS} | {"version": endpoint.version}
    return render_page(
        request,
        "staffwork/endpoint_detail.html",
        {
            "endpoint": endpoint,
            "site": endpoint.site,
            "can_keep": endpoint.retired_at is None
            and permissions.can(request.user, KEEP, site_id=endpoint.site_id),
            "edit": bound.get("edit")
            or EndpointEditForm(initial=initial, site=endpoint.site, auto_id="edit_%s"),
            "retire": bound.get("retire")
            or RetireForm(initial={"version": endpoint.version}, auto_id="retire_%s"),
            "differences": endpoint.differences.select_related("owner").order_by("state", "-id"),
            "events": core_selectors.timeline(endpoint),
        },
        status=status,
    )


def _bind_endpoint(request, record, cls, data):
    if cls is EndpointEditForm:
        return cls(data, site=record.site, auto_id="edit_%s")
    return cls(data, auto_id="retire_%s")


endpoint_step = step_view(
    selectors.get_endpoint,
    {
        "edit": (EndpointEditForm, services.update_endpoint, gettext_lazy("Save")),
        "retire": (RetireForm, services.retire_endpoint, gettext_lazy("Retire")),
    },
    page=endpoint_detail,
    bind=_bind_endpoint,
)


# -- rates --------------------------------------------------------------------------------------


@login_required
def endpoint_rates(request):
    """IT-2: registration and real-name rates against 100 % for the sites of a branch (or all
    the actor sees) and for the departments of one site, with their history chart."""
    permissions.check(request.user, VIEW)
    sites = core_selectors.sites_for(request.user, VIEW)
    branches = {s.branch_id: s.branch for s in sites}
    branch = request.GET.get("branch")
    if branch and is_number(branch):
        sites = sites.filter(branch_id=int(branch))
    site = None
    if request.GET.get("site"):
        site = core_selectors.get_site(request.user, request.GET["site"], VIEW)
    rows, whole = selectors.site_rates(request.user, sites=sites)
    since = timezone.localdate() - dt.timedelta(days=HISTORY_DAYS)
    history = selectors.rate_history(
        request.user, sites=[site.pk] if site else [s.pk for s in sites], since=since
    )
    return render_page(
        request,
        "staffwork/endpoint_rates.html",
        {
            "rows": rows,
            "whole": whole,
            "site": site,
            "branches": branches.values(),
            "branch": branch,
            "departments": selectors.department_rates(request.user, site=site) if site else [],
            "history": history,
            # the figures under the chart: one day a week, the latest first
            "history_table": history[::-1][::7],
        },
    )


# -- import: upload → columns → preview → confirm ------------------------------------------------


@login_required
def endpoint_import(request):
    """Upload the other side's list; its columns are chosen once (the mapping page), then every
    row is checked and the reconciliation previewed before anything is written."""
    permissions.check(request.user, KEEP)
    site, sites = site_of(request, KEEP)
    form = ListUploadForm(request.POST or None, request.FILES or None)
    pending = _pending(request, site)
    preview, problems = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read_table(upload)
        except ValidationFailed as exc:
            import_refused(form, exc)
        else:
            pending = _keep_upload(request, site, form.cleaned_data["kind"], upload)
    if pending and not form.errors:
        if not lists.mapping_of(site, pending["kind"]) or request.GET.get("columns"):
            return redirect(f"{reverse('staffwork:endpoint_mapping')}?site={site.pk}")
        try:
            preview = _run(request, site, pending, dry_run=True)
        except ValidationFailed as exc:
            problems = _problem_lines(import_refused(form, exc))
            if exc.field_errors.get("file"):
                pending = None
    return render_page(
        request,
        "staffwork/endpoint_import.html",
        {
            "form": form,
            "site": site,
            "sites": sites,
            "pending": pending,
            "preview": preview,
            "problems": problems,
            "imports": selectors.imports_for(request.user, site=site)[:10],
        },
        status=400 if form.errors else 200,
    )


def _keep_upload(request, site, kind, upload) -> dict:
    upload.seek(0)
    ext = ".csv" if upload.name.lower().endswith(".csv") else ".xlsx"
    name = default_storage.save(
        f"imports/endpoints-{uuid.uuid4().hex}{ext}", ContentFile(upload.read())
    )
    old = request.session.get(PENDING)
    if old and default_storage.exists(old["file"]):
        default_storage.delete(old["file"])
    pending = {"file": name, "name": os.path.basename(upload.name), "site": site.pk, "kind": kind}
    request.session[PENDING] = pending
    return pending


def _pending(request, site) -> dict | None:
    pending = request.session.get(PENDING)
    if pending and pending["site"] == site.pk and default_storage.exists(pending["file"]):
        return pending
    return None


def _table(pending):
    with default_storage.open(pending["file"], "rb") as handle:
        handle.name = pending["file"]
        return read_table(handle)


def _run(request, site, pending, *, dry_run):
    header, lines = _table(pending)
    rows = lists.rows_by_mapping(header, lines, lists.mapping_of(site, pending["kind"]))
    return lists.import_list(
        request.user,
        site=site,
        kind=pending["kind"],
        rows=rows,
        file_name=pending["name"],
        dry_run=dry_run,
    )


def _problem_lines(rows: list) -> list[tuple]:
    """Every bad row as (row, column, reason), for the preview's table."""
    return [
        (problem["row"], FIELD_LABELS.get(field, field), message)
        for problem in rows
        for field, messages_ in problem["errors"].items()
        for message in messages_
    ]


@login_required
def endpoint_mapping(request):
    """IT-2: the uploaded file's header row; the user picks which column holds each field, and
    the choice is remembered for the site and the list."""
    permissions.check(request.user, KEEP)
    site, _sites = site_of(request, KEEP)
    pending = _pending(request, site)
    if pending is None:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect(f"{reverse('staffwork:endpoint_import')}?site={site.pk}")
    header, lines = _table(pending)
    remembered = lists.mapping_of(site, pending["kind"]) or guess_columns(header)
    form = MappingForm(request.POST or None, header=header, initial_columns=remembered)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            form,
            lambda: lists.save_mapping(
                request.user, site=site, kind=pending["kind"], columns=form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Columns remembered."))
            return redirect(f"{reverse('staffwork:endpoint_import')}?site={site.pk}")
    return render_page(
        request,
        "staffwork/endpoint_mapping.html",
        {
            "form": form,
            "site": site,
            "pending": pending,
            "kind_label": ListKind(pending["kind"]).label,
            "header": header,
            "sample": lines[:3],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def endpoint_import_confirm(request):
    """Apply the previewed file: all or nothing, then forgotten."""
    permissions.check(request.user, KEEP)
    site, _sites = site_of(request, KEEP)
    pending = _pending(request, site)
    if pending is None:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect(f"{reverse('staffwork:endpoint_import')}?site={site.pk}")
    try:
        done = _run(request, site, pending, dry_run=False)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(f"{reverse('staffwork:endpoint_import')}?site={site.pk}")
    request.session.pop(PENDING, None)
    default_storage.delete(pending["file"])
    messages.success(
        request,
        _("Imported: %(matched)s matched, %(new)s new differences, %(closing)s closed.") % done,
    )
    return redirect(f"{reverse('staffwork:endpoint_differences')}?site={site.pk}")


@login_required
def endpoint_sample(request):
    """A sample backend export of the site's registry to try the import with: one endpoint
    left out, one unknown device, one user named differently."""
    site, _sites = site_of(request, KEEP)
    rows = selectors.endpoints_for(request.user, site=site).filter(retired_at__isnull=True)
    return xlsx_response(exports.sample_backend_export(rows), f"backend-export-{site.code}")


# -- differences --------------------------------------------------------------------------------


@login_required
def endpoint_differences(request):
    """The differences of the site's last imports, open ones first: each a task with its owner."""
    site, sites = site_of(request, VIEW)
    qs = selectors.differences_for(request.user, site=site)
    params = request.GET.copy()
    params.setdefault("state", DifferenceState.OPEN)
    filtered = DifferenceFilter(params, queryset=qs)
    return render_page(
        request,
        "staffwork/endpoint_differences.html",
        {
            "site": site,
            "sites": sites,
            "filter": filtered,
            "state": params.get("state"),
            "states": DifferenceState.choices,
            "problems": Problem.choices,
            "kinds": ListKind.choices,
            "page": LookaheadPaginator(filtered.qs.order_by("problem", "pk"), 50).get_page(
                request.GET.get("page")
            ),
        },
    )


def _keepers(site_id):
    return holders(site_id, Role.IT_STAFF, Role.IC_HEAD)


@login_required
def endpoint_difference(request, pk, bound=None, status=200):
    difference = selectors.get_difference(request.user, pk)
    bound, version = bound or {}, {"version": difference.version}
    return render_page(
        request,
        "staffwork/endpoint_difference.html",
        {
            "difference": difference,
            "site": difference.site,
            "can_keep": difference.state == DifferenceState.OPEN
            and permissions.can(request.user, KEEP, site_id=difference.site_id),
            "resolve": bound.get("resolve")
            or ResolveForm(initial=version, problem=difference.problem, auto_id="resolve_%s"),
            "reassign": bound.get("reassign")
            or ReassignForm(
                initial=version, people=_keepers(difference.site_id), auto_id="reassign_%s"
            ),
            "events": core_selectors.timeline(difference),
        },
        status=status,
    )


def _bind_difference(request, record, cls, data):
    if cls is ResolveForm:
        return cls(data, problem=record.problem, auto_id="resolve_%s")
    return cls(data, people=_keepers(record.site_id), auto_id="reassign_%s")


endpoint_difference_step = step_view(
    selectors.get_difference,
    {
        "resolve": (ResolveForm, lists.resolve_difference, gettext_lazy("Resolve")),
        "reassign": (ReassignForm, lists.reassign_difference, gettext_lazy("Reassign")),
    },
    page=endpoint_difference,
    bind=_bind_difference,
)
