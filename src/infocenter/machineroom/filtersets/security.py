"""The filters of keys (MR-4), the credential register (MR-12) and security reports: each list's
page and API list take the same parameters; a page ignores a value it does not know, the API
answers 400 naming the field."""

from ..choices import CredentialLevel, KeyState, SecurityReportKind
from ..models import Credential, Key, SecurityReport
from .common import choices_filter

KeyFilter = choices_filter("KeyFilter", Key, state=KeyState)
CredentialFilter = choices_filter("CredentialFilter", Credential, level=CredentialLevel)
SecurityReportFilter = choices_filter(
    "SecurityReportFilter", SecurityReport, kind=SecurityReportKind
)
