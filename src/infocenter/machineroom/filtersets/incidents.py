"""The filters of the incident registers (MR-9): the alarms and faults pages and the API's lists
take the same ``?state=`` and ``?severity=`` (alarms) or ``?kind=`` (faults). A page ignores a
value it does not know; the API answers 400 naming the field."""

import django_filters

from ..choices import AlarmSeverity, AlarmState, FaultKind, FaultState
from ..models import CoreAlarm, NetworkFault


class AlarmFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AlarmState.choices)
    severity = django_filters.ChoiceFilter(choices=AlarmSeverity.choices)

    class Meta:
        model = CoreAlarm
        fields = ["state", "severity"]


class FaultFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=FaultState.choices)
    kind = django_filters.ChoiceFilter(choices=FaultKind.choices)

    class Meta:
        model = NetworkFault
        fields = ["state", "kind"]
