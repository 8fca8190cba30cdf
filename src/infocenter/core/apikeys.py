"""API keys (X-7) kept as digests only: issuing one returns the key once and replaces the
previous one; requests authenticate with ``Authorization: Token <key>``."""

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiKey


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user) -> str:
    """A new key for ``user``; the previous one stops working. Only the digest is stored."""
    key = secrets.token_hex(20)
    with transaction.atomic():
        ApiKey.objects.update_or_create(user=user, defaults={"digest": digest_of(key)})
    return key


def revoke(user) -> bool:
    return ApiKey.objects.filter(user=user).delete()[0] > 0


class DigestTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the stored digest."""

    def authenticate_credentials(self, key):
        row = ApiKey.objects.select_related("user").filter(digest=digest_of(key)).first()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not row.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return row.user, row
