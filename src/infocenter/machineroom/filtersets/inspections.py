"""The filters of the inspection lists (MR-9): the checklists page and the API's list take the
same ``?target=``, the rounds page and the API's list the same ``?state=``. A page ignores a
value it does not know; the API answers 400 naming the field."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .. import report
from ..choices import ChecklistTarget, ResultOutcome, RoundState
from ..models import Checklist, InspectionResult, InspectionRound
from .common import choices_filter, narrowed

ChecklistFilter = choices_filter("ChecklistFilter", Checklist, target=ChecklistTarget)

TIMINGS = {
    "on_time": (_("Done on time"), report.round_on_time),
    "late": (_("Done late"), report.round_late),
    "missed": (_("Not done by its due time"), report.round_missed),
    "kept": (_("Not cancelled"), lambda: ~Q(state=RoundState.CANCELLED)),
}


def _failed():
    return Exists(InspectionResult.objects.filter(round=OuterRef("pk"), outcome=ResultOutcome.FAIL))


class RoundFilter(choices_filter("RoundFilter", InspectionRound, state=RoundState)):
    """Also ``?timing=`` (done on time or late, not done by its due time, not cancelled) and
    ``?failed=true`` (a check found a fault): what the report counts."""

    timing = django_filters.ChoiceFilter(
        choices=[(k, label) for k, (label, _q) in TIMINGS.items()], method="by_timing"
    )
    failed = django_filters.BooleanFilter(method=narrowed(_failed))

    def by_timing(self, queryset, name, value):
        return queryset.filter(TIMINGS[value][1]()) if value else queryset


class FindingFilter(django_filters.FilterSet):
    """The checks that found a fault (the report's "checks that found a fault"), and with
    ``?ordered=true`` only those that opened a work order."""

    ordered = django_filters.BooleanFilter(method=narrowed(lambda: Q(order__isnull=False)))

    class Meta:
        model = InspectionResult
        fields = []
