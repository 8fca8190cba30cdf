"""The filters of outsiders' data-access requests (MR-11): the list's page, its Excel export and
the API list take the same ``?state=``. A page ignores a value it does not know; the API answers
400 naming the field."""

from ..choices import DataRequestState
from ..models import DataRequest
from .common import choices_filter

DataRequestFilter = choices_filter("DataRequestFilter", DataRequest, state=DataRequestState)
