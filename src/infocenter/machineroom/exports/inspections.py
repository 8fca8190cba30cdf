"""Excel out for inspections (MR-9): every item result of the period's rounds, one row each."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

from ..models.inspections import number

CHUNK = 2000


def results_workbook(rows, *, title: str) -> bytes:
    header = [
        _("serial"),
        _("checklist"),
        _("covers"),
        _("planned for"),
        _("state"),
        _("check item"),
        _("result"),
        _("reading"),
        _("unit of measure"),
        _("normal range"),
        _("note"),
        _("checked by"),
        _("checked at"),
        _("work order"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                r.round.serial,
                r.round.title,
                r.round.covers,
                at_text(r.round.occurs_at),
                r.round.get_state_display(),
                r.label,
                r.get_outcome_display(),
                number(r.reading),
                r.unit,
                r.normal_range,
                r.note,
                str(r.recorded_by or ""),
                at_text(r.recorded_at),
                r.order.serial if r.order_id else (r.form.serial if r.form_id else ""),
            ]
            for r in rows.order_by("round__occurs_at", "round_id", "position").iterator(
                chunk_size=CHUNK
            )
        ),
    )
