"""Excel out and in for the registers (X-5, LOG-4): handovers (F1), the phone log (F4), the
information registry (F5) and the contact directory, whose import template has the same
columns as its export."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text as _at
from infocenter.core.excel import headers_in_every_language, read_rows, workbook

CHUNK = 2000


def handovers_workbook(rows, *, title: str) -> bytes:
    header = [
        _("serial"),
        _("shift"),
        _("handed over by"),
        _("handed over at"),
        _("taken over by"),
        _("accepted at"),
        _("items carried over"),
        _("equipment state"),
        _("remarks"),
        _("note on acceptance"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                h.serial,
                h.shift,
                str(h.outgoing),
                _at(h.handed_over_at),
                str(h.incoming),
                _at(h.accepted_at),
                sum(len(s["rows"]) for s in h.carried_over),
                h.equipment_state,
                h.remarks,
                h.accept_note,
            ]
            for h in rows.order_by("handed_over_at", "id").iterator(chunk_size=CHUNK)
        ),
    )


def calls_workbook(rows, *, title: str) -> bytes:
    header = [
        _("serial"),
        _("time"),
        _("direction"),
        _("number"),
        _("caller"),
        _("subject"),
        _("handling"),
        _("state"),
        _("taken by"),
        _("customer service form"),
        _("returns the missed call"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                c.serial,
                _at(c.occurred_at),
                c.get_direction_display(),
                c.number,
                c.caller,
                c.subject,
                c.outcome,
                c.get_state_display(),
                str(c.taken_by),
                c.form.serial if c.form_id else "",
                c.callback_of.serial if c.callback_of_id else "",
            ]
            for c in rows.order_by("occurred_at", "id").iterator(chunk_size=CHUNK)
        ),
    )


def entries_workbook(rows, *, title: str) -> bytes:
    header = [
        _("serial"),
        _("kind"),
        _("title"),
        _("buildings affected"),
        _("starts"),
        _("ends"),
        _("reporting department"),
        _("reported"),
        _("reported by"),
        _("change known to the department at"),
        _("recorded at"),
        _("minutes late"),
        _("state"),
        _("details"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                e.serial,
                e.get_kind_display(),
                e.title,
                e.area,
                _at(e.starts_at),
                _at(e.ends_at),
                e.department.name,
                e.get_channel_display(),
                e.reported_by,
                _at(e.changed_at),
                _at(e.recorded_at),
                e.late_minutes or "",
                e.get_state_display(),
                e.details,
            ]
            for e in rows.order_by("recorded_at", "id").iterator(chunk_size=CHUNK)
        ),
    )


def contact_columns() -> dict[str, str]:
    """Header text → field, in the interface language (the template and the export agree)."""
    return {
        _("category"): "category",
        _("name"): "name",
        _("organisation"): "organisation",
        _("title or duty"): "title",
        _("phone"): "phone",
        _("second phone"): "phone2",
        _("note"): "note",
    }


def contacts_workbook(rows, *, title: str) -> bytes:
    columns = contact_columns()
    return workbook(
        title=title,
        header=list(columns),
        rows=(
            [c.get_category_display(), c.name, c.organisation, c.title, c.phone, c.phone2, c.note]
            for c in rows.iterator(chunk_size=CHUNK)
        ),
    )


def contacts_template() -> bytes:
    """An empty import sheet: the header row the import expects (categories as on the page)."""
    return workbook(title=_("Contact directory"), header=list(contact_columns()), rows=())


def read_contacts(upload) -> list[dict]:
    """The rows of a contacts sheet, its header in any language of the interface."""
    return read_rows(upload, headers_in_every_language(contact_columns))
