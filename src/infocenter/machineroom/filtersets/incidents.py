"""The filters of the incident registers (MR-9): the alarms and faults pages and the API's lists
take the same ``?state=`` and ``?severity=`` (alarms) or ``?kind=`` (faults). A page ignores a
value it does not know; the API answers 400 naming the field."""

from ..choices import AlarmSeverity, AlarmState, FaultKind, FaultState
from ..models import CoreAlarm, NetworkFault
from .common import choices_filter

AlarmFilter = choices_filter("AlarmFilter", CoreAlarm, state=AlarmState, severity=AlarmSeverity)
FaultFilter = choices_filter("FaultFilter", NetworkFault, state=FaultState, kind=FaultKind)
