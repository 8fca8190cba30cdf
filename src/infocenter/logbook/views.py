"""Pages of the control-room registers: shift handover (F1), phone log (F4), information
registry (F5) with its "now" board, whereabouts board, contact directory and reference library."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import handover, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.selectors import holders
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    period_of,
    render_page,
    site_of,
    xlsx_response,
)
from infocenter.core.workflows import available

from . import exports, selectors, services, workflows
from .choices import OUTAGES, ContactCategory, DocumentCategory, EntryKind
from .forms import (
    AcceptForm,
    CallBackForm,
    CallForm,
    ContactEditForm,
    ContactForm,
    DocumentForm,
    EndEntryForm,
    EntryForm,
    HandOverForm,
    ImportForm,
    MakeFormForm,
    MissedCallForm,
    PolicyForm,
    RescheduleForm,
    VersionForm,
    WhereaboutsForm,
    WithdrawEntryForm,
)
from .models import RegistryEntry, Whereabouts

BOARD_ROWS = 100  # the "now" board shows this many; a search narrows it
LIST_ROWS = 20  # coming and recent entries under the board


def _site(request, action: str = "lb.view"):
    return site_of(request, action)


def _done(request, label) -> None:
    messages.success(request, _("Done: %(step)s.") % {"step": label})


# -- shift handover (LOG-1) ---------------------------------------------------------------------


def _processors(site, actor):
    return [p for p in holders(site.pk, Role.PROCESSOR) if p.pk != actor.pk]


@login_required
def handovers(request):
    """LOG-1: the live draft of what the shift carries over, the hand-over form, and the log."""
    site, sites = _site(request)
    may_hand_over = site is not None and permissions.can(
        request.user, "lb.handover", site_id=site.pk
    )
    form = HandOverForm(
        request.POST or None, processors=_processors(site, request.user) if site else ()
    )
    if request.method == "POST":
        permissions.check(request.user, "lb.handover", site=site)
        if form.is_valid():
            record = attempt(
                request,
                form,
                lambda: services.hand_over(request.user, site=site, **form.cleaned_data),
            )
            if record:
                messages.success(
                    request,
                    _("%(serial)s handed over to %(person)s.")
                    % {"serial": record.serial, "person": record.incoming},
                )
                return redirect("logbook:handover", pk=record.pk)
    page = Paginator(selectors.handovers_for(request.user, site=site), 20).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        "logbook/handovers.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "form": form if may_hand_over else None,
            "draft": handover.snapshot(site) if may_hand_over else [],
            "waiting": selectors.waiting_handover(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def handover_detail(request, pk, accept_form=None, status=200):
    record = selectors.get_handover(request.user, pk)
    steps = [
        s
        for s in available(request.user, record, workflows.HANDOVER_STEPS)
        if record.incoming_id == request.user.pk
    ]
    return render_page(
        request,
        "logbook/handover_detail.html",
        {
            "record": record,
            "accept_form": (accept_form or AcceptForm(initial={"version": record.version}))
            if steps
            else None,
            "events": core_selectors.timeline(record),
            "clocks": selectors.clocks_of(record),
        },
        status=status,
    )


@login_required
@require_POST
def handover_accept(request, pk):
    record = selectors.get_handover(request.user, pk)
    form = AcceptForm(request.POST)
    if form.is_valid() and attempt(
        request, form, lambda: services.accept_handover(request.user, record, **form.cleaned_data)
    ):
        _done(request, workflows.HANDOVER_STEPS["accept"].label)
        return redirect("logbook:handover", pk=pk)
    return handover_detail(request, pk, form, status=getattr(form, "refusal_status", 400))


@login_required
def handover_print(request, pk):
    """KF-CQ08-01-F1 on A4, as on paper."""
    return render_page(
        request, "logbook/print_f1.html", {"record": selectors.get_handover(request.user, pk)}
    )


@login_required
def handovers_export(request):
    site, _sites = _site(request)
    start, end, since, until = period_of(request, days=31)
    rows = selectors.handovers_for(request.user, site=site).filter(
        handed_over_at__gte=since, handed_over_at__lt=until
    )
    return xlsx_response(
        exports.handovers_workbook(rows, title=f"F1 {start}~{end}"),
        f"handovers-{site.code}-{start}-{end}",
    )


# -- phone log (LOG-2) ---------------------------------------------------------------------------


@login_required
def calls(request):
    """LOG-2: the day's phone log with the one-line call form and the missed calls to return."""
    site, sites = _site(request)
    start, end, since, until = period_of(request)
    may_log = site is not None and permissions.can(request.user, "lb.phone", site_id=site.pk)
    which = request.POST.get("kind", "call") if request.method == "POST" else ""
    form = CallForm(request.POST if which == "call" else None)
    missed_form = MissedCallForm(request.POST if which == "missed" else None, prefix="missed")
    if request.method == "POST":
        permissions.check(request.user, "lb.phone", site=site)
        bound = form if which == "call" else missed_form
        service = services.log_call if which == "call" else services.log_missed_call
        if bound.is_valid():
            call = attempt(
                request, bound, lambda: service(request.user, site=site, **bound.cleaned_data)
            )
            if call:
                messages.success(
                    request,
                    _("%(serial)s logged.") % {"serial": call.serial}
                    + (f" → {call.form.serial}" if call.form_id else ""),
                )
                return redirect(f"{request.path}?site={site.pk}")
    rows = (
        selectors.calls_for(request.user, site=site)
        .filter(occurred_at__gte=since, occurred_at__lt=until)
        .order_by("-occurred_at")
    )
    return render_page(
        request,
        "logbook/calls.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "form": form if may_log else None,
            "missed_form": missed_form if may_log else None,
            "missed": selectors.missed_calls_for(request.user, site=site)[:50] if site else [],
        },
        status=400 if form.errors or missed_form.errors else 200,
    )


def _call_step_form(name, call, data=None):
    initial = {"version": call.version}
    return (CallBackForm if name == "call_back" else MakeFormForm)(data, initial=initial)


def _call_steps(actor, call):
    return [
        s
        for s in available(actor, call, workflows.CALL_STEPS)
        if not (s.name == "make_form" and call.form_id)
    ]


@login_required
def call_detail(request, pk, bound=None, status=200):
    call = selectors.get_call(request.user, pk)
    steps = _call_steps(request.user, call)
    prepared = {s.name: _call_step_form(s.name, call) for s in steps} | (bound or {})
    return render_page(
        request,
        "logbook/call_detail.html",
        {
            "record": call,
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(call),
            "clocks": selectors.clocks_of(call),
        },
        status=status,
    )


CALL_SERVICES = {"call_back": services.call_back, "make_form": services.call_to_form}


@login_required
@require_POST
def call_step(request, pk, step):
    call = selectors.get_call(request.user, pk)
    if step not in CALL_SERVICES:
        raise Http404()
    form = _call_step_form(step, call, request.POST)
    if form.is_valid() and attempt(
        request, form, lambda: CALL_SERVICES[step](request.user, call, **form.cleaned_data)
    ):
        _done(request, workflows.CALL_STEPS[step].label)
        return redirect("logbook:call", pk=pk)
    return call_detail(request, pk, {step: form}, status=getattr(form, "refusal_status", 400))


@login_required
def calls_print(request):
    """KF-CQ08-01-F4 on A4: the phone log of one day (or a range)."""
    site, _sites = _site(request)
    start, end, since, until = period_of(request)
    rows = (
        selectors.calls_for(request.user, site=site)
        .filter(occurred_at__gte=since, occurred_at__lt=until)
        .order_by("occurred_at")
    )
    return render_page(
        request, "logbook/print_f4.html", {"site": site, "start": start, "end": end, "rows": rows}
    )


@login_required
def calls_export(request):
    site, _sites = _site(request)
    start, end, since, until = period_of(request, days=31)
    rows = selectors.calls_for(request.user, site=site).filter(
        occurred_at__gte=since, occurred_at__lt=until
    )
    return xlsx_response(
        exports.calls_workbook(rows, title=f"F4 {start}~{end}"),
        f"phone-log-{site.code}-{start}-{end}",
    )


# -- whereabouts (IT-5) -------------------------------------------------------------------------


@login_required
def whereabouts(request):
    """IT-5: where everyone at the site is, and whom to call instead; set your own here."""
    site, sites = _site(request)
    mine = Whereabouts.objects.filter(user=request.user).first()
    colleagues = (
        [p for p in holders(site.pk, *Role.values) if p.pk != request.user.pk] if site else []
    )
    form = WhereaboutsForm(
        request.POST or None,
        colleagues=colleagues,
        initial={
            "status": getattr(mine, "status", None),
            "place": getattr(mine, "place", ""),
            "substitute": getattr(mine, "substitute", None),
        },
    )
    if request.method == "POST" and form.is_valid():
        person = request.user
        if request.POST.get("person", str(request.user.pk)) != str(request.user.pk):
            person = (
                core_selectors.people_for(request.user).filter(pk=request.POST["person"]).first()
            )
            if person is None:
                raise Http404()
        if attempt(
            request,
            form,
            lambda: services.set_whereabouts(request.user, person=person, **form.cleaned_data),
        ):
            messages.success(request, _("Whereabouts of %(person)s saved.") % {"person": person})
            return redirect(f"{request.path}?site={site.pk}")
    board = selectors.whereabouts_board(request.user, site=site) if site else []
    return render_page(
        request,
        "logbook/whereabouts.html",
        {
            "site": site,
            "sites": sites,
            "board": board,
            "form": form,
            "may_set_others": site is not None
            and permissions.can(request.user, "lb.whereabouts", site_id=site.pk),
        },
        status=400 if form.errors else 200,
    )


# -- information registry (LOG-3) ---------------------------------------------------------------


@login_required
def registry(request):
    """LOG-3: the "now" board with one search box, what is coming, and the recent entries."""
    site, sites = _site(request)
    q = request.GET.get("q", "")
    recent = selectors.entries_for(request.user, site=site).order_by("-recorded_at")
    kind = request.GET.get("kind", "")
    if kind:
        recent = recent.filter(kind=kind)
    board = (
        selectors.now_board(request.user, site=site, q=q) if site else RegistryEntry.objects.none()
    )
    now = list(board[: BOARD_ROWS + 1])
    return render_page(
        request,
        "logbook/registry.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "kind": kind,
            "kinds": EntryKind.choices,
            "outages": OUTAGES,
            "now": now[:BOARD_ROWS],
            "now_more": board.count() - BOARD_ROWS if len(now) > BOARD_ROWS else 0,
            # A search is a question about now: the board alone answers it.
            "upcoming": selectors.upcoming_entries(request.user, site=site)[:LIST_ROWS]
            if site and not q
            else [],
            "page": LookaheadPaginator(recent, LIST_ROWS).get_page(request.GET.get("page"))
            if not q
            else None,
            "may_record": site is not None
            and (
                permissions.can(request.user, "lb.registry", site_id=site.pk)
                or permissions.can(request.user, "lb.report", site_id=site.pk)
            ),
        },
    )


@login_required
def entry_new(request):
    site, sites = _site(request)
    control_room = permissions.can(request.user, "lb.registry", site_id=site.pk)
    if not control_room:
        permissions.check(request.user, "lb.report", site=site)
    departments = core_selectors.departments_for(request.user, site=site)
    if not control_room:
        scope = permissions.scope_for(request.user, "lb.report")
        departments = (
            departments.filter(pk__in=scope.departments.get(site.pk, ()))
            if site.pk not in scope.sites
            else departments
        )
    now = timezone.localtime().replace(second=0, microsecond=0)
    own = list(departments[:2])
    form = EntryForm(
        request.POST or None,
        site=site,
        departments=departments,
        initial={
            "starts_at": now,
            "changed_at": now,
            "channel": "phone" if control_room else "system",
            "department": own[0] if len(own) == 1 else None,
        },
    )
    if not control_room:
        form.fields.pop("channel")
        form.fields.pop("reported_by")
    if request.method == "POST" and form.is_valid():
        data = {"channel": "system", "reported_by": "", **form.cleaned_data}
        data["buildings"] = list(data["buildings"])
        entry = attempt(
            request, form, lambda: services.record_entry(request.user, site=site, **data)
        )
        if entry:
            messages.success(
                request,
                _("%(serial)s recorded.") % {"serial": entry.serial}
                + (
                    " " + _("Reported %(n)s minutes late (LOG-3).") % {"n": entry.late_minutes}
                    if entry.late
                    else ""
                ),
            )
            return redirect("logbook:entry", pk=entry.pk)
    return render_page(
        request,
        "logbook/entry_form.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )


ENTRY_FORMS = {"reschedule": RescheduleForm, "end": EndEntryForm, "withdraw": WithdrawEntryForm}
ENTRY_SERVICES = {
    "reschedule": services.reschedule_entry,
    "end": services.end_entry,
    "withdraw": services.withdraw_entry,
}


@login_required
def entry_detail(request, pk, bound=None, status=200):
    entry = selectors.get_entry(request.user, pk)
    steps = available(request.user, entry, workflows.ENTRY_STEPS)
    initial = {
        "version": entry.version,
        "starts_at": timezone.localtime(entry.starts_at),
        "ends_at": timezone.localtime(entry.ends_at) if entry.ends_at else None,
    }
    prepared = {s.name: ENTRY_FORMS[s.name](initial=initial) for s in steps} | (bound or {})
    return render_page(
        request,
        "logbook/entry_detail.html",
        {
            "record": entry,
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(entry),
            "in_force": entry.state == "active"
            and entry.starts_at <= timezone.now()
            and (entry.ends_at is None or entry.ends_at > timezone.now()),
        },
        status=status,
    )


@login_required
@require_POST
def entry_step(request, pk, step):
    entry = selectors.get_entry(request.user, pk)
    if step not in ENTRY_SERVICES:
        raise Http404()
    form = ENTRY_FORMS[step](request.POST)
    if form.is_valid() and attempt(
        request, form, lambda: ENTRY_SERVICES[step](request.user, entry, **form.cleaned_data)
    ):
        _done(request, workflows.ENTRY_STEPS[step].label)
        return redirect("logbook:entry", pk=pk)
    return entry_detail(request, pk, {step: form}, status=getattr(form, "refusal_status", 400))


@login_required
def registry_print(request):
    """KF-CQ08-01-F5 on A4: the entries recorded in a period."""
    site, _sites = _site(request)
    start, end, since, until = period_of(request, days=7)
    rows = (
        selectors.entries_for(request.user, site=site)
        .filter(recorded_at__gte=since, recorded_at__lt=until)
        .order_by("recorded_at")
    )
    return render_page(
        request, "logbook/print_f5.html", {"site": site, "start": start, "end": end, "rows": rows}
    )


@login_required
def registry_export(request):
    site, _sites = _site(request)
    start, end, since, until = period_of(request, days=31)
    rows = selectors.entries_for(request.user, site=site).filter(
        recorded_at__gte=since, recorded_at__lt=until
    )
    return xlsx_response(
        exports.entries_workbook(rows, title=f"F5 {start}~{end}"),
        f"registry-{site.code}-{start}-{end}",
    )


@login_required
def late_reports(request):
    """LOG-3: entries per reporting department and how many were reported late."""
    site, sites = _site(request)
    start, end, since, until = period_of(request, days=30)
    return render_page(
        request,
        "logbook/late_reports.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "rows": selectors.late_reports(request.user, site=site, start=since, end=until)
            if site
            else [],
            "hours": services.policy(site).report_within_hours if site else 4,
        },
    )


# -- contact directory (LOG-4) ------------------------------------------------------------------


@login_required
def contacts(request):
    """LOG-4: one search over the directory and the residents register."""
    site, sites = _site(request)
    q, category = request.GET.get("q", "").strip(), request.GET.get("category", "")
    rows = (
        selectors.search_contacts(request.user, site=site, q=q, category=category) if site else []
    )
    residents = (
        selectors.search_residents(request.user, site=site, q=q)[:10]
        if site and len(q) >= 2 and category in ("", "residents")
        else []
    )
    if category == "residents":
        rows = []
    return render_page(
        request,
        "logbook/contacts.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "category": category,
            "categories": ContactCategory.choices,
            "page": LookaheadPaginator(rows, 25).get_page(request.GET.get("page"))
            if rows != []
            else None,
            "residents": residents,
            "may_edit": site is not None
            and permissions.can(request.user, "lb.directory", site_id=site.pk),
        },
    )


@login_required
def contact_new(request):
    site, sites = _site(request, "lb.directory")
    permissions.check(request.user, "lb.directory", site=site)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: services.add_contact(request.user, site=site, **form.cleaned_data),
        ):
            messages.success(request, _("Contact added."))
            return redirect(f"{request.path.rsplit('new/', 1)[0]}?site={site.pk}")
    return render_page(
        request,
        "logbook/contact_form.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )


@login_required
def contact_edit(request, pk):
    contact = selectors.get_contact(request.user, pk)
    permissions.check(request.user, "lb.directory", site=contact.site_id)
    initial = {
        "version": contact.version,
        **{f: getattr(contact, f) for f in services.CONTACT_FIELDS},
    }
    form = ContactEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: services.update_contact(request.user, contact, **form.cleaned_data),
        ):
            messages.success(request, _("Contact saved."))
            return redirect(f"/logbook/contacts/?site={contact.site_id}")
    return render_page(
        request,
        "logbook/contact_form.html",
        {
            "form": form,
            "contact": contact,
            "site": contact.site,
            "events": core_selectors.timeline(contact),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def contact_remove(request, pk):
    contact = selectors.get_contact(request.user, pk)
    version = request.POST.get("version", "")
    if attempt(
        request,
        None,
        lambda: services.remove_contact(
            request.user, contact, version=int(version) if version.isdigit() else 0
        ),
    ):
        messages.success(request, _("Contact removed."))
    return redirect(f"/logbook/contacts/?site={contact.site_id}")


@login_required
def contacts_import(request):
    """LOG-4: an Excel file of contacts, all or nothing, with every bad row reported."""
    site, sites = _site(request, "lb.directory")
    permissions.check(request.user, "lb.directory", site=site)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = exports.read_contacts(form.cleaned_data["file"])
            created = services.import_contacts(request.user, site=site, rows=rows)
        except ValidationFailed as exc:
            problems = exc.field_errors.get("rows", [])
            form.refusal_status = 400
            for error in exc.field_errors.get("file", []):
                form.add_error("file", error)
            if problems:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(n)s contacts imported.") % {"n": len(created)})
            return redirect(f"/logbook/contacts/?site={site.pk}")
    return render_page(
        request,
        "logbook/contacts_import.html",
        {
            "form": form,
            "site": site,
            "sites": sites,
            "problems": problems,
            "columns": list(exports.contact_columns()),
            "categories": ContactCategory.choices,
        },
        status=400 if form.errors or problems else 200,
    )


@login_required
def contacts_export(request):
    site, _sites = _site(request)
    rows = selectors.search_contacts(
        request.user,
        site=site,
        q=request.GET.get("q", ""),
        category=request.GET.get("category", ""),
    )
    return xlsx_response(
        exports.contacts_workbook(rows, title=_("Contact directory")), f"contacts-{site.code}"
    )


@login_required
def contacts_template(request):
    return xlsx_response(exports.contacts_template(), "contacts-template")


# -- reference library (LOG-5) ------------------------------------------------------------------


@login_required
def library(request):
    site, sites = _site(request)
    q, category = request.GET.get("q", ""), request.GET.get("category", "")
    rows = selectors.documents_for(request.user, site=site, q=q, category=category) if site else []
    return render_page(
        request,
        "logbook/library.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "category": category,
            "categories": DocumentCategory.choices,
            "rows": [(d, selectors.current_version(d)) for d in rows],
            "may_edit": site is not None
            and permissions.can(request.user, "lb.library", site_id=site.pk),
        },
    )


@login_required
def document_new(request):
    site, sites = _site(request, "lb.library")
    permissions.check(request.user, "lb.library", site=site)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = attempt(
            request,
            form,
            lambda: services.add_document(request.user, site=site, **form.cleaned_data),
        )
        if document:
            messages.success(request, _("Document added; now add its first version."))
            return redirect("logbook:document", pk=document.pk)
    return render_page(
        request,
        "logbook/document_form.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )


@login_required
def document_detail(request, pk):
    document = selectors.get_document(request.user, pk)
    may_edit = permissions.can(request.user, "lb.library", site_id=document.site_id)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        permissions.check(request.user, "lb.library", site=document.site_id)
        if form.is_valid() and attempt(
            request,
            form,
            lambda: services.add_document_version(request.user, document, **form.cleaned_data),
        ):
            messages.success(request, _("Version added."))
            return redirect("logbook:document", pk=pk)
    return render_page(
        request,
        "logbook/document_detail.html",
        {
            "record": document,
            "current": selectors.current_version(document),
            "form": form if may_edit else None,
            "events": core_selectors.timeline(document),
        },
        status=400 if form.errors else 200,
    )


@login_required
def document_file(request, pk, version):
    document = selectors.get_document(request.user, pk)
    found = next((v for v in document.versions.all() if v.pk == version and v.attachment_id), None)
    if found is None:
        raise Http404()
    return FileResponse(
        found.attachment.file.open("rb"),
        content_type=found.attachment.content_type,
        as_attachment=True,
        filename=found.attachment.original_name,
    )


# -- policy -------------------------------------------------------------------------------------


@login_required
def policy_page(request):
    permissions.check(request.user, "lb.policy")
    site, sites = _site(request, "lb.policy")
    current = services.policy(site)
    fields = ("report_within_hours", "accept_within_minutes", "call_back_within_minutes")
    form = PolicyForm(
        request.POST or None,
        initial={"version": current.version, **{f: getattr(current, f) for f in fields}},
    )
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: services.update_policy(request.user, site=site, **form.cleaned_data),
        ):
            messages.success(request, _("Time limits saved."))
            return redirect(f"{request.path}?site={site.pk}")
    return render_page(
        request,
        "logbook/policy.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )
