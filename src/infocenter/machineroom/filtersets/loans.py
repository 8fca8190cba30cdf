"""The filters of the loans (MR-13): the loans page and the API's list take the same
``?state=``. A page ignores a value it does not know; the API answers 400 naming the field."""

from ..choices import LoanState
from ..models import Loan
from .common import choices_filter

LoanFilter = choices_filter("LoanFilter", Loan, state=LoanState)
