"""Excel out for the work log (IT-1, X-5): the entries of the list's filters, one line each."""

from django.utils.translation import gettext as _

from infocenter.core.excel import register


def entries_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("date"), lambda e: e.day.isoformat()),
        (_("person"), lambda e: str(e.person)),
        (_("kind of work"), lambda e: e.get_kind_display()),
        (_("hours spent"), lambda e: float(e.hours)),
        (_("who was helped"), "helped"),
        (_("department helped"), lambda e: str(e.helped_department or "")),
        (_("site helped"), lambda e: str(e.helped_site or "")),
        (_("project"), lambda e: str(e.project or "")),
        (_("notes"), "notes"),
        (_("linked record"), "source_text"),
    ]
    return register(rows, title=title, columns=columns, order="day")
