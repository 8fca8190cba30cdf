"""The filters of the backup register's lists (MR-11): jobs by ``?frequency=``, results by
``?outcome=`` (the register page, the job's page, the Excel export and the API's list), alerts
by ``?kind=``, restore tests by ``?outcome=``. A page ignores a value it does not know; the API
answers 400 naming the field."""

from ..choices import BackupAlertKind, BackupFrequency, BackupOutcome, RestoreOutcome
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest
from .common import choices_filter

BackupJobFilter = choices_filter("BackupJobFilter", BackupJob, frequency=BackupFrequency)
BackupResultFilter = choices_filter("BackupResultFilter", BackupResult, outcome=BackupOutcome)
BackupAlertFilter = choices_filter("BackupAlertFilter", BackupAlert, kind=BackupAlertKind)
RestoreTestFilter = choices_filter("RestoreTestFilter", RestoreTest, outcome=RestoreOutcome)
