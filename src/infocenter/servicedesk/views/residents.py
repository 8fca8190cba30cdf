"""The residents register (业户, LOG-4): the list and its search, a resident's page (edit, move
out, merge, the flat's history), the Excel import (upload → preview → confirm) and export, and
intake's look-ups (residents by phone or name, rooms by address)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.exceptions import ApplicationError, NotFound, ValidationFailed
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    form_page,
    import_refused,
    render_page,
    site_of,
    xlsx_response,
)

from .. import exports, selectors, services
from ..choices import ResidentState
from ..forms import MergeForm, MoveOutForm, ResidentEditForm, ResidentForm, ResidentImportForm

IMPORT_KEY = "residents-import"


@login_required
def resident_lookup(request):
    """Type-ahead of the residents register for intake (htmx partial)."""
    permissions.check(request.user, "sd.residents")
    site, _sites = site_of(request, "sd.residents")
    rows = (
        selectors.residents_for(
            request.user, q=request.GET.get("q", ""), site=site, state=ResidentState.CURRENT
        )[:8]
        if len(request.GET.get("q", "").strip()) >= 2
        else []
    )
    return render_page(request, "servicedesk/partials/residents.html", {"residents": rows})


@login_required
def room_lookup(request):
    """Intake's room look-up as JSON for room-picker.js: rooms whose address begins as typed,
    each with its current residents."""
    site, _sites = site_of(request, "sd.view")
    rooms = selectors.rooms_matching(request.user, request.GET.get("q", ""), site=site)
    return JsonResponse({"rooms": [_room_json(room) for room in rooms]})


def _room_json(room) -> dict:
    return {
        "id": room.pk,
        "label": str(room),
        "building": room.unit.building_id,
        "residents": [
            {"id": r.pk, "name": r.name, "phone": r.phone, "kind": r.kind}
            for r in room.current_residents
        ],
    }


@login_required
def residents_list(request):
    """The register: search by name, pinyin, initials, phone or address; current by default."""
    site, sites = site_of(request, "sd.view")
    state, rows = _listed(request, site)
    return render_page(
        request,
        "servicedesk/residents.html",
        {
            "page": LookaheadPaginator(rows, 50).get_page(request.GET.get("page")),
            "site": site,
            "sites": sites,
            "q": request.GET.get("q", ""),
            "state": state,
            "states": ResidentState.choices,
            "can_edit": permissions.can(request.user, "sd.residents", site_id=site.pk),
        },
    )


@login_required
def resident_add(request):
    permissions.check(request.user, "sd.residents")
    site, sites = site_of(request, "sd.residents")
    form = ResidentForm(request.POST or None, site=site)
    return form_page(
        request,
        form,
        lambda: services.add_resident(request.user, site=site, **form.cleaned_data),
        lambda added: _("%(name)s added.") % {"name": added.name},
        lambda added: reverse("servicedesk:resident", kwargs={"pk": added.pk}),
        template="servicedesk/resident_form.html",
        context={"site": site, "sites": sites},
    )


@login_required
def resident_detail(request, pk, bound=None, status=200):
    resident = selectors.get_resident(request.user, pk)
    bound = bound or {}
    version = {"version": resident.version}
    return render_page(
        request,
        "servicedesk/resident_detail.html",
        {
            "resident": resident,
            "site": resident.site,
            "can_edit": resident.state != ResidentState.MERGED
            and permissions.can(request.user, "sd.residents", site_id=resident.site_id),
            "edit": bound.get("edit") or ResidentEditForm(initial=_initial(resident), site=None),
            "move_out": bound.get("move_out") or MoveOutForm(initial=version),
            "merge": bound.get("merge") or MergeForm(initial=version),
            "flat": selectors.flat_history(resident).select_related("room__unit__building"),
            "forms": selectors.forms_of_resident(request.user, resident)[:20],
            "events": core_selectors.timeline(resident),
        },
        status=status,
    )


def _initial(resident) -> dict:
    fields = ("name", "phone", "phone2", "kind", "note", "moved_in_on", "version")
    return {**{f: getattr(resident, f) for f in fields}, "room": resident.room_id}


@login_required
@require_POST
def resident_edit(request, pk):
    resident = selectors.get_resident(request.user, pk)
    form = ResidentEditForm(request.POST, site=resident.site)
    return _step(request, resident, "edit", form, services.update_resident)


@login_required
@require_POST
def resident_move_out(request, pk):
    resident = selectors.get_resident(request.user, pk)
    return _step(
        request, resident, "move_out", MoveOutForm(request.POST), services.move_out_resident
    )


@login_required
@require_POST
def resident_merge(request, pk):
    resident = selectors.get_resident(request.user, pk)
    form = MergeForm(request.POST)

    def merge(actor, duplicate, *, version, into):
        try:
            kept = selectors.get_resident(actor, into)
        except NotFound:
            raise ValidationFailed(field_errors={"into": [_("No such resident.")]}) from None
        return services.merge_residents(
            actor, duplicate, version=version, into=kept, into_version=kept.version
        )

    return _step(request, resident, "merge", form, merge)


def _step(request, resident, name, form, service):
    """Run one of the resident's steps from its form; the page again with the refusal."""
    if form.is_valid():
        done = attempt(request, form, lambda: service(request.user, resident, **form.cleaned_data))
        if done:
            messages.success(request, _("Saved."))
            return redirect("servicedesk:resident", pk=done.pk)
    return resident_detail(
        request, resident.pk, {name: form}, status=getattr(form, "refusal_status", 400)
    )


@login_required
def residents_export(request):
    """residents.xlsx of the chosen site, in the import's columns, narrowed like the list."""
    site, _sites = site_of(request, "sd.view")
    return xlsx_response(exports.residents_workbook(_listed(request, site)[1]), "residents")


def _listed(request, site):
    """The state asked for (current by default) and the residents of ``site`` the list shows:
    in that state, matching the search ``q``."""
    state = request.GET.get("state", ResidentState.CURRENT)
    rows = selectors.residents_for(
        request.user, q=request.GET.get("q", ""), site=site, state=state or None
    )
    return state, rows


@login_required
def residents_import(request):
    """Upload → preview: the file is checked (every bad row named) and kept until confirmed."""
    permissions.check(request.user, "sd.residents")
    site, sites = site_of(request, "sd.residents")
    form = ResidentImportForm(request.POST or None, request.FILES or None)
    checked, problems = None, []
    if request.method == "POST" and form.is_valid():
        try:
            checked = _preview(request, site, form.cleaned_data["file"])
        except ValidationFailed as exc:
            problems = _problem_lines(import_refused(form, exc))
    return render_page(
        request,
        "servicedesk/residents_import.html",
        {"form": form, "site": site, "sites": sites, "checked": checked, "problems": problems},
        status=400 if form.errors else 200,
    )


def _preview(request, site, upload):
    checked = services.import_residents(
        request.user, site=site, rows=exports.read_residents(upload), dry_run=True
    )
    upload.seek(0)
    name = default_storage.save(
        f"imports/residents-{uuid.uuid4().hex}.xlsx", ContentFile(upload.read())
    )
    request.session[IMPORT_KEY] = {"file": name, "site": site.pk}
    return checked


def _problem_lines(rows: list) -> list[tuple]:
    """Every bad row as (row, column header, reason), for the preview's table."""
    headers = {field: text for text, field in exports.resident_columns().items()}
    headers["room"] = _("building, unit, room number")
    return [
        (problem["row"], headers.get(field, field), message)
        for problem in rows
        for field, messages_ in problem["errors"].items()
        for message in messages_
    ]


@login_required
@require_POST
def residents_import_confirm(request):
    """Confirm the previewed file: imported all or nothing, then forgotten."""
    permissions.check(request.user, "sd.residents")
    pending = request.session.pop(IMPORT_KEY, None)
    if not pending or not default_storage.exists(pending["file"]):
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("servicedesk:residents_import")
    site = core_selectors.get_site(request.user, pending["site"], "sd.residents")
    try:
        with default_storage.open(pending["file"], "rb") as handle:
            checked = services.import_residents(
                request.user, site=site, rows=exports.read_residents(handle)
            )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(f"{reverse('servicedesk:residents_import')}?site={site.pk}")
    finally:
        default_storage.delete(pending["file"])
    messages.success(
        request,
        _("%(n)s residents imported; %(present)s already in the register.")
        % {"n": len(checked["new"]), "present": checked["present"]},
    )
    return redirect(f"{reverse('servicedesk:residents')}?site={site.pk}")
