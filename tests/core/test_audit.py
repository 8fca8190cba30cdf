"""X-1: every service write appends one hash-chained audit event per site; `audit verify`
catches a modified, a deleted and a reordered event; the database refuses updates."""

import contextlib
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction

from infocenter import cli
from infocenter.core import audit, services
from infocenter.core.models import AuditEvent


@contextlib.contextmanager
def tampering():
    """Switch off the append-only trigger for the length of the test's transaction, as an
    attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks first
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER core_auditevent_append_only")
    yield connection.cursor()


@pytest.fixture
def chain(org, root):
    site = org["a"]
    for n in range(5):
        services.update_site(
            root,
            site,
            version=site.version,
            name=f"江岸花园{n}",
            address="",
            workday_start=site.workday_start,
            workday_end=site.workday_end,
        )
        site.refresh_from_db()
    return audit.chain_name(site)


def test_x1_each_service_write_appends_one_linked_event(org, root):
    site = org["a"]
    before = AuditEvent.objects.filter(chain=audit.chain_name(site)).count()
    services.update_site(
        root,
        site,
        version=site.version,
        name="新名字",
        address="重庆",
        workday_start=site.workday_start,
        workday_end=site.workday_end,
    )
    events = list(AuditEvent.objects.filter(chain=audit.chain_name(site)).order_by("seq"))
    assert len(events) == before + 1
    last = events[-1]
    assert last.kind == "site.updated"
    assert last.actor == root
    assert last.data["changes"]["name"] == ["江岸花园", "新名字"]
    assert last.prev_hash == events[-2].hash
    assert audit.verify_chain(last.chain).ok


def test_x1_chains_are_per_site(org):
    chains = set(AuditEvent.objects.values_list("chain", flat=True))
    assert {audit.chain_name(org["a"]), audit.chain_name(org["b"]), audit.ORG_CHAIN} <= chains
    assert all(r.ok for r in audit.verify_chains())


def test_x1_verify_catches_a_modified_event(chain):
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET kind = 'site.deleted' WHERE chain = %s AND seq = 3", [chain]
        )
    report = audit.verify_chain(chain)
    assert not report.ok
    assert report.broken_at == 3
    assert report.reason == "event #3 was modified"


def test_x1_verify_catches_a_deleted_event(chain):
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE chain = %s AND seq = 4", [chain])
    report = audit.verify_chain(chain)
    assert (report.broken_at, report.reason) == (4, "event #4 is missing")


def test_x1_verify_catches_deleted_last_events(chain):
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first().seq
    with tampering() as cursor:
        cursor.execute(
            "DELETE FROM core_auditevent WHERE chain = %s AND seq >= %s", [chain, last - 1]
        )
    report = audit.verify_chain(chain)
    assert report.broken_at == last - 1
    assert "missing" in report.reason


def test_x1_verify_catches_reordered_events(chain):
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET seq = 1000 WHERE chain = %s AND seq = 2", [chain]
        )
        cursor.execute("UPDATE core_auditevent SET seq = 2 WHERE chain = %s AND seq = 3", [chain])
        cursor.execute(
            "UPDATE core_auditevent SET seq = 3 WHERE chain = %s AND seq = 1000", [chain]
        )
    report = audit.verify_chain(chain)
    assert report.broken_at == 2
    assert "does not follow" in report.reason


def test_x1_database_refuses_to_update_an_event(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(chain=chain, seq=1).update(kind="forged")


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite flushes test data with DELETE"
)
def test_x1_postgresql_refuses_to_delete_an_event(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(chain=chain, seq=1).delete()


def test_x1_cli_audit_verify_exit_codes(chain, org, capsys):
    assert cli.main(["audit", "verify", "--site", org["a"].code]) == 0
    assert "intact" in capsys.readouterr().out
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_name = 'x' WHERE chain = %s AND seq = 2", [chain]
        )
    assert cli.main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"{chain}: " in out and "BROKEN at #2: event #2 was modified" in out


def test_x1_record_event_outside_a_transaction_is_refused(org, root):
    with mock.patch.object(connection, "in_atomic_block", False), pytest.raises(RuntimeError):
        audit.record_event(actor=root, subject=org["a"], kind="x")


def test_x1_events_appended_in_bulk_link_like_single_ones(org, root):
    """``record_events`` (an import changing thousands of records) continues the chain exactly
    as ``record_event`` does, before and after it, and verification passes."""
    site = org["a"]
    with transaction.atomic():
        audit.record_event(actor=root, subject=site, kind="test.one")
        added = audit.record_events(
            actor=root, site=site, events=[(site, "test.bulk", {"n": n}) for n in range(7)]
        )
        audit.record_event(actor=root, subject=site, kind="test.after")
        assert audit.record_events(actor=root, site=site, events=[]) == 0
    assert added == 7
    events = list(AuditEvent.objects.filter(chain=audit.chain_name(site)).order_by("seq"))
    assert [e.kind for e in events[-9:]] == ["test.one", *["test.bulk"] * 7, "test.after"]
    assert [e.data.get("n") for e in events[-8:-1]] == list(range(7))
    assert all(a.hash == b.prev_hash for a, b in zip(events, events[1:], strict=False))
    assert audit.verify_chain(audit.chain_name(site)).ok


def test_x1_bulk_events_outside_a_transaction_are_refused(org, root):
    with mock.patch.object(connection, "in_atomic_block", False), pytest.raises(RuntimeError):
        audit.record_events(actor=root, site=org["a"], events=[(org["a"], "test.bulk", {})])
