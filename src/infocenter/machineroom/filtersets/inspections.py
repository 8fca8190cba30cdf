"""The filters of the inspection lists (MR-9): the checklists page and the API's list take the
same ``?target=``, the rounds page and the API's list the same ``?state=``. A page ignores a
value it does not know; the API answers 400 naming the field."""

from ..choices import ChecklistTarget, RoundState
from ..models import Checklist, InspectionRound
from .common import choices_filter

ChecklistFilter = choices_filter("ChecklistFilter", Checklist, target=ChecklistTarget)
RoundFilter = choices_filter("RoundFilter", InspectionRound, state=RoundState)
