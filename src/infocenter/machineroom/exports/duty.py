"""Excel out for duty and closing (MR-1): the duty roster with each day's checklists; checklist
results item by item."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

from ..choices import ClosingItem, DutyItem
from ..models import DutyCheck

CHUNK = 2000


def itemised(check) -> list[tuple[str, bool, str]]:
    """(item, ok, note) of a duty or closing checklist, in the checklist's order."""
    if check is None:
        return []
    labels = dict((DutyItem if isinstance(check, DutyCheck) else ClosingItem).choices)
    return [(labels.get(r["item"], r["item"]), r["ok"], r["note"]) for r in check.results]


def _problems(check) -> str:
    if check is None:
        return ""
    return "；".join(f"{label}：{note}" for label, ok, note in itemised(check) if not ok) or _(
        "all OK"
    )


def roster_workbook(rows, closings: dict, *, title: str) -> bytes:
    header = [
        _("day"),
        _("machine room"),
        _("duty person"),
        _("on call"),
        _("duty checklist"),
        _("done by"),
        _("closing checklist"),
        _("closed by"),
        _("note"),
    ]

    def line(r):
        check, closing = getattr(r, "duty_check", None), closings.get((r.room_id, r.day))
        return [
            r.day.isoformat(),
            r.room.name,
            str(r.person),
            "、".join(str(p) for p in r.on_call.all()),
            _problems(check) if check else _("not done"),
            f"{check.done_by} {at_text(check.done_at)}" if check else "",
            _problems(closing) if closing else _("not done"),
            f"{closing.done_by} {at_text(closing.done_at)}" if closing else "",
            r.note,
        ]

    return workbook(title=title, header=header, rows=(line(r) for r in rows))
