"""The rules of backups (MR-11): sizes as people write them, what a backup job, a day's result and
a restore test must be, when the next restore test falls due, and the strip of the last days. The
services refuse with these reasons; the pages ask here too."""

import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.models import User
from infocenter.core.validators import FieldErrors

from ..choices import BackupFrequency, BackupOutcome, RestoreOutcome
from ..models import BackupJob, RestoreTest
from ..models.backups import human_size  # noqa: F401  (re-exported for pages and exports)
from .security import is_ic_staff

UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE)


STRIP_DAYS = 14
JOB_FIELDS = (
    "name",
    "system",
    "content",
    "frequency",
    "location",
    "offsite",
    "offsite_location",
    "important",
    "encrypted",
    "custodian",
    "restore_every_days",
    "retention",
)


@dataclasses.dataclass(frozen=True)
class JobContent:
    """What a backup job says (MR-11), as ``add_backup_job`` checks and keeps it and
    ``update_backup_job`` takes it from a page or the API: text trimmed, the offsite location
    only with an offsite copy."""

    name: str
    system: str
    content: str
    frequency: str
    location: str
    custodian: User | None
    offsite: bool = False
    offsite_location: str = ""
    important: bool = True
    encrypted: bool = True
    restore_every_days: int = 90
    retention: str = ""

    def __post_init__(self):
        for name in ("name", "system", "content", "location", "offsite_location", "retention"):
            object.__setattr__(self, name, str(getattr(self, name) or "").strip())
        if not self.offsite:
            object.__setattr__(self, "offsite_location", "")

    @classmethod
    def of(cls, job: BackupJob) -> "JobContent":
        """What ``job`` says now (an edit that names only some fields starts from it)."""
        return cls(**{f: getattr(job, f) for f in JOB_FIELDS})

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in JOB_FIELDS}


def parse_size(value) -> int | None:
    """``"12.5 GB"`` → bytes (1 GB = 1024³ bytes); empty → None. Raises ``ValueError`` with the
    message for the person."""
    text = str(value if value is not None else "").strip().replace("，", ".")
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError(_("A size cannot be negative."))
    match = SIZE.match(text)
    try:
        number = Decimal(match.group(1)) if match else None
    except InvalidOperation:
        number = None
    if number is None:
        raise ValueError(_("Write the size as a number with a unit, e.g. 12.5 GB, 800 MB or 2 TB."))
    return int(number * UNITS[match.group(2).upper()])


def check_job(errors: FieldErrors, *, site_id: int, job: "JobContent", pk=None) -> None:
    """MR-11: what a backup job must be (``pk``: the job being changed), its name once per site."""
    errors.required(name=job.name, system=job.system, content=job.content, location=job.location)
    if job.frequency not in BackupFrequency.values:
        errors.add("frequency", _("Choose one of the listed values."))
    if not is_ic_staff(job.custodian, site_id):
        errors.add("custodian", _("The custodian is a member of the information center."))
    if job.important and not job.encrypted:
        errors.add(
            "encrypted",
            _(
                "Important data are backed up encrypted: encrypt this backup, or say the data are not "
                "important."
            ),
        )
    if job.offsite and not job.offsite_location:
        errors.add("offsite_location", _("Say where the offsite copy is kept."))
    if not job.restore_every_days or not 1 <= int(job.restore_every_days) <= 366:
        errors.add("restore_every_days", _("Between 1 and 366 days."))
    same = BackupJob.objects.filter(site_id=site_id, name=job.name).exclude(pk=pk)
    if job.name and same.exists():
        errors.add("name", _("This site already has a backup job of that name."))


def check_result(errors: FieldErrors, job: BackupJob, *, outcome, size, encrypted) -> int | None:
    """MR-11: what a day's result must be; the size in bytes."""
    if outcome not in BackupOutcome.values:
        errors.add("outcome", _("Choose one of the listed values."))
    try:
        size_bytes = parse_size(size)
    except ValueError as exc:
        errors.add("size", str(exc))
        return None
    if size_bytes is None and outcome in (BackupOutcome.SUCCESS, BackupOutcome.PARTIAL):
        errors.add("size", _("Give the size of the backup, e.g. 12.5 GB."))
    if job.important and not encrypted and outcome != BackupOutcome.FAILED:
        errors.add("encrypted", _("Important data are backed up encrypted."))
    return size_bytes


def check_day(errors: FieldErrors, job: BackupJob, day: dt.date | None) -> None:
    """MR-11: the day of a result: not before the job started, not in the future, not twice."""
    if day is None:
        errors.add("day", _("This field is required."))
    elif day > timezone.localdate():
        errors.add("day", _("The day cannot be in the future."))
    elif day < job.started_on:
        errors.add(
            "day",
            _("%(job)s is backed up since %(day)s.")
            % {"job": job, "day": job.started_on.isoformat()},
        )


def check_restore(
    errors: FieldErrors, *, tested_on, restored, target, outcome, verification, duration_minutes
) -> None:
    """MR-11: what a restore test must be."""
    errors.required(restored=restored, target=target, verification=verification)
    if outcome not in RestoreOutcome.values:
        errors.add("outcome", _("Choose one of the listed values."))
    if tested_on is None or tested_on > timezone.localdate():
        errors.add("tested_on", _("The test cannot be in the future."))
    if not duration_minutes or int(duration_minutes) < 1:
        errors.add("duration_minutes", _("At least one minute."))


def next_restore_on(job: BackupJob, test: RestoreTest) -> dt.date:
    """The day the next restore test of ``job`` falls due after ``test``."""
    """One interval after a passed test; within a week after a failed one."""
    if test.outcome == RestoreOutcome.FAILED:
        return max(timezone.localdate(), test.tested_on) + dt.timedelta(days=RETEST_DAYS)
    return test.tested_on + dt.timedelta(days=job.restore_every_days)


def strip(job: BackupJob, results: dict, *, today: dt.date, days: int = STRIP_DAYS) -> list[tuple]:
    """The last ``days`` days before today of ``job`` as (day, outcome or "missing" or "" when
    not expected), oldest first; ``results`` maps (job id, day) to the current result."""
    cells = []
    for n in range(days, 0, -1):
        day = today - dt.timedelta(days=n)
        result = results.get((job.pk, day))
        expected = job.frequency == BackupFrequency.DAILY and day >= job.started_on
        cells.append((day, result.outcome if result else ("missing" if expected else "")))
    return cells


RETEST_DAYS = 7  # a failed restore is tried again within a week
