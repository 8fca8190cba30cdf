"""API keys (X-7) kept as digests only: requests authenticate with ``Authorization: Token
<key>``. Issuing and revoking a key are services (``core.services.apikeys``)."""

import hashlib

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiKey


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DigestTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the stored digest."""

    def authenticate_credentials(self, key):
        row = ApiKey.objects.select_related("user").filter(digest=digest_of(key)).first()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not row.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return row.user, row
