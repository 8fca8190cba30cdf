"""The filters of the incident registers (MR-9): the alarms and faults pages and the API's lists
take the same ``?state=`` and ``?severity=`` (alarms) or ``?kind=`` (faults). A page ignores a
value it does not know; the API answers 400 naming the field."""

import django_filters
from django.db.models import Q

from infocenter.core.filtersets import period

from .. import report
from ..choices import AlarmSeverity, AlarmState, FaultKind, FaultState
from ..models import CoreAlarm, NetworkFault
from .common import choices_filter, narrowed


class AlarmFilter(
    choices_filter("AlarmFilter", CoreAlarm, state=AlarmState, severity=AlarmSeverity)
):
    """Also by the alarm's time (``?occurred_after=``, ``?occurred_before=``, ISO date-times)
    and ``?late=true``: not answered within its minutes (what the report counts)."""

    occurred_after, occurred_before = period("occurred_at")
    late = django_filters.BooleanFilter(method=narrowed(lambda: Q(report.alarm_answered_late())))


FaultFilter = choices_filter("FaultFilter", NetworkFault, state=FaultState, kind=FaultKind)
