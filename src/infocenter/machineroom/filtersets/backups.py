"""The filters of the backup register's lists (MR-11): jobs by ``?frequency=``, results by
``?outcome=`` (the register page, the job's page, the Excel export and the API's list), alerts
by ``?kind=``, restore tests by ``?outcome=``. A page ignores a value it does not know; the API
answers 400 naming the field. The backup history (what the report counts) also takes the days
``?start=`` and ``?end=`` (ISO dates, both included) and, for results, ``?failed=true``."""

import django_filters
from django.db.models import Q

from ..choices import BackupAlertKind, BackupFrequency, BackupOutcome, RestoreOutcome
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest
from .common import choices_filter, narrowed

BackupJobFilter = choices_filter("BackupJobFilter", BackupJob, frequency=BackupFrequency)
BackupResultFilter = choices_filter("BackupResultFilter", BackupResult, outcome=BackupOutcome)
BackupAlertFilter = choices_filter("BackupAlertFilter", BackupAlert, kind=BackupAlertKind)
RestoreTestFilter = choices_filter("RestoreTestFilter", RestoreTest, outcome=RestoreOutcome)


def _days(field: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(field_name=field, lookup_expr="gte"),
        django_filters.DateFilter(field_name=field, lookup_expr="lte"),
    )


class BackupHistoryResultFilter(BackupResultFilter):
    start, end = _days("day")
    failed = django_filters.BooleanFilter(
        method=narrowed(lambda: ~Q(outcome=BackupOutcome.SUCCESS))
    )


class BackupHistoryAlertFilter(BackupAlertFilter):
    start, end = _days("day")


class RestoreHistoryFilter(RestoreTestFilter):
    start, end = _days("tested_on")
