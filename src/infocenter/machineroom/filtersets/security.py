"""The filters of keys (MR-4), the credential register (MR-12) and security reports: each list's
page and API list take the same parameters; a page ignores a value it does not know, the API
answers 400 naming the field."""

import django_filters

from ..choices import CredentialLevel, KeyState, SecurityReportKind
from ..models import Credential, Key, SecurityReport


class KeyFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=KeyState.choices)

    class Meta:
        model = Key
        fields = ["state"]


class CredentialFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=CredentialLevel.choices)

    class Meta:
        model = Credential
        fields = ["level"]


class SecurityReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SecurityReportKind.choices)

    class Meta:
        model = SecurityReport
        fields = ["kind"]
