"""Writes of API keys (X-7): a key issued to a person and revoked, each audited. The key is
shown once when it is issued; only its digest is kept (MR-12: the system never stores a
secret), so neither the key nor the digest goes into the audit log."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..apikeys import digest_of
from ..audit import record_event
from ..models import ApiKey, User


def _may_handle_key(actor, person: User) -> None:
    """A person handles their own key; the server's command line (no actor), a superuser and a
    system administrator of the person's sites handle anyone's."""
    if actor is None or actor.pk == person.pk or actor.is_superuser:
        return
    sites = permissions.sites_of(person)
    if not sites or not all(permissions.can(actor, "people.manage", site_id=s) for s in sites):
        raise permissions.PermissionDenied(
            _("Only %(name)s or a system administrator of their sites handles their API key.")
            % {"name": person}
        )


def issue_api_key(actor, *, person: User) -> str:
    """X-7: a new API key for ``person``, returned this once; the previous one stops working.
    A person gets their own by signing in with their password (``POST /api/v1/token/``); the
    command line (``infocenter api_key``) and the person's system administrator issue anyone's."""
    _may_handle_key(actor, person)
    key = secrets.token_hex(20)
    with transaction.atomic(durable=True):
        replaced = ApiKey.objects.filter(user=person).exists()
        ApiKey.objects.update_or_create(user=person, defaults={"digest": digest_of(key)})
        record_event(actor=actor, subject=person, kind="apikey.issued", data={"replaced": replaced})
    return key


def revoke_api_key(actor, *, person: User) -> bool:
    """X-7: ``person``'s API key stops working at once. False when they had none (nothing is
    recorded then)."""
    _may_handle_key(actor, person)
    with transaction.atomic(durable=True):
        removed = ApiKey.objects.filter(user=person).delete()[0] > 0
        if removed:
            record_event(actor=actor, subject=person, kind="apikey.revoked", data={})
    return removed
