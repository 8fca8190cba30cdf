"""Excel out for serious events and the power and fire-system permits (MR-1, MR-5, MR-6)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register, workbook

from ..choices import FireChangeKind


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
    kinds = dict(FireChangeKind.choices)

    def what(r):
        return r.watts if kind == "power" else f"{kinds[r.kind]}：{r.current} → {r.proposed}"

    columns = [
        (_("serial"), "serial"),
        (_("requested at"), lambda r: at_text(r.requested_at)),
        (_("machine room"), "room.name"),
        (_("equipment"), "equipment"),
        (_("power (W)") if kind == "power" else _("what changes"), what),
        (_("reason"), "reason"),
        (_("from"), lambda r: at_text(r.starts_at)),
        (_("until"), lambda r: at_text(r.ends_at)),
        (_("requested by"), lambda r: str(r.requested_by)),
        (_("state"), lambda r: r.get_state_display()),
        (_("decided by"), lambda r: str(r.decided_by or "")),
        (_("note on the decision"), "decision_note"),
        (_("how it was left"), "finish_note"),
    ]
    return register(rows, title=title, order="requested_at", columns=columns)
