"""Excel out for the change register (MR-7, MR-8)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register


def changes_workbook(rows, *, title: str) -> bytes:
    """The change register (MR-7, MR-8), one change a row, in planned order."""
    yes = {True: _("yes"), False: ""}
    columns = [
        (_("serial"), "serial"),
        (_("class of change"), lambda c: c.get_kind_display()),
        (_("state"), lambda c: c.get_state_display()),
        (_("title"), "title"),
        (_("system or device"), "system"),
        (_("core server"), lambda c: yes[c.core_server]),
        (_("global impact"), lambda c: yes[c.global_impact]),
        (_("changes central data"), lambda c: yes[c.central_data]),
        (_("planned start"), lambda c: at_text(c.planned_start)),
        (_("planned end"), lambda c: at_text(c.planned_end)),
        (_("implementer"), lambda c: str(c.implementer)),
        (_("requested by"), lambda c: str(c.requested_by)),
        (_("decided by"), lambda c: str(c.decided_by or "")),
        (_("decided at"), lambda c: at_text(c.decided_at)),
        (_("notice sent at"), lambda c: at_text(c.notice_sent_at)),
        (_("started at"), lambda c: at_text(c.started_at)),
        (_("finished at"), lambda c: at_text(c.finished_at)),
        (_("result of the change"), lambda c: c.get_outcome_display()),
        (_("backup reference"), "backup_reference"),
        (_("running confirmed at"), lambda c: at_text(c.confirmed_at)),
        (_("backup deleted at"), lambda c: at_text(c.backup_deleted_at)),
    ]
    return register(rows, title=title, order="planned_start", columns=columns)
