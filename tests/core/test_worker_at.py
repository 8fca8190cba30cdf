"""X-11 (operations): ``infocenter worker --once --at T`` fires what is due at T and sends, as
of T, the messages those deadlines raise, in the same pass (docs/operations.md)."""

import datetime as dt
import zoneinfo

from infocenter.cli import main
from infocenter.core.choices import MessageState, Role
from infocenter.core.models import Deadline, Notification, OutboxMessage

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LOGGED = dt.datetime(2026, 2, 23, 9, 0, tzinfo=SHANGHAI)  # a Monday, long before today


def test_x11_worker_at_sends_what_its_deadlines_raise_as_of_that_instant(
    org, people, time_machine, capsys
):
    from infocenter.servicedesk import services as sd

    time_machine.move_to(LOGGED, tick=False)
    form = sd.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="张三",
        reporter_phone="13800138000",
        category="repair",
        content="漏水",
    )
    OutboxMessage.objects.all().delete()
    time_machine.move_to(dt.datetime.now(SHANGHAI) + dt.timedelta(days=300), tick=False)

    at = LOGGED + dt.timedelta(days=2)
    assert main(["worker", "--once", "--at", at.replace(tzinfo=None).isoformat()]) == 0

    out = capsys.readouterr().out
    assert "breach" in out and "sent    in_app" in out, out
    fired = Deadline.objects.filter(subject_type="servicedesk.serviceform", subject_id=form.pk)
    assert fired.get().state == "breached"
    messages = OutboxMessage.objects.filter(link=form.get_absolute_url())
    assert messages and all(m.state == MessageState.SENT for m in messages)
    assert {m.created_at for m in messages} == {at}
    assert {m.sent_at for m in messages} == {at}
    notice = Notification.objects.get(
        recipient=people[Role.PROCESSOR], link=form.get_absolute_url()
    )
    assert notice.created_at == at
