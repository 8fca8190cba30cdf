"""Secrets kept encrypted at rest (X-11): the chat robots' webhook addresses (they carry the
robots' access tokens) in the database, and the SMTP password in the environment.

Encrypted with ``cryptography``'s Fernet (AES-128-CBC with HMAC-SHA256) under the keys in
``INFOCENTER_SECRETS_KEYS``, newest first (``MultiFernet``: the first encrypts, any decrypts).
A stored value reads ``fernet:<token>``; an empty value stays empty. Rotation: put a new key
first, run ``infocenter rotate_secrets`` (every value re-encrypted under it), then drop the old
key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def keys_from(text: str, fallback_secret: str = "") -> list[bytes]:
    """The Fernet keys of ``INFOCENTER_SECRETS_KEYS`` (comma-separated), or, in development
    only, one derived from the secret key."""
    keys = [k.strip().encode() for k in text.split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key)
        except ValueError as error:
            raise ImproperlyConfigured(
                "INFOCENTER_SECRETS_KEYS holds a key that is not a Fernet key (32 url-safe"
                " base64-encoded bytes; `infocenter rotate_secrets --new-key` prints one)"
            ) from error
    if not keys and fallback_secret:
        digest = hashlib.sha256(b"infocenter secrets at rest:" + fallback_secret.encode())
        keys = [base64.urlsafe_b64encode(digest.digest())]
    return keys


def decrypt_with(keys: list[bytes], value: str, *, name: str) -> str:
    if not value.startswith(PREFIX):
        return value
    try:
        token = value[len(PREFIX) :].encode()
        return MultiFernet([Fernet(k) for k in keys]).decrypt(token).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            f"{name} cannot be decrypted with the keys in INFOCENTER_SECRETS_KEYS"
        ) from error


_fernet: tuple[tuple[bytes, ...], MultiFernet] | None = None


def fernet() -> MultiFernet:
    global _fernet
    keys = tuple(settings.SECRETS_KEYS)
    if not keys:
        raise ImproperlyConfigured("INFOCENTER_SECRETS_KEYS is empty")
    if _fernet is None or _fernet[0] != keys:  # the settings may change (tests, rotation)
        _fernet = (keys, MultiFernet([Fernet(k) for k in keys]))
    return _fernet[1]


def encrypt(value: str) -> str:
    if not value:
        return value
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(value: str, *, name: str = "a stored secret") -> str:
    if not value or not value.startswith(PREFIX):
        return value  # empty, or written before encryption (the migration encrypts those)
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            f"{name} cannot be decrypted with the keys in INFOCENTER_SECRETS_KEYS: was a key"
            " removed before `infocenter rotate_secrets` re-encrypted under the new one?"
        ) from error


def rotate(value: str) -> str:
    """``value`` re-encrypted under the first key (a plain one encrypted)."""
    if not value:
        return value
    if not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode()).decode()


class EncryptedMixin:
    """Encrypted on the way into the database, decrypted on the way out; the Python value, the
    forms and the validators see the plain text. Stored as ``text`` (a token is about 1.4 times
    the plain text and 100 characters more). Equality lookups cannot match: each encryption of
    a value differs."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value, name=str(self))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)


class EncryptedURLField(EncryptedMixin, models.URLField):
    pass


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedMixin)
    ]
