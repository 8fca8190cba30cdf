"""X-7: API keys are issued and revoked by services, each audited without the key: a person
gets their own by signing in, the command line and the person's system administrator handle
anyone's, and nobody else may. Only the key's digest is kept (MR-12)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from infocenter.core import services
from infocenter.core.choices import Role
from infocenter.core.exceptions import PermissionDenied
from infocenter.core.models import ApiKey, AuditEvent
from tests.conftest import PASSWORD, make_person


def _events(person):
    return list(
        AuditEvent.objects.filter(subject_type="core.user", subject_id=str(person.pk))
        .filter(kind__startswith="apikey.")
        .order_by("seq")
    )


def _works(key) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(reverse("person-me")).status_code == 200


def test_x7_signing_in_for_a_key_is_audited_and_replaces_the_old_key(people):
    person = people[Role.PROCESSOR]
    ask = {"username": person.username, "password": PASSWORD}
    first = APIClient().post(reverse("api-token"), ask).json()["token"]
    second = APIClient().post(reverse("api-token"), ask).json()["token"]
    assert not _works(first) and _works(second)
    events = _events(person)
    assert [(e.kind, e.actor_id, e.data) for e in events] == [
        ("apikey.issued", person.pk, {"replaced": False}),
        ("apikey.issued", person.pk, {"replaced": True}),
    ]
    stored = ApiKey.objects.get(user=person).digest
    assert all(second not in str(e.data) and stored not in str(e.data) for e in events)


def test_x7_command_line_issues_and_revokes_as_the_system(people):
    person = people[Role.IT_STAFF]
    out = io.StringIO()
    call_command("api_key", person.username, stdout=out)
    key = out.getvalue().strip()
    assert _works(key)
    call_command("api_key", person.username, "--revoke", stdout=out)
    assert not _works(key)
    again = io.StringIO()
    call_command("api_key", person.username, "--revoke", stdout=again)
    assert again.getvalue().strip() == "no key to revoke"
    events = _events(person)
    assert [(e.kind, e.actor_name) for e in events] == [
        ("apikey.issued", "system"),
        ("apikey.revoked", "system"),
    ]


def test_x7_only_the_person_or_their_system_administrator_handles_a_key(root, org, people):
    person = people[Role.PROCESSOR]
    their_admin = people[Role.SYSADMIN]
    other_admin = make_person(root, "admin_b", Role.SYSADMIN, site=org["b"])
    for stranger in (people[Role.IC_HEAD], other_admin):
        with pytest.raises(PermissionDenied):
            services.issue_api_key(stranger, person=person)
        with pytest.raises(PermissionDenied):
            services.revoke_api_key(stranger, person=person)
    key = services.issue_api_key(their_admin, person=person)
    assert _works(key)
    assert services.revoke_api_key(their_admin, person=person) is True
    assert not _works(key)
    assert [(e.kind, e.actor_id) for e in _events(person)] == [
        ("apikey.issued", their_admin.pk),
        ("apikey.revoked", their_admin.pk),
    ]
