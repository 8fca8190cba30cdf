"""Excel out for serious events and the power and fire-system permits (MR-1, MR-5, MR-6)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

from ..choices import FireChangeKind

CHUNK = 2000


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
