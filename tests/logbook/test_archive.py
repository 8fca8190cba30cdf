"""LOG-6: the control-room registers go to the data manager in the weekly batch with the forms;
what is not ready is refused with what it lacks; archived records are read-only (SD-16)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict
from infocenter.logbook import services
from infocenter.logbook.choices import EntryKind, ReportChannel
from infocenter.servicedesk import services as sd
from tests.servicedesk.test_archive import monday_last_week


@pytest.fixture
def last_week(site, people, processor2, gc):
    """Last Wednesday: an accepted handover, an unanswered missed call, an outage that ended and
    one still in force."""
    wednesday = timezone.make_aware(
        dt.datetime.combine(monday_last_week() + dt.timedelta(days=2), dt.time(10))
    )
    p = people[Role.PROCESSOR]
    with time_machine.travel(wednesday, tick=False):
        handover = services.hand_over(
            p, site=site, incoming=processor2, shift="白班", equipment_state="正常"
        )
        handover = services.accept_handover(processor2, handover, version=handover.version)
        missed = services.log_missed_call(p, site=site, number="13800138000")
        over = services.record_entry(
            p,
            site=site,
            department=gc,
            kind=EntryKind.WATER_OUTAGE,
            title="停水",
            starts_at=wednesday,
            ends_at=wednesday + dt.timedelta(hours=4),
            changed_at=wednesday,
            channel=ReportChannel.PHONE,
            reported_by="王工",
        )
        ongoing = services.record_entry(
            p,
            site=site,
            department=gc,
            kind=EntryKind.COMPLAINT_FOLLOW_UP,
            title="噪音投诉跟进",
            starts_at=wednesday,
            changed_at=wednesday,
            channel=ReportChannel.PHONE,
            reported_by="王工",
        )
    return {"handover": handover, "missed": missed, "over": over, "ongoing": ongoing}


def test_log6_registers_go_with_the_weekly_batch(site, people, last_week):
    batch = sd.submit_archive_batch(
        people[Role.PROCESSOR], site=site, week_start=monday_last_week()
    )
    refused = {r["serial"]: r["missing"] for r in batch.refused}
    assert refused == {
        last_week["missed"].serial: ["the call-back of the missed call"],
        last_week["ongoing"].serial: ["still in force"],
    }
    for key in ("handover", "over"):
        last_week[key].refresh_from_db()
        assert last_week[key].archive_batch == batch
    batch = sd.approve_archive_batch(people[Role.DATA_MANAGER], batch, version=batch.version)
    last_week["over"].refresh_from_db()
    assert last_week["over"].archived_at is not None
    with pytest.raises(Conflict, match="archived|归档"):
        services.reschedule_entry(
            people[Role.PROCESSOR],
            last_week["over"],
            version=last_week["over"].version,
            starts_at=last_week["over"].starts_at,
            ends_at=None,
        )


def test_log6_a_returned_batch_releases_the_registers(site, people, last_week):
    batch = sd.submit_archive_batch(
        people[Role.PROCESSOR], site=site, week_start=monday_last_week()
    )
    sd.return_archive_batch(
        people[Role.DATA_MANAGER], batch, version=batch.version, note="交接班记录缺签字"
    )
    last_week["handover"].refresh_from_db()
    assert last_week["handover"].archive_batch is None
    returned = services.call_back(
        people[Role.PROCESSOR],
        last_week["missed"],
        version=last_week["missed"].version,
        subject="已回电",
    )
    again = sd.submit_archive_batch(
        people[Role.PROCESSOR], site=site, week_start=monday_last_week()
    )
    assert {r["serial"] for r in again.refused} == {last_week["ongoing"].serial}
    last_week["missed"].refresh_from_db()
    assert (
        last_week["missed"].archive_batch == again and returned.archive_batch is None
    )  # this week's call waits
