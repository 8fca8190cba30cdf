"""The filters of the access registers (MR-2, MR-3): the access requests, the access log and the
items register. Each list's page, Excel export and API list take the same parameters; a page
ignores a value it does not know, the API answers 400 naming the field."""

import django_filters

from ..choices import ItemDirection, RequestKind, RequestState, VisitKind, VisitOutcome
from ..models import AccessRequest, ItemMovement, Visit


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    kind = django_filters.ChoiceFilter(choices=RequestKind.choices)

    class Meta:
        model = AccessRequest
        fields = ["state", "kind"]


class VisitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices)
    outcome = django_filters.ChoiceFilter(choices=VisitOutcome.choices)

    class Meta:
        model = Visit
        fields = ["kind", "outcome"]


class ItemFilter(django_filters.FilterSet):
    direction = django_filters.ChoiceFilter(choices=ItemDirection.choices)

    class Meta:
        model = ItemMovement
        fields = ["direction"]
