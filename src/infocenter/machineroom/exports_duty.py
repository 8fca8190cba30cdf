"""Excel out for duty and closing (the duty roster with each day's checklists), serious events and
the power and fire-system approvals (MR-1, MR-5, MR-6); checklist results item by item."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

from .choices import ClosingItem, DutyItem, FireChangeKind
from .models import DutyCheck

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


def events_workbook(rows, *, title: str) -> bytes:
    header = [
        _("serial"),
        _("occurred at"),
        _("kind"),
        _("machine room"),
        _("what happened"),
        _("reported by"),
        _("called out"),
        _("arrived"),
        _("state"),
        _("how it ended"),
    ]

    def line(e):
        callouts = list(e.callouts.all())
        return [
            e.serial,
            at_text(e.occurred_at),
            e.get_kind_display(),
            e.room.name,
            e.description,
            str(e.reported_by),
            "、".join(str(c.person) for c in callouts),
            "、".join(f"{c.person} {at_text(c.arrived_at)}" for c in callouts if c.arrived_at),
            e.get_state_display(),
            e.outcome,
        ]

    return workbook(
        title=title, header=header, rows=(line(e) for e in rows.order_by("occurred_at", "id"))
    )


def permits_workbook(rows, *, kind: str, title: str) -> bytes:
    header = [
        _("serial"),
        _("requested at"),
        _("machine room"),
        _("equipment"),
        _("power (W)") if kind == "power" else _("what changes"),
        _("reason"),
        _("from"),
        _("until"),
        _("requested by"),
        _("state"),
        _("decided by"),
        _("note on the decision"),
        _("how it was left"),
    ]
    kinds = dict(FireChangeKind.choices)

    def line(r):
        what = r.watts if kind == "power" else f"{kinds[r.kind]}：{r.current} → {r.proposed}"
        return [
            r.serial,
            at_text(r.requested_at),
            r.room.name,
            r.equipment,
            what,
            r.reason,
            at_text(r.starts_at),
            at_text(r.ends_at),
            str(r.requested_by),
            r.get_state_display(),
            str(r.decided_by or ""),
            r.decision_note,
            r.finish_note,
        ]

    return workbook(
        title=title,
        header=header,
        rows=(line(r) for r in rows.order_by("requested_at", "id").iterator(chunk_size=CHUNK)),
    )
