"""The filters of the change register (MR-7): the register page, its Excel export and the API's
list take the same ``?state=`` and ``?kind=``. A page ignores a value it does not know; the API
answers 400 naming the field."""

import django_filters

from ..choices import ChangeClass, ChangeState
from ..models import ChangeRequest


class ChangeFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=ChangeState.choices)
    kind = django_filters.ChoiceFilter(choices=ChangeClass.choices)

    class Meta:
        model = ChangeRequest
        fields = ["state", "kind"]
