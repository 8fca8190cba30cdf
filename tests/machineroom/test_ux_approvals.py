"""Issue 14 items 1 and 8 in the head's approvals inbox: overdue on top (a visit that should
have started), then urgent (an emergency change), then what is due first, each countdown
named; several approved at once, each through its own service; the next item after a step."""

import pytest
from django.urls import reverse

from infocenter.machineroom.choices import ChangeState, RequestState

from .conftest import hours, page_budget
from .test_changes import propose  # noqa: F401 (a fixture)


def test_ux1_approvals_put_overdue_on_top_then_urgent_then_what_is_due_first(
    ask,
    propose,  # noqa: F811 (the fixture imported above)
    head,
    client_for,
    now,  # noqa: F811
):
    later = ask(starts_at=now + hours(5), ends_at=now + hours(6))
    late = ask(starts_at=now - hours(1))
    emergency = propose("emergency", planned_start=now + hours(1), planned_end=now + hours(2))
    normal = propose(planned_start=now + hours(48), planned_end=now + hours(50))
    body = client_for(head).get(reverse("machineroom:approvals")).content.decode()
    shown = sorted((r.serial for r in (later, late, emergency, normal)), key=body.index)
    assert shown == [late.serial, emergency.serial, later.serial, normal.serial]
    assert body.count('data-testid="urgent"') == 1 and body.count("queue-urgent") == 1
    assert body.count("审批时限") == 3 and "已超时" in body  # the emergency change has none
    assert 'id="queue"' in body


def test_ux1_the_approvals_inbox_costs_the_same_for_one_row_and_for_many(
    ask,
    propose,  # noqa: F811 (the fixture imported above)
    head,
    client_for,
    now,
    django_assert_max_num_queries,  # noqa: F811
):
    client = client_for(head)
    ask()
    client.get(reverse("machineroom:approvals"))
    with django_assert_max_num_queries(page_budget("inbox")) as one:
        client.get(reverse("machineroom:approvals"))
    for n in range(3):
        ask(starts_at=now + hours(n + 1), ends_at=now + hours(n + 2))
        propose("emergency", planned_start=now + hours(1), planned_end=now + hours(2))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("machineroom:approvals")).status_code == 200


def test_ux8_approving_several_says_what_was_approved_and_what_was_refused(
    ask,
    propose,  # noqa: F811 (the fixture imported above)
    head,
    client_for,
    now,  # noqa: F811
):
    visit = ask(starts_at=now + hours(1), ends_at=now + hours(3))
    major = propose("major")  # in discussion: the head approves only after it
    emergency = propose("emergency", planned_start=now + hours(1), planned_end=now + hours(2))
    client = client_for(head)
    page = client.get(reverse("machineroom:approvals")).content.decode()
    assert f'value="access:{visit.pk}"' in page and f'value="changes:{major.pk}"' in page
    response = client.post(
        reverse("machineroom:approvals_approve"),
        {
            "item": [f"access:{visit.pk}", f"changes:{major.pk}", f"changes:{emergency.pk}"],
            "back": reverse("machineroom:approvals") + "?kind=x",
        },
    )
    assert response["Location"] == reverse("machineroom:approvals") + "?kind=x"
    body = client.get(reverse("machineroom:approvals")).content.decode()
    assert "批准完成 2 项：" in body and "未办理：" in body
    visit.refresh_from_db(), major.refresh_from_db(), emergency.refresh_from_db()
    assert visit.state == RequestState.APPROVED
    assert emergency.state == ChangeState.APPROVED
    assert major.state == ChangeState.DISCUSSION  # untouched


def test_ux8_an_approval_already_decided_is_reported_not_approved_twice(ask, head, client_for):
    visit = ask()
    client = client_for(head)
    client.post(reverse("machineroom:approvals_approve"), {"item": [f"access:{visit.pk}"]})
    again = client.post(
        reverse("machineroom:approvals_approve"), {"item": [f"access:{visit.pk}"]}, follow=True
    )
    assert "它已不再等待您的批准。" in again.content.decode()


@pytest.mark.parametrize("go_next", [True, False])
def test_ux8_after_approving_one_the_next_approval_opens(ask, head, client_for, now, go_next):
    first = ask(starts_at=now + hours(1), ends_at=now + hours(2))
    second = ask(starts_at=now + hours(2), ends_at=now + hours(3))
    client = client_for(head)
    url = reverse("machineroom:request", args=[first.pk])
    page = client.get(url, {"queue": "approvals"}).content.decode()
    following = reverse("machineroom:request", args=[second.pk]) + "?queue=approvals"
    assert f'href="{following}" data-testid="next-item"' in page
    response = client.post(
        reverse("machineroom:request_step", args=[first.pk, "approve"]),
        {"version": first.version, "note": "", "next": following}
        | ({"go_next": "1"} if go_next else {}),
    )
    assert response["Location"] == (following if go_next else url)
