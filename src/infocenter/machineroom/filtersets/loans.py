"""The filters of the loans (MR-13): the loans page and the API's list take the same
``?state=``. A page ignores a value it does not know; the API answers 400 naming the field."""

import django_filters

from ..choices import LoanState
from ..models import Loan


class LoanFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=LoanState.choices)

    class Meta:
        model = Loan
        fields = ["state"]
