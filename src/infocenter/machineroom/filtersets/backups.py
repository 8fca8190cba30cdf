"""The filters of the backup register's lists (MR-11): jobs by ``?frequency=``, results by
``?outcome=`` (the register page, the job's page, the Excel export and the API's list), alerts
by ``?kind=``, restore tests by ``?outcome=``. A page ignores a value it does not know; the API
answers 400 naming the field."""

import django_filters

from ..choices import BackupAlertKind, BackupFrequency, BackupOutcome, RestoreOutcome
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest


class BackupJobFilter(django_filters.FilterSet):
    frequency = django_filters.ChoiceFilter(choices=BackupFrequency.choices)

    class Meta:
        model = BackupJob
        fields = ["frequency"]


class BackupResultFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=BackupOutcome.choices)

    class Meta:
        model = BackupResult
        fields = ["outcome"]


class BackupAlertFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BackupAlertKind.choices)

    class Meta:
        model = BackupAlert
        fields = ["kind"]


class RestoreTestFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=RestoreOutcome.choices)

    class Meta:
        model = RestoreTest
        fields = ["outcome"]
