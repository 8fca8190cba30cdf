"""Pages of the machine room: the access desk (who is inside, sign in and out, refusals),
access requests and their approval, the head's approvals inbox, the access log and the items
register, with their printed forms and Excel exports (MR-2, MR-3)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    period_of,
    render_page,
    site_of,
    xlsx_response,
)

from . import approvals, exports, security, selectors, services, workflows
from .choices import RequestKind, RequestState
from .forms import (
    AcknowledgeForm,
    CredentialForm,
    CustodianForm,
    HandOverKeyForm,
    ItemForm,
    KeyForm,
    KeyLostForm,
    NoteForm,
    PeopleForm,
    PhoneApprovalForm,
    ReasonForm,
    RefusalForm,
    ReleaseForm,
    RequestForm,
    RoomForm,
    RotationForm,
    SecurityReportForm,
    SignOutForm,
    VisitorForm,
)
from .models import Release


def _done(request, label) -> None:
    messages.success(request, _("Done: %(step)s.") % {"step": label})


def _at_site(request, site_id):
    """The request, reading the page of ``site_id`` (a refused POST shows its page again)."""
    request.GET = request.GET.copy()
    request.GET["site"] = str(site_id)
    return request


def _choices(request, site) -> dict:
    """Rooms, our staff (escorts) and the heads of the site, for the forms."""
    return {"rooms": list(selectors.rooms_for(request.user, "mr.request", site=site)),
            "staff": list(core_selectors.people_for(request.user, site=site)),
            "heads": services.holders(site.pk, Role.IC_HEAD)}


# -- the access desk (MR-2) ---------------------------------------------------------------------


@login_required
def desk(request, refusal=None, visitor_forms=None, status=200):
    """MR-2 at the door, phone-sized: who is inside now, one tap to sign in or out, approved
    requests of today to sign outsiders in on, releases after clean-up, refusals."""
    site, sites = site_of(request, "mr.view")
    choices = _choices(request, site)
    inside = selectors.inside_now(request.user, site=site)
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    mine = {v.room_id: v for v in inside if v.person_id == request.user.pk}
    today = timezone.localdate()
    admissible = list(selectors.admissible_today(request.user, site=site)) if at_desk else []
    released = set(Release.objects.filter(request__in=admissible, day=today).values_list("request_id", flat=True))
    names_inside = {(v.request_id, v.name) for v in inside if v.request_id}
    visitor_forms = visitor_forms or {}
    requests = [{
        "record": r, "released": r.pk in released, "needs_release": r.kind in services.RELEASED_KINDS,
        "waiting": [n for n in r.people if (r.pk, n) not in names_inside],
        "form": visitor_forms.get(r.pk) or VisitorForm(initial={"request": r.pk, "escort": r.escort_id},
                                                       staff=choices["staff"], auto_id=f"v{r.pk}_%s"),
    } for r in admissible]
    return render_page(request, "machineroom/desk.html", {
        "site": site, "sites": sites, "rooms": choices["rooms"], "inside": inside, "mine": mine, "at_desk": at_desk,
        "requests": requests, "release_form": ReleaseForm(),
        "refusal": refusal or RefusalForm(rooms=choices["rooms"], auto_id="r_%s"),
    }, status=status)


@login_required
@require_POST
def sign_in_staff(request):
    room = selectors.get_room(request.user, request.POST.get("room"), "mr.desk")
    if attempt(request, None, lambda: services.sign_in_staff(request.user, room=room)):
        messages.success(request, _("Signed in to %(room)s.") % {"room": room})
    return redirect(f"{_desk_url()}?site={room.site_id}")


@login_required
@require_POST
def sign_in_visitor(request):
    record = selectors.get_request(request.user, request.POST.get("request"))
    choices = _choices(request, record.site)
    form = VisitorForm(request.POST, staff=choices["staff"], auto_id=f"v{record.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        visit = attempt(request, form, lambda: services.sign_in_visitor(
            request.user, request=record, name=data["name"], escort=data["escort"]))
        if visit:
            messages.success(request, _("%(name)s signed in to %(room)s, escorted by %(escort)s.")
                             % {"name": visit.name, "room": visit.room, "escort": visit.escort})
            return redirect(f"{_desk_url()}?site={record.site_id}")
    return desk(_at_site(request, record.site_id), visitor_forms={record.pk: form}, status=getattr(form, "refusal_status", 400))


@login_required
@require_POST
def sign_out(request, pk):
    visit = selectors.get_visit(request.user, pk)
    form = SignOutForm(request.POST)
    if form.is_valid() and attempt(request, None, lambda: services.sign_out(
            request.user, visit, version=form.cleaned_data["version"])):
        messages.success(request, _("%(name)s signed out.") % {"name": visit.name})
    return redirect(f"{_desk_url()}?site={visit.site_id}")


@login_required
@require_POST
def refusal(request):
    site, _sites = site_of(request, "mr.desk")
    form = RefusalForm(request.POST, rooms=_choices(request, site)["rooms"], auto_id="r_%s")
    if form.is_valid() and attempt(request, form, lambda: services.record_refusal(request.user, **form.cleaned_data)):
        messages.success(request, _("Recorded in the access log."))
        return redirect(f"{_desk_url()}?site={site.pk}")
    return desk(request, refusal=form, status=getattr(form, "refusal_status", 400))


def _desk_url():
    return reverse("machineroom:desk")


# -- access requests (MR-2) ---------------------------------------------------------------------


def _may_request(user):
    if not (permissions.can(user, "mr.request") or permissions.can(user, "mr.view")):
        permissions.check(user, "mr.request")


@login_required
def requests(request):
    _may_request(request.user)
    rows = selectors.requests_for(request.user)
    state = request.GET.get("state", "")
    if state in RequestState.values:
        rows = rows.filter(state=state)
    page = LookaheadPaginator(rows.order_by("-requested_at"), 30).get_page(request.GET.get("page"))
    return render_page(request, "machineroom/requests.html", {
        "page": page, "states": RequestState.choices, "state": state,
        "may_record_phone": permissions.can(request.user, "mr.desk")})


@login_required
def request_new(request):
    site, _sites = site_of(request, "mr.request")
    choices = _choices(request, site)
    form = RequestForm(request.POST or None, rooms=choices["rooms"], staff=choices["staff"])
    if request.method == "POST" and form.is_valid():
        record = attempt(request, form, lambda: services.request_access(request.user, **form.cleaned_data))
        if record:
            messages.success(request, _("%(serial)s sent to the information-center head for approval.")
                             % {"serial": record.serial})
            return redirect("machineroom:request", pk=record.pk)
    return render_page(request, "machineroom/request_form.html", {
        "form": form, "site": site, "title": _("Ask for access to the machine room")},
        status=getattr(form, "refusal_status", 400) if form.errors else 200)


@login_required
def request_phone(request):
    """MR-2: record the head's approval by phone of an emergency repair."""
    site, _sites = site_of(request, "mr.desk")
    choices = _choices(request, site)
    form = PhoneApprovalForm(request.POST or None, rooms=choices["rooms"], staff=choices["staff"],
                             heads=choices["heads"])
    if request.method == "POST" and form.is_valid():
        record = attempt(request, form, lambda: services.record_phone_approval(request.user, **form.cleaned_data))
        if record:
            messages.success(request, _("%(serial)s recorded and approved: sign the technicians in at the desk.")
                             % {"serial": record.serial})
            return redirect(f"{_desk_url()}?site={site.pk}")
    return render_page(request, "machineroom/request_form.html", {
        "form": form, "site": site, "title": _("Emergency repair approved by phone")},
        status=getattr(form, "refusal_status", 400) if form.errors else 200)


STEP_FORMS = {"approve": NoteForm, "refuse": ReasonForm, "release": ReleaseForm, "close": NoteForm,
              "cancel": NoteForm}
STEP_SERVICES = {"approve": services.approve_request, "refuse": services.refuse_request,
                 "release": services.release_for_today, "close": services.close_request,
                 "cancel": services.cancel_request}


def _steps(user, record):
    steps = workflows.available(user, record, workflows.REQUEST_STEPS)
    if record.kind not in services.RELEASED_KINDS:
        steps = [s for s in steps if s.name != "release"]
    if record.requested_by_id != user.pk and not permissions.can(user, "mr.desk", site_id=record.site_id):
        steps = [s for s in steps if s.name != "cancel"]
    return steps


@login_required
def request_detail(request, pk, bound=None, status=200):
    record = selectors.get_request(request.user, pk)
    steps = _steps(request.user, record)
    prepared = {s.name: STEP_FORMS[s.name](initial={"version": record.version}) for s in steps} | (bound or {})
    return render_page(request, "machineroom/request_detail.html", {
        "record": record, "steps": [(s, prepared[s.name]) for s in steps],
        "visits": record.visits.select_related("escort").order_by("entered_at"),
        "releases": record.releases.select_related("released_by"),
        "events": core_selectors.timeline(record)}, status=status)


@login_required
@require_POST
def request_step(request, pk, step):
    record = selectors.get_request(request.user, pk)
    if step not in STEP_SERVICES:
        raise Http404()
    form = STEP_FORMS[step](request.POST)
    if form.is_valid() and attempt(request, form, lambda: STEP_SERVICES[step](request.user, record,
                                                                              **form.cleaned_data)):
        _done(request, workflows.REQUEST_STEPS[step].label)
        return redirect("machineroom:request", pk=pk)
    return request_detail(request, pk, {step: form}, status=getattr(form, "refusal_status", 400))


@login_required
def request_print(request, pk):
    """The request on A4 with the head's decision and the log of who came (施工申请单)."""
    record = selectors.get_request(request.user, pk)
    return render_page(request, "machineroom/print_request.html", {
        "record": record, "visits": record.visits.select_related("escort").order_by("entered_at"),
        "releases": record.releases.select_related("released_by"),
        "construction": record.kind == RequestKind.CONSTRUCTION})


@login_required
def approvals_inbox(request):
    """The head's one inbox of everything waiting for a decision."""
    permissions.check(request.user, "mr.approve")
    return render_page(request, "machineroom/approvals.html", {"rows": approvals.waiting_for(request.user)})


# -- the access log and items (MR-2, MR-3) ------------------------------------------------------


@login_required
def access_log(request):
    site, sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=7)
    rows = selectors.visits_for(request.user, site=site).filter(entered_at__gte=since, entered_at__lt=until) \
        .order_by("-entered_at")
    page = LookaheadPaginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(request, "machineroom/log.html", {
        "site": site, "sites": sites, "start": start, "end": end, "page": page})


@login_required
def log_print(request):
    site, _sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=7)
    rows = selectors.visits_for(request.user, site=site).filter(entered_at__gte=since, entered_at__lt=until) \
        .order_by("entered_at")
    return render_page(request, "machineroom/print_log.html", {"site": site, "start": start, "end": end,
                                                                "rows": rows})


@login_required
def log_export(request):
    site, _sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=31)
    rows = selectors.visits_for(request.user, site=site).filter(entered_at__gte=since, entered_at__lt=until)
    return xlsx_response(exports.visits_workbook(rows, title=f"{start}~{end}"), f"access-log-{site.code}-{start}-{end}")


@login_required
def items(request):
    site, sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=30)
    rows = selectors.items_for(request.user, site=site).filter(inspected_at__gte=since, inspected_at__lt=until) \
        .order_by("-inspected_at")
    page = LookaheadPaginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(request, "machineroom/items.html", {
        "site": site, "sites": sites, "start": start, "end": end, "page": page})


@login_required
def item_new(request):
    """MR-3: inspect and record an item carried in or out by someone inside."""
    visit = selectors.get_visit(request.user, request.POST.get("visit") or request.GET.get("visit"))
    permissions.check(request.user, "mr.desk", site=visit.site)
    form = ItemForm(request.POST or None, initial={"visit": visit.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "visit"}
        if attempt(request, form, lambda: services.record_item(request.user, visit=visit, **data)):
            messages.success(request, _("Recorded: %(item)s.") % {"item": data["description"]})
            return redirect(f"{_desk_url()}?site={visit.site_id}")
    return render_page(request, "machineroom/item_form.html", {
        "form": form, "visit": visit, "items": visit.items.select_related("inspected_by")},
        status=getattr(form, "refusal_status", 400) if form.errors else 200)


@login_required
def items_print(request):
    """机房物品进出登记单 on A4 for a period."""
    site, _sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=7)
    rows = selectors.items_for(request.user, site=site).filter(inspected_at__gte=since, inspected_at__lt=until) \
        .order_by("inspected_at")
    return render_page(request, "machineroom/print_items.html", {"site": site, "start": start, "end": end,
                                                                  "rows": rows})


@login_required
def items_export(request):
    site, _sites = site_of(request, "mr.view")
    start, end, since, until = period_of(request, days=31)
    rows = selectors.items_for(request.user, site=site).filter(inspected_at__gte=since, inspected_at__lt=until)
    return xlsx_response(exports.items_workbook(rows, title=f"{start}~{end}"), f"items-{site.code}-{start}-{end}")


# -- rooms --------------------------------------------------------------------------------------


@login_required
def rooms(request):
    site, sites = site_of(request, "mr.manage")
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(request, form, lambda: services.add_room(request.user, site=site, **form.cleaned_data)):
            messages.success(request, _("Machine room added."))
            return redirect(f"{request.path}?site={site.pk}")
    return render_page(request, "machineroom/rooms.html", {
        "site": site, "sites": sites, "form": form, "rows": selectors.rooms_for(request.user, "mr.manage", site=site)},
        status=getattr(form, "refusal_status", 400) if form.errors else 200)


# -- keys, credentials and security reports (MR-4, MR-12) ---------------------------------------


def _site_people(request, site):
    return list(core_selectors.people_for(request.user, site=site))


KEY_STEPS = {
    "hand_over": (HandOverKeyForm, security.hand_over_key, _("Hand over")),
    "return": (SignOutForm, security.return_key, _("Returned to the key box")),
    "lost": (KeyLostForm, security.report_key_lost, _("Report lost")),
    "found": (SignOutForm, security.key_found, _("Found again")),
}


@login_required
def keys(request, bound=None, status=200):
    """MR-4: who holds each key now, hand-overs with the head's approval when a key leaves the
    information center, returns and losses."""
    site, sites = site_of(request, "mr.view")
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    people = _site_people(request, site)
    form = (bound or {}).get("new") or KeyForm()
    rows = []
    for key in selectors.keys_for(request.user, site=site):
        forms = {}
        if at_desk:
            initial = {"version": key.version}
            steps = {"issued": ("hand_over", "return", "lost"), "in_box": ("hand_over", "lost"),
                     "lost": ("found",)}[key.state]
            for step in steps:
                forms[step] = (bound or {}).get((key.pk, step)) or _step_form(
                    KEY_STEPS[step][0], people=people, initial=initial, auto_id=f"k{key.pk}{step}_%s")
        rows.append((key, [(step, KEY_STEPS[step][2], f) for step, f in forms.items()]))
    return render_page(request, "machineroom/keys.html", {
        "site": site, "sites": sites, "rows": rows, "form": form, "at_desk": at_desk,
        "events": selectors.key_events_for(request.user, site=site)[:30]}, status=status)


@login_required
@require_POST
def key_new(request):
    site, _sites = site_of(request, "mr.desk")
    form = KeyForm(request.POST)
    if form.is_valid() and attempt(request, form, lambda: security.add_key(request.user, site=site,
                                                                            **form.cleaned_data)):
        messages.success(request, _("Key added."))
        return redirect(f"{reverse('machineroom:keys')}?site={site.pk}")
    return keys(_at_site(request, site.pk), {"new": form}, status=getattr(form, "refusal_status", 400))


@login_required
@require_POST
def key_step(request, pk, step):
    return _row_step(request, selectors.get_key(request.user, pk), step, KEY_STEPS, keys, "keys", "k")


def _step_form(cls, data=None, *, people, **kwargs):
    """A row's step form; those choosing people get the page's list (read once)."""
    if issubclass(cls, PeopleForm):
        kwargs["people"] = people
    return cls(data, **kwargs)


def _row_step(request, record, step, steps, page, url_name, prefix):
    """POST of one step on one row of a register page (keys, credentials): done → back to the
    page; refused → the page again with that row's form and its errors."""
    if step not in steps:
        raise Http404()
    cls, service, label = steps[step]
    form = _step_form(cls, request.POST, people=_site_people(request, record.site),
                      auto_id=f"{prefix}{record.pk}{step}_%s")
    if form.is_valid() and attempt(request, form, lambda: service(request.user, record, **form.cleaned_data)):
        _done(request, label)
        return redirect(f"{reverse(f'machineroom:{url_name}')}?site={record.site_id}")
    return page(_at_site(request, record.site_id), {(record.pk, step): form},
                status=getattr(form, "refusal_status", 400))


CREDENTIAL_STEPS = {
    "rotate": (RotationForm, security.record_rotation, _("Password changed")),
    "custodian": (CustodianForm, security.change_custodian, _("Change custodian")),
    "retire": (NoteForm, security.retire_credential, _("Retire")),
}


@login_required
def credentials(request, bound=None, status=200):
    """MR-12: the credential register, the earliest change due first. It never holds a password."""
    site, sites = site_of(request, "mr.view")
    people = _site_people(request, site)
    is_head = permissions.can(request.user, "mr.approve", site_id=site.pk)
    today = timezone.localdate()
    rows = []
    for c in selectors.credentials_for(request.user, site=site):
        steps = []
        if is_head or c.custodian_id == request.user.pk:
            for step in ("rotate", "custodian", "retire") if is_head else ("rotate",):
                cls, _service, label = CREDENTIAL_STEPS[step]
                steps.append((step, label, (bound or {}).get((c.pk, step)) or _step_form(
                    cls, people=people, initial={"version": c.version}, auto_id=f"c{c.pk}{step}_%s")))
        days = (c.next_due_on - today).days
        rows.append((c, days, -days, steps))
    form = (bound or {}).get("new") or CredentialForm(people=people, initial={"last_rotated_on": today})
    return render_page(request, "machineroom/credentials.html", {
        "site": site, "sites": sites, "rows": rows, "form": form if is_head else None}, status=status)


@login_required
@require_POST
def credential_new(request):
    site, _sites = site_of(request, "mr.approve")
    form = CredentialForm(request.POST, people=_site_people(request, site))
    if form.is_valid() and attempt(request, form, lambda: security.add_credential(request.user, site=site,
                                                                                   **form.cleaned_data)):
        messages.success(request, _("Account added to the register."))
        return redirect(f"{reverse('machineroom:credentials')}?site={site.pk}")
    return credentials(_at_site(request, site.pk), {"new": form}, status=getattr(form, "refusal_status", 400))


@login_required
@require_POST
def credential_step(request, pk, step):
    return _row_step(request, selectors.get_credential(request.user, pk), step, CREDENTIAL_STEPS, credentials,
                     "credentials", "c")


@login_required
def reports(request):
    """MR-4: security reports, and a new one (lost keys are reported from the key)."""
    site, sites = site_of(request, "mr.view")
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    credentials_here = list(selectors.credentials_for(request.user, site=site))
    form = SecurityReportForm(request.POST or None, credentials=credentials_here) if at_desk else None
    if request.method == "POST":
        permissions.check(request.user, "mr.desk", site=site)
        if form.is_valid():
            report = attempt(request, form, lambda: security.report_security(request.user, site=site,
                                                                             **form.cleaned_data))
            if report:
                messages.success(request, _("Reported to the information-center head."))
                return redirect("machineroom:report", pk=report.pk)
    page = LookaheadPaginator(selectors.reports_for(request.user, site=site).order_by("-reported_at"), 30) \
        .get_page(request.GET.get("page"))
    return render_page(request, "machineroom/reports.html", {"site": site, "sites": sites, "page": page,
                                                              "form": form},
                       status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200)


@login_required
def report_detail(request, pk):
    report = selectors.get_report(request.user, pk)
    may_ack = report.acknowledged_at is None and permissions.can(request.user, "mr.approve", site_id=report.site_id)
    form = AcknowledgeForm(request.POST or None, initial={"version": report.version}) if may_ack else None
    if request.method == "POST":
        permissions.check(request.user, "mr.approve", site=report.site)
        if form is not None and form.is_valid() and attempt(
                request, form, lambda: security.acknowledge_report(request.user, report, **form.cleaned_data)):
            messages.success(request, _("Acknowledged."))
            return redirect("machineroom:report", pk=pk)
    return render_page(request, "machineroom/report_detail.html", {
        "record": report, "form": form, "events": core_selectors.timeline(report)},
        status=400 if form is not None and form.errors else 200)
