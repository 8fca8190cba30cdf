"""Excel export of the register (信息中心记录表, X-5): one row per form, its orders and their
closing (消档), streamed row by row with openpyxl's write-only mode so any range fits in memory."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.excel import workbook

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
