"""The filters of the access registers (MR-2, MR-3): the access requests, the access log and the
items register. Each list's page, Excel export and API list take the same parameters; a page
ignores a value it does not know, the API answers 400 naming the field."""

import django_filters
from django.db.models import Q

from ..choices import ItemDirection, RequestKind, RequestState, VisitKind, VisitOutcome
from ..models import AccessRequest, ItemMovement, Visit
from .common import choices_filter, narrowed

RequestFilter = choices_filter("RequestFilter", AccessRequest, state=RequestState, kind=RequestKind)


class VisitFilter(choices_filter("VisitFilter", Visit, kind=VisitKind, outcome=VisitOutcome)):
    """Also ``?outsider=true``: anyone but the information center's own staff."""

    outsider = django_filters.BooleanFilter(method=narrowed(lambda: ~Q(kind=VisitKind.STAFF)))


ItemFilter = choices_filter("ItemFilter", ItemMovement, direction=ItemDirection)
