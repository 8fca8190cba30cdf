"""Excel out for inspections (MR-9): every item result of the period's rounds, one row each."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register

from ..models.inspections import number


def results_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("serial"), "round.serial"),
        (_("checklist"), "round.title"),
        (_("covers"), "round.covers"),
        (_("planned for"), lambda r: at_text(r.round.occurs_at)),
        (_("state"), lambda r: r.round.get_state_display()),
        (_("check item"), "label"),
        (_("result"), lambda r: r.get_outcome_display()),
        (_("reading"), lambda r: number(r.reading)),
        (_("unit of measure"), "unit"),
        (_("normal range"), "normal_range"),
        (_("note"), "note"),
        (_("checked by"), lambda r: str(r.recorded_by or "")),
        (_("checked at"), lambda r: at_text(r.recorded_at)),
        (_("work order"), _order_serial),
    ]
    return register(
        rows.order_by("round__occurs_at", "round_id", "position"), title=title, columns=columns
    )


def _order_serial(r) -> str:
    return r.order.serial if r.order_id else (r.form.serial if r.form_id else "")
