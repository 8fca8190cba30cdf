"""Excel out for the backup register (MR-11, X-5): every line of a period, corrections with
their reasons, in the columns of the printed register."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register

from ..models.backups import human_size


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def results_workbook(rows, *, title: str) -> bytes:
    columns = [
        (_("day"), lambda r: r.day.isoformat()),
        (_("backup job"), "job.name"),
        (_("system"), "job.system"),
        (_("result"), lambda r: r.get_outcome_display()),
        (_("size"), lambda r: human_size(r.size_bytes)),
        (_("size (bytes)"), "size_bytes"),
        (_("copied offsite"), lambda r: _yes(r.offsite)),
        (_("encrypted"), lambda r: _yes(r.encrypted)),
        (_("note"), "note"),
        (_("recorded by"), lambda r: str(r.recorded_by)),
        (_("recorded at"), lambda r: at_text(r.recorded_at)),
        (_("revision"), "revision"),
        (_("reason for the correction"), "correction_reason"),
        (_("current"), lambda r: _yes(r.current)),
    ]
    return register(
        rows.select_related("job", "recorded_by").order_by("day", "job__name", "revision"),
        title=title,
        columns=columns,
    )
