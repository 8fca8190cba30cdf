"""The filters of the change register (MR-7): the register page, its Excel export and the API's
list take the same ``?state=`` and ``?kind=``. A page ignores a value it does not know; the API
answers 400 naming the field."""

from ..choices import ChangeClass, ChangeState
from ..models import ChangeRequest
from .common import choices_filter

ChangeFilter = choices_filter("ChangeFilter", ChangeRequest, state=ChangeState, kind=ChangeClass)
