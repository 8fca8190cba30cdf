"""Excel out for the change register (MR-7, MR-8)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

CHUNK = 2000


def changes_workbook(rows, *, title: str) -> bytes:
    """The change register (MR-7, MR-8), one change a row, in planned order."""
    header = [
        _("serial"),
        _("class of change"),
        _("state"),
        _("title"),
        _("system or device"),
        _("core server"),
        _("global impact"),
        _("changes central data"),
        _("planned start"),
        _("planned end"),
        _("implementer"),
        _("requested by"),
        _("decided by"),
        _("decided at"),
        _("notice sent at"),
        _("started at"),
        _("finished at"),
        _("result of the change"),
        _("backup reference"),
        _("running confirmed at"),
        _("backup deleted at"),
    ]
    yes = {True: _("yes"), False: ""}
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                c.serial,
                c.get_kind_display(),
                c.get_state_display(),
                c.title,
                c.system,
                yes[c.core_server],
                yes[c.global_impact],
                yes[c.central_data],
                at_text(c.planned_start),
                at_text(c.planned_end),
                str(c.implementer),
                str(c.requested_by),
                str(c.decided_by or ""),
                at_text(c.decided_at),
                at_text(c.notice_sent_at),
                at_text(c.started_at),
                at_text(c.finished_at),
                c.get_outcome_display(),
                c.backup_reference,
                at_text(c.confirmed_at),
                at_text(c.backup_deleted_at),
            ]
            for c in rows.order_by("planned_start", "id").iterator(chunk_size=CHUNK)
        ),
    )
