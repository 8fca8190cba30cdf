"""The work log's filters (IT-1): ``kind``, ``project``, ``start``/``end`` (days, both
included), ``q`` (words in who was helped or the notes). The page ignores a value it does not
know; the API and the Excel export answer 400 naming the field."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infocenter.core.filtersets import IdFilter

from ..models import WorkEntry, WorkKind


class WorkEntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=WorkKind.choices, label=_("kind of work"))
    start = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    end = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("to"))
    project = IdFilter(field_name="project_id", label=_("project"))
    q = django_filters.CharFilter(method="words", label=_("search"))

    class Meta:
        model = WorkEntry
        fields = ["kind", "start", "end", "project", "q"]

    def words(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(helped__icontains=value) | Q(notes__icontains=value) | Q(source_text__icontains=value)
        )
