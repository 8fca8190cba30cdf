"""Excel export of the register (信息中心记录表, X-5): one row per form, its orders and their
closing (消档), streamed row by row with openpyxl's write-only mode so any range fits in memory."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .choices import OrderState

CHUNK = 2000


def register_workbook(forms, *, title: str) -> bytes:
    """The register rows of ``forms`` (a queryset) as an .xlsx file."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    header = [_("serial"), _("received at"), _("source"), _("reporter"), _("phone"), _("address"),
              _("category"), _("major event"), _("content"), _("state"), _("handling and result"),
              _("Work orders"), _("closed (消档)")]
    sheet.append([_cell(sheet, h, bold=True) for h in header])
    for form in forms.order_by("received_at", "id").prefetch_related("orders__department").iterator(chunk_size=CHUNK):
        orders = list(form.orders.all())
        closed = [o for o in orders if o.state == OrderState.CLOSED]
        sheet.append([
            form.serial, timezone.localtime(form.received_at).strftime("%Y-%m-%d %H:%M"),
            form.get_source_display(), form.reporter_name, form.reporter_phone, form.address,
            form.get_category_display(), _("yes") if form.major else "", form.content, form.get_state_display(),
            form.resolution, "；".join(f"{o.serial} {o.department.name} {o.get_state_display()}" for o in orders),
            "；".join(f"{o.serial} {timezone.localtime(o.closed_at):%Y-%m-%d %H:%M}" for o in closed),
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value, *, bold=False):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    return cell
