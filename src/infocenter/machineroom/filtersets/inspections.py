"""The filters of the inspection lists (MR-9): the checklists page and the API's list take the
same ``?target=``, the rounds page and the API's list the same ``?state=``. A page ignores a
value it does not know; the API answers 400 naming the field."""

import django_filters

from ..choices import ChecklistTarget, RoundState
from ..models import Checklist, InspectionRound


class ChecklistFilter(django_filters.FilterSet):
    target = django_filters.ChoiceFilter(choices=ChecklistTarget.choices)

    class Meta:
        model = Checklist
        fields = ["target"]


class RoundFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=RoundState.choices)

    class Meta:
        model = InspectionRound
        fields = ["state"]
