"""The filters of outsiders' data-access requests (MR-11): the list's page, its Excel export and
the API list take the same ``?state=``. A page ignores a value it does not know; the API answers
400 naming the field."""

import django_filters

from ..choices import DataRequestState
from ..models import DataRequest


class DataRequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=DataRequestState.choices)

    class Meta:
        model = DataRequest
        fields = ["state"]
