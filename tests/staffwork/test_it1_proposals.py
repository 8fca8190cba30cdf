"""IT-1: what a person already did in the system is proposed as log entries: work orders they
handled, inspection rounds, changes implemented, backups checked, loans handed out and data
requests fulfilled; confirming writes the entry linked to its record, dismissing drops it, and
nothing decided is ever proposed again."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.staffwork.models import Proposal, WorkEntry
from infocenter.staffwork.selectors.worklog import proposals_for

from .conftest import handled_order, machine_room_work

SOURCES = {"backup_result", "lent_loan", "data_approved", "done_round", "change_done_central"}


def _proposed(person):
    today = timezone.localdate()
    return proposals_for(person, start=today - dt.timedelta(days=7), end=today)


@pytest.fixture
def mr_work(root, org, people):
    return machine_room_work(root, org, people, SOURCES)


def test_it1_each_kind_of_machine_room_work_is_proposed(mr_work, client_for):
    maintainer, ctx = mr_work
    found = {(p.source_type, p.source_id): p for p in _proposed(maintainer)}
    expected = {
        ("machineroom.backupresult", str(ctx["backup_result"].pk)): "maintenance",
        ("machineroom.loan", str(ctx["loan"].pk)): "maintenance",
        ("machineroom.datarequest", str(ctx["data_done"].pk)): "outside_help",
        ("machineroom.inspectionround", str(ctx["done_round"].pk)): "maintenance",
        ("machineroom.changerequest", str(ctx["change_done_central"].pk)): "maintenance",
    }
    for key, kind in expected.items():
        assert key in found, key
        assert found[key].kind == kind, key
    assert "区公安分局" in found[("machineroom.datarequest", str(ctx["data_done"].pk))].helped
    page = client_for(maintainer).get(reverse("staffwork:worklog_proposals"))
    assert ctx["data_done"].serial in page.content.decode()


def test_it1_a_handled_work_order_is_proposed(root, org, people, api_for):
    order = handled_order(root, org, people)
    response = api_for(people[Role.IT_STAFF]).get(reverse("sw-worklog-proposal-list"))
    assert response.status_code == 200
    rows = response.json()
    assert [r["key"] for r in rows] == [f"servicedesk.workorder:{order.pk}"]
    assert order.serial in rows[0]["text"] and rows[0]["helped"] == "张三"
    assert rows[0]["day"] == timezone.localdate().isoformat()


def test_it1_a_confirmed_proposal_becomes_a_linked_entry_and_is_never_proposed_again(
    mr_work, client_for
):
    maintainer, ctx = mr_work
    key = f"machineroom.backupresult:{ctx['backup_result'].pk}"
    client = client_for(maintainer)
    confirm = reverse("staffwork:worklog_proposal_confirm")
    response = client.post(confirm, {"key": key, "hours": "1.5"})
    assert response.status_code == 302
    entry = WorkEntry.objects.get()
    assert (entry.source_type, entry.source_id) == ("machineroom.backupresult", key.split(":")[1])
    assert entry.hours == 1.5 and entry.person == maintainer
    assert entry.source_url == ctx["backup_result"].get_absolute_url()
    assert key not in {p.key for p in _proposed(maintainer)}
    client.post(confirm, {"key": key, "hours": "1.5"})
    assert WorkEntry.objects.count() == 1  # never twice
    entry_page = client.get(entry.get_absolute_url()).content.decode()
    assert ctx["backup_result"].job.name in entry_page
    # removing the entry does not bring the proposal back
    client.post(reverse("staffwork:worklog_entry_remove", args=[entry.pk]), {"version": 1})
    assert not WorkEntry.objects.exists()
    assert key not in {p.key for p in _proposed(maintainer)}


def test_it1_a_dismissed_proposal_is_never_proposed_again(mr_work, api_for):
    maintainer, ctx = mr_work
    key = f"machineroom.loan:{ctx['loan'].pk}"
    client = api_for(maintainer)
    response = client.post(reverse("sw-worklog-proposal-dismiss"), {"key": key}, format="json")
    assert response.status_code == 204
    assert Proposal.objects.get().decision == "dismissed"
    assert key not in {r["key"] for r in client.get(reverse("sw-worklog-proposal-list")).json()}
    again = client.post(reverse("sw-worklog-proposal-confirm"), {"key": key}, format="json")
    assert again.status_code == 404
    assert again.json()["detail"] == "This record is not proposed to you (any more)."
    assert not WorkEntry.objects.exists()


def test_it1_confirm_through_the_api_with_other_hours_and_refusals(mr_work, api_for, people):
    maintainer, ctx = mr_work
    key = f"machineroom.datarequest:{ctx['data_done'].pk}"
    client = api_for(maintainer)
    bad = client.post(
        reverse("sw-worklog-proposal-confirm"), {"key": key, "hours": "30"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["hours"] == ["Enter the hours spent, more than 0 and at most 24."]
    done = client.post(
        reverse("sw-worklog-proposal-confirm"), {"key": key, "hours": "2"}, format="json"
    )
    assert done.status_code == 201
    assert done.json()["kind"] == "outside_help" and done.json()["source_id"] == key.split(":")[1]
    # someone else cannot confirm the maintainer's work, nor can a reader
    other = api_for(people[Role.IT_STAFF])
    stolen = f"machineroom.loan:{ctx['loan'].pk}"
    refused = other.post(reverse("sw-worklog-proposal-confirm"), {"key": stolen}, format="json")
    assert refused.status_code == 404
    head = api_for(people[Role.IC_HEAD])
    assert head.post(reverse("sw-worklog-proposal-confirm"), {"key": stolen}).status_code == 403
    assert head.get(reverse("sw-worklog-proposal-list")).status_code == 403
