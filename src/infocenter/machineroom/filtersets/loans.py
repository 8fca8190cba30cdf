"""The filters of the loans (MR-13): the loans page and the API's list take the same
``?state=``. A page ignores a value it does not know; the API answers 400 naming the field."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .. import report
from ..choices import LoanState
from ..models import Loan
from .common import choices_filter

DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD.")}


class LoanFilter(choices_filter("LoanFilter", Loan, state=LoanState)):
    """Also by the due day (``?due_from=``, ``?due_to=``, dates, both included) and
    ``?overdue=true``: out past 18:00 of the due day, or given back after it (the report's)."""

    due_from = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", error_messages=DATE_ERRORS
    )
    due_to = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", error_messages=DATE_ERRORS
    )
    overdue = django_filters.BooleanFilter(method="by_overdue")

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        rows = report.with_return_day(queryset)
        return rows.filter(report.loan_overdue()) if value else rows.exclude(report.loan_overdue())
