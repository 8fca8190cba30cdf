"""The filters of the change register (MR-7): the register page, its Excel export and the API's
list take the same ``?state=`` and ``?kind=``. A page ignores a value it does not know; the API
answers 400 naming the field."""

import django_filters
from django.db.models import Q

from infocenter.core.filtersets import period

from .. import report
from ..choices import ChangeClass, ChangeOutcome, ChangeState
from ..models import ChangeRequest
from .common import choices_filter, narrowed


class ChangeFilter(
    choices_filter("ChangeFilter", ChangeRequest, state=ChangeState, kind=ChangeClass)
):
    """Also by the planned start (``?planned_after=``, ``?planned_before=``, ISO date-times),
    ``?outcome=`` and ``?counted=true`` (put to the head: neither a draft nor cancelled, as the
    report counts them)."""

    planned_after, planned_before = period("planned_start")
    outcome = django_filters.ChoiceFilter(choices=ChangeOutcome.choices)
    counted = django_filters.BooleanFilter(
        method=narrowed(lambda: ~Q(state__in=report.NOT_COUNTED_CHANGES))
    )
