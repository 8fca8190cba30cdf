"""The filters of serious events and of the head's permits (MR-1, MR-5, MR-6): each list's page,
Excel export and API list take the same ``?kind=`` and ``?state=`` (a permit list its
``?state=``). A page ignores a value it does not know; the API answers 400 naming the field."""

from ..choices import EventKind, EventState, PermitState
from ..models import FireChange, PowerPermit, SeriousEvent
from .common import choices_filter

EventFilter = choices_filter("EventFilter", SeriousEvent, kind=EventKind, state=EventState)
PowerPermitFilter = choices_filter("PowerPermitFilter", PowerPermit, state=PermitState)
FireChangeFilter = choices_filter("FireChangeFilter", FireChange, state=PermitState)


# The filters of each kind of permit, as the pages name them (``?kind=power`` or ``fire``).
PERMIT_FILTERS = {"power": PowerPermitFilter, "fire": FireChangeFilter}
