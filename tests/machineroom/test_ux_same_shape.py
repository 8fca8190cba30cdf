"""Issue 14, item 9 on the machine room's pages: every approval kind has the same actions
include with buttons (the power permit too, no disclosure triangles), a request is withdrawn
(撤销申请) rather than "cancelled", the change page has one timeline, and a reading carries its
range for the warning typed before it opens a work order."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.services import changes, safety

from .test_changes_views import propose  # noqa: F401  (the change fixture)

ACTIONS = 'data-testid="actions"'


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def permit(room, people):
    now = timezone.now()
    return safety.request_power(
        people[Role.DEPT_HEAD],
        room=room,
        equipment="工业热风机",
        watts=2000,
        supply="检修电源箱",
        reason="除湿",
        lines_checked=True,
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=5),
    )


def test_ux9_power_permit_uses_the_shared_actions_with_buttons(permit, head, people, client_for):
    page = (
        client_for(head)
        .get(reverse("machineroom:permit", args=["power", permit.pk]))
        .content.decode()
    )
    assert "<details" not in page and ACTIONS in page
    assert 'class="card card-body mb-2 step-form" data-step="approve"' in page
    assert 'id="approve_note"' in page and 'id="refuse_note"' in page  # one id per field
    asker = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("machineroom:permit", args=["power", permit.pk]))
        .content.decode()
    )
    assert 'data-step="cancel"' in asker and "撤销申请" in asker and ">取消<" not in asker


def test_ux9_refused_permit_step_keeps_the_shared_layout(permit, head, client_for):
    response = client_for(head).post(
        reverse("machineroom:permit_step", args=["power", permit.pk, "refuse"]),
        {"version": permit.version, "note": ""},
    )
    body = response.content.decode()
    assert response.status_code == 400 and ACTIONS in body and "<details" not in body


def test_ux9_approval_pages_share_the_actions_include(propose, permit, head, client_for):  # noqa: F811
    change = propose("normal")
    client = client_for(head)
    for url in (
        reverse("machineroom:change", args=[change.pk]),
        reverse("machineroom:permit", args=["power", permit.pk]),
    ):
        page = client.get(url).content.decode()
        assert page.count(ACTIONS) == 1 and 'data-step="approve"' in page, url


def test_ux9_change_page_has_one_timeline_with_the_operations(
    propose,  # noqa: F811
    head,
    maintainer,
    client_for,
):
    change = propose("normal")
    change = changes.approve_change(head, change, version=change.version)
    change = changes.start_change(maintainer, change, version=change.version)
    earlier = timezone.now() - dt.timedelta(minutes=30)
    changes.record_operation(
        maintainer, change, text="备份配置", at=max(earlier, change.started_at)
    )
    changes.record_operation(maintainer, change, text="升级固件")
    page = client_for(head).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    assert page.count('data-testid="timeline"') == 1 and 'data-testid="operations"' not in page
    timeline = page[page.index('data-testid="timeline"') :]
    assert timeline.index("备份配置") < timeline.index("升级固件")
    assert timeline.count("备份配置") == 1


def test_ux9_reading_input_carries_its_range_and_warning(open_round, maintainer, client_for):
    page = (
        client_for(maintainer)
        .get(reverse("machineroom:round", args=[open_round.pk]))
        .content.decode()
    )
    assert 'data-reading-min="18"' in page and 'data-reading-max="27"' in page
    assert "超出范围 18–27 °C，保存后将生成工单" in page and "readings.js" in page
