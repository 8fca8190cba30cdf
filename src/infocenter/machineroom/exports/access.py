"""Excel out for the machine-room registers (X-5): the access log and the items register, in
the columns of their printed forms."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register


def visits_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("in at"), lambda v: at_text(v.entered_at)),
        (_("out at"), lambda v: at_text(v.left_at)),
        (_("machine room"), "room.name"),
        (_("person's name"), "name"),
        (_("organisation"), "organisation"),
        (_("kind"), lambda v: v.get_kind_display()),
        (_("outcome"), lambda v: v.get_outcome_display()),
        (_("access request"), lambda v: v.request.serial if v.request_id else ""),
        (_("escort"), lambda v: str(v.escort or "")),
        (_("reason"), "reason"),
        (_("recorded by"), lambda v: str(v.signed_in_by)),
        (_("signed out by"), lambda v: str(v.signed_out_by or "")),
    ]
    return register(rows, title=title, order="entered_at", columns=columns)


def items_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("inspected at"), lambda i: at_text(i.inspected_at)),
        (_("in or out"), lambda i: i.get_direction_display()),
        (_("item"), "description"),
        (_("quantity"), "quantity"),
        (_("model or serial number"), "identifier"),
        (_("carried by"), "visit.name"),
        (_("organisation"), "visit.organisation"),
        (_("machine room"), "visit.room.name"),
        (_("inspection"), "inspection"),
        (_("inspected by"), lambda i: str(i.inspected_by)),
    ]
    return register(rows, title=title, order="inspected_at", columns=columns)
