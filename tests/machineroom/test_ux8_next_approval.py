"""Issue 14 item 8 for every kind of the head's approvals inbox: a record opened from the inbox
(``?queue=approvals``) offers the next one, and after approving, refusing or acknowledging it
the next item of the inbox opens, as the service desk's queues do; unticked, the record's own
page comes back, and a refused step keeps the way to the next item."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.machineroom import approvals
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import data_access, equipment, loans, safety, security

from .conftest import hours
from .test_changes import propose  # noqa: F401 (a fixture)

KINDS = ["access", "power", "fire", "data_access", "equipment_loans", "changes", "security"]


@pytest.fixture
def make(ask, propose, people, room, site, maintainer, now):  # noqa: F811
    """make(kind, n): the n-th record (0, 1 …) of that kind waiting for the head."""
    later = lambda n: {"starts_at": now + hours(n + 1), "ends_at": now + hours(n + 5)}  # noqa: E731
    asker = people[Role.DEPT_HEAD]
    makers = {
        "access": lambda n: ask(**later(n)),
        "power": lambda n: safety.request_power(
            asker,
            room=room,
            equipment=f"热风机{n}",
            watts=2000,
            supply="检修电源箱",
            reason="除湿",
            lines_checked=True,
            **later(n),
        ),
        "fire": lambda n: safety.request_fire_change(
            asker,
            room=room,
            kind="state",
            equipment=f"气体灭火控制盘{n}",
            current="自动",
            proposed="手动",
            reason="布线施工",
            safeguards="专人值守",
            **later(n),
        ),
        "data_access": lambda n: data_access.request_data_access(
            people[Role.PROCESSOR],
            site=site,
            organisation="区公安分局",
            applicant="李警官",
            phone="023-67700110",
            purpose=f"调查案件{n}",
            items=["3 栋门禁刷卡记录"],
        ),
        "equipment_loans": lambda n: loans.request_loan(
            maintainer,
            site=site,
            lines=[
                (
                    equipment.add_equipment(
                        maintainer,
                        site=site,
                        line=LedgerLine(category="equipment", name=f"笔记本{n}"),
                    ),
                    1,
                )
            ],
            purpose="临时调试",
            borrower=asker,
            due_on=timezone.localdate() + dt.timedelta(days=3),
        ),
        "changes": lambda n: propose(
            "normal", planned_start=now + hours(48 + n), planned_end=now + hours(50 + n)
        ),
        "security": lambda n: security.report_security(
            maintainer, site=site, kind="weakness", description=f"机柜门锁损坏{n}", remedy="更换"
        ),
    }
    return lambda kind, n: makers[kind](n)


def _two_waiting(make, head, kind):
    """Two records of ``kind`` and their pages in the inbox's order."""
    make(kind, 0), make(kind, 1)
    urls = [w.url for w in approvals.waiting_for(head)]
    assert len(urls) == 2
    return urls


def _step_of(kind):
    return "acknowledge" if kind == "security" else "refuse"


def _post(client, url, step, data):
    return client.post(f"{url}{step}/", data)


@pytest.mark.parametrize("kind", KINDS)
def test_ux8_every_approval_kind_opens_the_next_item_after_its_step(kind, make, head, client_for):
    first, second = _two_waiting(make, head, kind)
    client = client_for(head)
    page = client.get(first, {"queue": "approvals"}).content.decode()
    following = f"{second}?queue=approvals"
    assert f'href="{following}" data-testid="next-item"' in page
    step = _step_of(kind)
    assert f'data-step="{step}"' in page
    assert f'<input type="hidden" name="next" value="{following}">' in page
    version = page.split('name="version" value="')[1].split('"')[0]
    response = _post(
        client,
        first,
        step,
        {"version": version, "note": "不符合要求", "next": following, "go_next": "1"},
    )
    assert response.status_code == 302 and response["Location"] == following
    assert [w.url for w in approvals.waiting_for(head)] == [second]


@pytest.mark.parametrize("kind", ["power", "security"])
def test_ux8_unticked_the_record_itself_comes_back(kind, make, head, client_for):
    first, second = _two_waiting(make, head, kind)
    version = (
        client_for(head)
        .get(first, {"queue": "approvals"})
        .content.decode()
        .split('name="version" value="')[1]
        .split('"')[0]
    )
    response = _post(
        client_for(head),
        first,
        _step_of(kind),
        {"version": version, "note": "不符合要求", "next": f"{second}?queue=approvals"},
    )
    assert response["Location"] == first


@pytest.mark.parametrize("kind", ["power", "security"])
def test_ux8_a_refused_step_keeps_the_way_to_the_next_item(kind, make, head, client_for):
    """A stale version is refused: the page comes back with the reason and the same next item;
    nothing is decided and the record still waits."""
    first, second = _two_waiting(make, head, kind)
    following = f"{second}?queue=approvals"
    response = _post(
        client_for(head),
        first,
        _step_of(kind),
        {"version": 999, "note": "不符合要求", "next": following, "go_next": "1"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert f'href="{following}" data-testid="next-item"' in body
    assert [w.url for w in approvals.waiting_for(head)] == [first, second]


def test_ux8_only_the_head_acknowledges_a_security_report(make, head, maintainer, client_for):
    """The acknowledgement moved to the shared step: anyone without the approval is refused
    at both addresses, and the page offers them no step."""
    report = make("security", 0)
    url = reverse("machineroom:report", args=[report.pk])
    client = client_for(maintainer)
    data = {"version": report.version, "note": ""}
    assert client.post(url, data).status_code == 403
    assert client.post(f"{url}acknowledge/", data).status_code == 403
    assert 'data-step="acknowledge"' not in client.get(url).content.decode()
    done = client_for(head).post(url, {"version": report.version, "response": "已更换门锁"})
    assert done.status_code == 302 and done["Location"] == url
    report.refresh_from_db()
    assert report.acknowledged_by == head and report.response == "已更换门锁"
    again = client_for(head).get(url).content.decode()
    assert 'data-step="acknowledge"' not in again
