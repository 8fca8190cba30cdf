"""Excel out for the machine-room registers (X-5): the access log and the items register, in
the columns of their printed forms."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

CHUNK = 2000


def visits_workbook(rows, *, title: str) -> bytes:
    header = [
        _("in at"),
        _("out at"),
        _("machine room"),
        _("person's name"),
        _("organisation"),
        _("kind"),
        _("outcome"),
        _("access request"),
        _("escort"),
        _("reason"),
        _("recorded by"),
        _("signed out by"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                at_text(v.entered_at),
                at_text(v.left_at),
                v.room.name,
                v.name,
                v.organisation,
                v.get_kind_display(),
                v.get_outcome_display(),
                v.request.serial if v.request_id else "",
                str(v.escort or ""),
                v.reason,
                str(v.signed_in_by),
                str(v.signed_out_by or ""),
            ]
            for v in rows.order_by("entered_at", "id").iterator(chunk_size=CHUNK)
        ),
    )


def items_workbook(rows, *, title: str) -> bytes:
    header = [
        _("inspected at"),
        _("in or out"),
        _("item"),
        _("quantity"),
        _("model or serial number"),
        _("carried by"),
        _("organisation"),
        _("machine room"),
        _("inspection"),
        _("inspected by"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                at_text(i.inspected_at),
                i.get_direction_display(),
                i.description,
                i.quantity,
                i.identifier,
                i.visit.name,
                i.visit.organisation,
                i.visit.room.name,
                i.inspection,
                str(i.inspected_by),
            ]
            for i in rows.order_by("inspected_at", "id").iterator(chunk_size=CHUNK)
        ),
    )
