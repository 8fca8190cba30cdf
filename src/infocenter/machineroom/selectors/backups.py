"""Scoped reads of backup jobs, their register, alerts and restore tests (MR-11)."""

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.search import Query

from ..choices import BackupFrequency
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest
from ..services.backups import restore_clocks
from .common import get_scoped, viewable


def backup_jobs_for(actor, *, site=None, retired: bool = False) -> QuerySet:
    """MR-11: the backup jobs of the actor's sites (active ones unless ``retired``)."""
    return viewable(BackupJob.objects.select_related("site", "custodian"), actor, site=site).filter(
        retired_at__isnull=not retired
    )


def get_backup_job(actor, pk):
    return get_scoped(viewable(BackupJob.objects.select_related("site", "custodian"), actor), pk)


def backup_results_for(actor, *, site=None, current_only: bool = True) -> QuerySet:
    """MR-11: lines of the backup register (the current revision of each day unless asked)."""
    qs = viewable(BackupResult.objects.select_related("job", "recorded_by"), actor, site=site)
    return qs.filter(current=True) if current_only else qs


def get_backup_result(actor, pk):
    return get_scoped(
        backup_results_for(actor, current_only=False).select_related("job__site", "replaces"), pk
    )


def backup_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    qs = viewable(
        BackupAlert.objects.select_related("job__custodian", "handled_by"), actor, site=site
    )
    return qs.filter(handled_at__isnull=True) if open_only else qs


def get_backup_alert(actor, pk):
    return get_scoped(backup_alerts_for(actor).select_related("job__site"), pk)


def restore_tests_for(actor, *, site=None) -> QuerySet:
    return viewable(RestoreTest.objects.select_related("job", "tested_by"), actor, site=site)


def backup_register_jobs(actor, *, site) -> QuerySet:
    """MR-11: the active jobs of ``site`` with their latest result (``last_day``, ``last_outcome``,
    ``last_size``), in one query."""
    latest = BackupResult.objects.filter(
        job=OuterRef("pk"), site_id=OuterRef("site_id"), current=True
    ).order_by("-day")
    return backup_jobs_for(actor, site=site).annotate(
        last_day=Subquery(latest.values("day")[:1]),
        last_outcome=Subquery(latest.values("outcome")[:1]),
        last_size=Subquery(latest.values("size_bytes")[:1]),
    )


def results_by_day(actor, jobs, *, since) -> dict:
    """The current results of ``jobs`` from ``since`` on, keyed by (job id, day)."""
    rows = (
        backup_results_for(actor)
        .filter(job__in=[j.pk for j in jobs], day__gte=since)
        .only("job_id", "day", "outcome")
    )
    return {(r.job_id, r.day): r for r in rows.select_related(None)}


def restore_due(jobs) -> dict:
    """The day each job's next restore test is due, from the open clocks (one query)."""
    rows = restore_clocks().filter(subject_id__in=[str(j.pk) for j in jobs])
    return {
        int(d.subject_id): timezone.localdate(d.due_at) for d in rows.only("subject_id", "due_at")
    }


def month_register(actor, *, site, first, last) -> tuple[list, list]:
    """MR-11: the jobs of ``site`` during a month and the register's lines, day by day: each
    current result, and a ``None`` result for each missing day of a daily job."""
    jobs = list(
        permissions.restrict(BackupJob.objects.select_related("custodian"), actor, "mr.view")
        .filter(site=site, started_on__lte=last)
        .filter(Q(retired_at__isnull=True) | Q(retired_at__date__gte=first))
    )
    found = {
        (r.job_id, r.day): r
        for r in backup_results_for(actor, site=site).filter(day__gte=first, day__lte=last)
    }
    end = min(last, timezone.localdate() - dt.timedelta(days=1))
    lines = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        for job in jobs:
            result = found.get((job.pk, day))
            if result is not None or (
                job.frequency == BackupFrequency.DAILY and job.started_on <= day <= end
            ):
                lines.append((day, job, result))
    return jobs, lines


def backup_jobs_matching(actor, query: Query) -> QuerySet:
    """The search box's backup jobs (active and retired): the job or the system named."""
    if query.serial or query.digits:
        return BackupJob.objects.none()
    qs = viewable(BackupJob.objects.select_related("site", "custodian"), actor)
    return qs.filter(Q(name__contains=query.text) | Q(system__contains=query.text))
