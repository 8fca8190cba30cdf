"""Excel out for the backup register (MR-11, X-5): every line of a period, corrections with
their reasons, in the columns of the printed register."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook

from ..models.backups import human_size

CHUNK = 2000


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def results_workbook(rows, *, title: str) -> bytes:
    header = [
        _("day"),
        _("backup job"),
        _("system"),
        _("result"),
        _("size"),
        _("size (bytes)"),
        _("copied offsite"),
        _("encrypted"),
        _("note"),
        _("recorded by"),
        _("recorded at"),
        _("revision"),
        _("reason for the correction"),
        _("current"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                r.day.isoformat(),
                r.job.name,
                r.job.system,
                r.get_outcome_display(),
                human_size(r.size_bytes),
                r.size_bytes,
                _yes(r.offsite),
                _yes(r.encrypted),
                r.note,
                str(r.recorded_by),
                at_text(r.recorded_at),
                r.revision,
                r.correction_reason,
                _yes(r.current),
            ]
            for r in rows.select_related("job", "recorded_by")
            .order_by("day", "job__name", "revision")
            .iterator(chunk_size=CHUNK)
        ),
    )
