"""Excel export of the register (信息中心记录表, X-5): one row per form, its orders and their
closing (消档), streamed row by row with openpyxl's write-only mode so any range fits in memory."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.excel import headers_in_every_language, read_rows, workbook

from .choices import OrderState

CHUNK = 2000


def register_workbook(forms, *, title: str) -> bytes:
    """The register rows of ``forms`` (``selectors.register_for``, orders prefetched) as .xlsx."""
    header = [
        _("serial"),
        _("received at"),
        _("source"),
        _("reporter"),
        _("phone"),
        _("address"),
        _("category"),
        _("major event"),
        _("content"),
        _("state"),
        _("handling and result"),
        _("Work orders"),
        _("closed (消档)"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(_row(f) for f in forms.order_by("received_at", "id").iterator(chunk_size=CHUNK)),
    )


def _row(form) -> list:
    orders = form.register_orders
    closed = [o for o in orders if o.state == OrderState.CLOSED]
    return [
        form.serial,
        timezone.localtime(form.received_at).strftime("%Y-%m-%d %H:%M"),
        form.get_source_display(),
        form.reporter_name,
        form.reporter_phone,
        form.address,
        form.get_category_display(),
        _("yes") if form.major else "",
        form.content,
        form.get_state_display(),
        form.resolution,
        "；".join(f"{o.serial} {o.department.name} {o.get_state_display()}" for o in orders),
        "；".join(f"{o.serial} {timezone.localtime(o.closed_at):%Y-%m-%d %H:%M}" for o in closed),
    ]


def resident_columns() -> dict[str, str]:
    """Header text → field of the residents sheet, in the interface language: the export, the
    import and its template share these columns, so an export imports again (LOG-4)."""
    return {
        _("name"): "name",
        _("kind"): "kind",
        _("phone"): "phone",
        _("second phone"): "phone2",
        _("building"): "building",
        _("unit"): "unit",
        _("room number"): "room",
        _("moved in on"): "moved_in_on",
        _("note"): "note",
    }


def residents_workbook(residents) -> bytes:
    """``residents`` (``selectors.residents_for``) as residents.xlsx, in the import's columns."""
    return workbook(
        title=_("residents"),
        header=list(resident_columns()),
        rows=(
            [
                r.name,
                r.get_kind_display(),
                r.phone,
                r.phone2,
                r.room.unit.building.name if r.room else "",
                r.room.unit.name if r.room else "",
                r.room.number if r.room else "",
                r.moved_in_on.isoformat() if r.moved_in_on else "",
                r.note,
            ]
            for r in residents.iterator(chunk_size=CHUNK)
        ),
    )


def read_residents(upload) -> list[dict]:
    """The rows of a residents sheet, its header in any language of the interface."""
    return read_rows(upload, headers_in_every_language(resident_columns))
