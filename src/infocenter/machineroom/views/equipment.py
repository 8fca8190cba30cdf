"""Pages of the equipment ledger (MR-13, MR-10): the ledger with filters, print and Excel in
and out; an item with its history, corrections, disposal and reports; procurement; damage, loss
and consumption reports."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    import_page,
    render_page,
    site_of,
    step_view,
    url_for_each,
    xlsx_response,
)

from .. import selectors
from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus
from ..exports import equipment as equipment_excel
from ..filtersets.equipment import EquipmentFilter, EquipmentReportFilter
from ..forms.equipment import (
    DisposeForm,
    EquipmentEditForm,
    EquipmentForm,
    EquipmentReportForm,
    ImportForm,
    ProcurementForm,
    ProcurementLineForm,
)
from ..rules.equipment import LINE_FIELDS, LedgerLine, PurchaseLine
from ..services import equipment
from .common import form_status, lines_status, site_people

PER_PAGE = 50


def _rooms(request, site):
    return list(selectors.rooms_for(request.user, site=site))


def _ledger(request, site):
    """The ledger of ``site`` as filtered (unknown values are ignored), with the filters used;
    disposed lines only when asked for (their status, or ``?all=1``)."""
    filters = EquipmentFilter(
        request.GET, queryset=selectors.equipment_for(request.user, site=site), request=request
    )
    filters.is_valid()
    chosen = {"status": "", "category": "", "room": None, "q": ""} | filters.form.cleaned_data
    rows = filters.qs
    if not chosen["status"] and not request.GET.get("all"):
        rows = rows.exclude(status=EquipmentStatus.DISPOSED)
    return rows, chosen


@login_required
def ledger(request):
    """MR-13: the ledger of a site, filtered by status, category, room and name/model/serial."""
    site, sites = site_of(request, "mr.view")
    rows, filters = _ledger(request, site)
    page = LookaheadPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    url = url_for_each("machineroom:equipment_item")
    for line in page:
        line.url = url(line.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "machineroom/equipment/ledger.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": EquipmentStatus.choices,
            "categories": EquipmentCategory.choices,
            "rooms": _rooms(request, site),
            "counts": _counts(request, site),
            "may_edit": permissions.can(request.user, "mr.ledger", site_id=site.pk),
            "today": timezone.localdate(),
            "overdue": list(selectors.overdue_loans(request.user, site=site)[:10]),
        },
    )


def _counts(request, site) -> list:
    counts = selectors.equipment_counts(request.user, site=site)
    return [(value, label, counts.get(value, 0)) for value, label in EquipmentStatus.choices]


@login_required
def ledger_print(request):
    """The ledger (设备台账) on A4, as filtered."""
    site, _sites = site_of(request, "mr.view")
    rows, filters = _ledger(request, site)
    return render_page(
        request,
        "machineroom/equipment/print_ledger.html",
        {"site": site, "rows": rows, "filters": filters},
    )


@login_required
def ledger_export(request):
    """The ledger in the import's columns (an export imports again)."""
    site, _sites = site_of(request, "mr.view")
    rows, _filters_used = _ledger(request, site)
    return xlsx_response(
        equipment_excel.ledger_workbook(rows, title=site.name), f"equipment-{site.code}"
    )


@login_required
def ledger_template(request):
    permissions.check(request.user, "mr.view")
    return xlsx_response(equipment_excel.template(), "equipment-template")


@login_required
def ledger_import(request):
    """MR-13: an Excel file of ledger lines, all or nothing, every bad row listed."""
    site, sites = site_of(request, "mr.ledger")
    return import_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda file: equipment.import_equipment(
            request.user, site=site, rows=equipment_excel.read_ledger(file)
        ),
        message=_("%(n)s ledger lines imported."),
        then=f"{reverse('machineroom:equipment')}?site={site.pk}",
        template="machineroom/equipment/import.html",
        context={
            "site": site,
            "sites": sites,
            "columns": list(equipment_excel.columns()),
            "categories": EquipmentCategory.choices,
        },
        named=_named,
    )


def _named(problems):
    """Row errors keyed by the column headers the reader sees."""
    headers = {field: header for header, field in equipment_excel.columns().items()}
    return [
        {"row": p["row"], "errors": {headers.get(f, f): e for f, e in p["errors"].items()}}
        for p in problems
    ]


@login_required
def item_new(request):
    """MR-13: a new ledger line."""
    site, sites = site_of(request, "mr.ledger")
    form = EquipmentForm(
        request.POST or None, rooms=_rooms(request, site), people=site_people(request, site)
    )
    if request.method == "POST" and form.is_valid():
        item = attempt(
            request,
            form,
            lambda: equipment.add_equipment(
                request.user, site=site, line=LedgerLine(**form.cleaned_data)
            ),
        )
        if item:
            messages.success(request, _("Added to the ledger: %(item)s.") % {"item": item})
            return redirect("machineroom:equipment_item", pk=item.pk)
    return render_page(
        request,
        "machineroom/equipment/form.html",
        {"form": form, "site": site, "sites": sites, "title": _("New ledger line")},
        status=form_status(form),
    )


def _edit_initial(item) -> dict:
    fields = LINE_FIELDS
    initial = {f: getattr(item, f) for f in fields if f not in ("room", "custodian")}
    return initial | {"room": item.room_id, "custodian": item.custodian_id, "version": item.version}


ITEM_STEPS = {
    "edit": (EquipmentEditForm, equipment.update_equipment, gettext_lazy("Save")),
    "dispose": (DisposeForm, equipment.dispose_equipment, gettext_lazy("Dispose")),
    "report": (EquipmentReportForm, equipment.report_equipment, gettext_lazy("Report")),
}


def _item_forms(request, item, bound):
    """The forms offered on an item: correct it and report on it (the ledger's staff), dispose of
    it (the head); none once it is disposed."""
    if item.status == EquipmentStatus.DISPOSED:
        return {}
    people, rooms = site_people(request, item.site), _rooms(request, item.site)
    forms = {}
    if permissions.can(request.user, "mr.ledger", site_id=item.site_id):
        if item.status != EquipmentStatus.ON_LOAN:  # all of it is out: it changes once it is back
            forms["edit"] = EquipmentEditForm(
                initial=_edit_initial(item), people=people, rooms=rooms
            )
        forms["report"] = EquipmentReportForm(
            people=people,
            initial={
                "kind": "consumption" if not item.serial else "damage",
                "version": item.version,
            },
        )
    if permissions.can(request.user, "mr.approve", site_id=item.site_id):
        forms["dispose"] = DisposeForm(initial={"version": item.version})
    return forms | (bound or {})


@login_required
def item_detail(request, pk, bound=None, status=200):
    """An item with its loans, reports and full history."""
    item = selectors.get_equipment(request.user, pk)
    return render_page(
        request,
        "machineroom/equipment/item.html",
        {
            "item": item,
            "forms": _item_forms(request, item, bound),
            "events": core_selectors.timeline(item),
            "lendable": item.status == EquipmentStatus.SPARE
            and item.available > 0
            and permissions.can(request.user, "mr.ledger", site_id=item.site_id),
            "loans": item.loan_lines.select_related("loan").order_by("-loan__requested_at")[:20],
            "reports": item.reports.select_related("responsible", "reported_by")[:20],
            "procured": item.procured.select_related("procurement"),
        },
        status=status,
    )


def _bind_item(request, item, cls, data):
    kwargs = {"people": site_people(request, item.site)} if cls is not DisposeForm else {}
    if cls is EquipmentEditForm:
        kwargs["rooms"] = _rooms(request, item.site)
    return cls(data, **kwargs)


item_step = step_view(selectors.get_equipment, ITEM_STEPS, bind=_bind_item, page=item_detail)


@login_required
def procurements(request):
    site, sites = site_of(request, "mr.view")
    rows = selectors.procurements_for(request.user, site=site).prefetch_related("lines__equipment")
    page = LookaheadPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/equipment/procurements.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "may_edit": permissions.can(request.user, "mr.ledger", site_id=site.pk),
        },
    )


PurchaseLines = django_forms.formset_factory(ProcurementLineForm, extra=5, max_num=50)


def _purchase_lines(formset) -> list[PurchaseLine]:
    return [PurchaseLine.of(**f.cleaned_data) for f in formset.forms if f.filled]


@login_required
def procurement_new(request):
    """MR-13: a purchase received; the ledger follows."""
    site, sites = site_of(request, "mr.ledger")
    counted = list(
        selectors.equipment_for(request.user, site=site)
        .filter(serial="")
        .exclude(status=EquipmentStatus.DISPOSED)
    )
    form = ProcurementForm(request.POST or None, people=site_people(request, site))
    lines = PurchaseLines(request.POST or None, prefix="lines", form_kwargs={"items": counted})
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        record = attempt(
            request,
            form,
            lambda: equipment.record_procurement(
                request.user, site=site, lines=_purchase_lines(lines), **form.cleaned_data
            ),
        )
        if record:
            messages.success(request, _("Purchase recorded; the ledger is updated."))
            return redirect("machineroom:procurement", pk=record.pk)
    return render_page(
        request,
        "machineroom/equipment/procurement_form.html",
        {"form": form, "lines": lines, "site": site, "sites": sites},
        status=lines_status(request, form),
    )


@login_required
def procurement_detail(request, pk):
    record = selectors.get_procurement(request.user, pk)
    return render_page(
        request,
        "machineroom/equipment/procurement.html",
        {
            "record": record,
            "lines": record.lines.select_related("equipment"),
            "events": core_selectors.timeline(record),
        },
    )


@login_required
def reports(request):
    """MR-13: damage, loss and consumption, with the person responsible."""
    site, sites = site_of(request, "mr.view")
    filters = EquipmentReportFilter(
        request.GET, queryset=selectors.equipment_reports_for(request.user, site=site)
    )
    kind = filters.form.cleaned_data.get("kind", "") if filters.is_valid() else ""
    page = LookaheadPaginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/equipment/reports.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "kinds": EquipmentReportKind.choices,
            "kind": kind,
        },
    )
