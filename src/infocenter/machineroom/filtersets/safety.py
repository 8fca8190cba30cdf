"""The filters of serious events and of the head's permits (MR-1, MR-5, MR-6): each list's page,
Excel export and API list take the same ``?kind=`` and ``?state=`` (a permit list its
``?state=``). A page ignores a value it does not know; the API answers 400 naming the field."""

import django_filters

from ..choices import EventKind, EventState, PermitState
from ..models import FireChange, PowerPermit, SeriousEvent


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    state = django_filters.ChoiceFilter(choices=EventState.choices)

    class Meta:
        model = SeriousEvent
        fields = ["kind", "state"]


class PowerPermitFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=PermitState.choices)

    class Meta:
        model = PowerPermit
        fields = ["state"]


class FireChangeFilter(PowerPermitFilter):
    class Meta:
        model = FireChange
        fields = ["state"]


# The filters of each kind of permit, as the pages name them (``?kind=power`` or ``fire``).
PERMIT_FILTERS = {"power": PowerPermitFilter, "fire": FireChangeFilter}
