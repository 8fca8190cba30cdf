"""The filters of the access registers (MR-2, MR-3): the access requests, the access log and the
items register. Each list's page, Excel export and API list take the same parameters; a page
ignores a value it does not know, the API answers 400 naming the field."""

from ..choices import ItemDirection, RequestKind, RequestState, VisitKind, VisitOutcome
from ..models import AccessRequest, ItemMovement, Visit
from .common import choices_filter

RequestFilter = choices_filter("RequestFilter", AccessRequest, state=RequestState, kind=RequestKind)
VisitFilter = choices_filter("VisitFilter", Visit, kind=VisitKind, outcome=VisitOutcome)
ItemFilter = choices_filter("ItemFilter", ItemMovement, direction=ItemDirection)
