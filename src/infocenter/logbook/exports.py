"""Excel out and in for the registers (X-5, LOG-4): handovers (F1), the phone log (F4), the
information registry (F5) and the contact directory, whose import template has the same
columns as its export."""

from django.utils.translation import gettext as _

from infocenter.core.excel import (
    CHUNK,
    at_text,
    headers_in_every_language,
    read_rows,
    register,
    workbook,
)


def handovers_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("serial"), "serial"),
        (_("shift"), "shift"),
        (_("handed over by"), lambda h: str(h.outgoing)),
        (_("handed over at"), lambda h: at_text(h.handed_over_at)),
        (_("taken over by"), lambda h: str(h.incoming)),
        (_("accepted at"), lambda h: at_text(h.accepted_at)),
        (_("items carried over"), lambda h: sum(len(s["rows"]) for s in h.carried_over)),
        (_("equipment state"), "equipment_state"),
        (_("remarks"), "remarks"),
        (_("note on acceptance"), "accept_note"),
    ]
    return register(rows, title=title, order="handed_over_at", columns=columns)


def calls_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("serial"), "serial"),
        (_("time"), lambda c: at_text(c.occurred_at)),
        (_("direction"), lambda c: c.get_direction_display()),
        (_("number"), "number"),
        (_("caller"), "caller"),
        (_("subject"), "subject"),
        (_("handling"), "outcome"),
        (_("state"), lambda c: c.get_state_display()),
        (_("taken by"), lambda c: str(c.taken_by)),
        (_("customer service form"), lambda c: c.form.serial if c.form_id else ""),
        (
            _("returns the missed call"),
            lambda c: c.callback_of.serial if c.callback_of_id else "",
        ),
    ]
    return register(rows, title=title, order="occurred_at", columns=columns)


def entries_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("serial"), "serial"),
        (_("kind"), lambda e: e.get_kind_display()),
        (_("title"), "title"),
        (_("buildings affected"), "area"),
        (_("starts"), lambda e: at_text(e.starts_at)),
        (_("ends"), lambda e: at_text(e.ends_at)),
        (_("reporting department"), "department.name"),
        (_("reported"), lambda e: e.get_channel_display()),
        (_("reported by"), "reported_by"),
        (_("change known to the department at"), lambda e: at_text(e.changed_at)),
        (_("recorded at"), lambda e: at_text(e.recorded_at)),
        (_("minutes late"), lambda e: e.late_minutes or ""),
        (_("state"), lambda e: e.get_state_display()),
        (_("details"), "details"),
    ]
    return register(rows, title=title, order="recorded_at", columns=columns)


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
