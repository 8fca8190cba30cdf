"""IT-5 (the source's closing remark): a missed call to a staff member whose whereabouts said
they were elsewhere shows, on the call's page and in the phone log, where they were and whom to
call instead; the call-back is tracked by the phone log's clock and the person is told."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.logbook import services as lb
from infocenter.logbook.models import PhoneCall
from tests.conftest import make_person


@pytest.fixture
def away(people):
    """The IT staffer is busy in another department; the head takes the calls meanwhile."""
    staff, head = people[Role.IT_STAFF], people[Role.IC_HEAD]
    lb.set_whereabouts(
        staff,
        person=staff,
        status="other_department",
        place="工程部机房",
        until=timezone.now() + dt.timedelta(hours=2),
        substitute=head,
    )
    return staff, head


def _log_missed(client, site, person, **extra):
    return client.post(
        reverse("logbook:calls") + f"?site={site.pk}",
        {
            "kind": "missed",
            "site": site.pk,
            "missed-number": "13800138000",
            "missed-caller": "李先生",
            "missed-called": person.pk,
            **extra,
        },
    )


def test_it5_missed_call_shows_where_they_were_and_whom_to_call(org, people, away, en_client_for):
    staff, head = away
    processor = people[Role.PROCESSOR]
    client = en_client_for(processor)
    assert _log_missed(client, org["a"], staff).status_code == 302
    call = PhoneCall.objects.get(state="missed")
    assert (call.called, call.away_status, call.away_place, call.substitute) == (
        staff,
        "other_department",
        "工程部机房",
        head,
    )
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Busy in another department" in page and "工程部机房" in page
    assert f"<strong>{head}</strong>" in page
    log = client.get(reverse("logbook:calls") + f"?site={org['a'].pk}").content.decode()
    assert log.count("工程部机房") == 2  # the log's line and the calls to return
    assert log.count(f"<strong>{head}</strong>") == 2


def test_it5_the_call_back_is_tracked_and_the_person_is_told(org, people, away, en_client_for):
    staff, head = away
    processor = people[Role.PROCESSOR]
    call = lb.log_missed_call(processor, site=org["a"], number="13800138000", called=staff)
    told = set(OutboxMessage.objects.values_list("recipient__username", flat=True))
    assert {staff.username, head.username} <= told
    clock = Deadline.objects.get(subject_id=str(call.pk), kind=lb.K_CALL_BACK)
    assert clock.state == "scheduled"
    assert "clock" in en_client_for(processor).get(call.get_absolute_url()).content.decode()
    before = OutboxMessage.objects.filter(recipient=staff).count()
    worker.run_once(at=clock.due_at + dt.timedelta(minutes=1), echo=lambda _: None)
    overdue = OutboxMessage.objects.filter(recipient=staff, subject__contains=call.serial)
    assert overdue.count() == before + 1


def test_it5_a_call_back_meets_the_clock(org, people, away):
    staff, _head = away
    processor = people[Role.PROCESSOR]
    call = lb.log_missed_call(processor, site=org["a"], number="13800138000", called=staff)
    call.refresh_from_db()
    lb.call_back(processor, call, version=call.version, subject="已回电")
    clock = Deadline.objects.get(subject_id=str(call.pk), kind=lb.K_CALL_BACK)
    assert clock.state == "met"


def test_it5_no_whereabouts_when_they_were_at_their_desk(org, people, en_client_for):
    staff = people[Role.IT_STAFF]
    call = lb.log_missed_call(
        people[Role.PROCESSOR], site=org["a"], number="13800138000", called=staff
    )
    assert call.called == staff and not call.away_status and call.substitute is None
    page = en_client_for(people[Role.PROCESSOR]).get(call.get_absolute_url()).content.decode()
    assert 'data-testid="called"' in page and 'data-testid="away"' not in page


def test_it5_whereabouts_set_after_the_call_do_not_count(org, people, away):
    staff, _head = away
    call = lb.log_missed_call(
        people[Role.PROCESSOR],
        site=org["a"],
        number="13800138000",
        called=staff,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert call.called == staff and not call.away_status


def test_it5_api_keeps_the_whereabouts_and_refuses_a_person_of_another_site(
    org, people, root, away, api_for
):
    staff, head = away
    api = api_for(people[Role.PROCESSOR])
    url = reverse("lb-call-missed")
    made = api.post(
        url, {"site": org["a"].pk, "number": "13800138000", "called": staff.pk}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["away_place"] == "工程部机房" and made.json()["substitute"] == head.pk
    other = make_person(root, "far", Role.IT_STAFF, site=org["b"])
    refused = api.post(
        url, {"site": org["a"].pk, "number": "13800138000", "called": other.pk}, format="json"
    )
    assert refused.status_code == 400, refused.content
    assert "called" in str(refused.json())


def test_it5_the_person_called_returns_the_call_themself(root, org, people, away, en_client_for):
    """They are reminded of the call, so they may record its return; a colleague may not."""
    staff, _head = away
    processor = people[Role.PROCESSOR]
    call = lb.log_missed_call(processor, site=org["a"], number="13800138000", called=staff)
    call.refresh_from_db()
    url = reverse("logbook:call_step", args=[call.pk, "call_back"])
    data = {"version": call.version, "subject": "已回电", "outcome": "已解决"}
    colleague = make_person(root, "it_b", Role.IT_STAFF, site=org["a"])
    assert en_client_for(colleague).post(url, data).status_code == 403
    assert en_client_for(staff).post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.state == "called_back"
    assert Deadline.objects.get(subject_id=str(call.pk), kind=lb.K_CALL_BACK).state == "met"
