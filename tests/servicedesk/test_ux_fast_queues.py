"""Issue 15, pages close to a bare request: the queues work each row out once in Python (plain
values, one clock renderer, addresses from one reversed prefix) and show what they showed;
their queries do not grow with the rows; the API list costs the same for one order and many."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework import serializers

from infocenter.core.choices import DeadlineState, Role
from infocenter.core.deadlines import clock_name
from infocenter.core.models import Deadline
from infocenter.core.templatetags.infocenter import Clocks, clock
from infocenter.servicedesk import services
from infocenter.servicedesk.api.orders import OrderOut
from infocenter.servicedesk.choices import Priority
from infocenter.servicedesk.models import WorkOrder

from .test_ux_queues import dispatched, logged, minutes  # noqa: F401 - fixtures used by name

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def deadline(state=DeadlineState.SCHEDULED, *, due, warn=None, closed=None, provisional=False):
    return Deadline(
        kind="sd.arrange",
        state=state,
        due_at=due,
        warn_at=warn,
        closed_at=closed,
        provisional=provisional,
    )


def local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def test_ux2_countdowns_keep_their_markup_in_every_state():
    due = NOW + dt.timedelta(hours=2, minutes=5)
    late = NOW - dt.timedelta(days=1, hours=2)
    with translation.override("en"):
        name = clock_name("sd.arrange")
        cases = [
            (
                deadline(due=due, warn=due),
                f'<span class="clock-ok" title="{local(due)}" data-due="{due.isoformat()}">'
                "2h 5min left</span>",
            ),
            (
                deadline(DeadlineState.WARNED, due=due, warn=NOW),
                f'<span class="clock-warn" title="{local(due)}" data-due="{due.isoformat()}">'
                "2h 5min left</span>",
            ),
            (
                deadline(DeadlineState.BREACHED, due=late),
                f'<span class="clock-late" title="{local(late)}">overdue by 1d 2h</span>',
            ),
            (
                deadline(due=NOW - dt.timedelta(minutes=7)),
                f'<span class="clock-late" title="{local(NOW - dt.timedelta(minutes=7))}">'
                "overdue by 7min</span>",
            ),
            (deadline(DeadlineState.MET, due=due), '<span class="text-muted small">met</span>'),
            (deadline(DeadlineState.CANCELLED, due=due), '<span class="text-muted small">—</span>'),
        ]
        faces = Clocks(NOW)
        for d, expected in cases:
            assert clock(d, NOW) == expected
            assert faces.render(d) == expected
            assert faces.render(d, named=True) == (
                f'<span class="clock-name small text-body-secondary">{name}</span> {expected}'
            )
        provisional = faces.render(deadline(due=due, provisional=True))
        assert provisional.startswith('<span class="clock-ok"')
        assert provisional.endswith(
            ' <span class="badge text-bg-warning" data-provisional title="The official holidays'
            ' of that year are not entered yet: the due time may move.">provisional</span>'
        )
        assert "data-provisional" not in faces.render(
            deadline(DeadlineState.MET, due=due, provisional=True)
        )
    with translation.override("zh-hans"):
        assert "left" not in Clocks(NOW).render(deadline(due=due))


def test_ux11_a_queue_row_shows_the_matter_the_people_and_the_place(
    dispatched,  # noqa: F811
    people,
    client_for,
    room,
):
    head, staff = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    plain = dispatched("漏水 " + "很长的说明" * 20, at=0)
    urgent = dispatched("停电", at=1, priority=Priority.URGENT, major=True)
    with time_machine.travel(minutes(5), tick=False):
        services.assign_order(head, urgent, version=urgent.version, assignee=staff)
    with time_machine.travel(minutes(10), tick=True):
        body = client_for(head).get(reverse("servicedesk:inbox")).content.decode()
    row = body.split(f">{urgent.serial}</a>")[1].split('data-testid="queue-row"')[0]
    assert f'href="{reverse("servicedesk:order", args=[urgent.pk])}?queue=inbox"' in body
    assert 'data-testid="urgent"' in row and 'data-testid="major"' in row
    assert str(staff) in row and str(room) in row and "停电" in row
    assert 'data-testid="countdown"' in row and "clock-name" in row
    plain_row = body.split(f">{plain.serial}</a>")[1].split('data-testid="queue-row"')[0]
    assert 'data-testid="urgent"' not in plain_row
    assert ("很长的说明" * 20)[:40] in plain_row and ("很长的说明" * 20) not in plain_row
    live = body.split('<div id="queue"')[1].split('data-live-urgent="')[1].split('"')[0]
    assert live == reverse("servicedesk:order", args=[urgent.pk])


@pytest.mark.parametrize(
    ("role", "name", "budget"),
    [
        (Role.DEPT_HEAD, "servicedesk:inbox", 11),
        (Role.CS_ASSISTANT, "servicedesk:follow_up", 11),
    ],
)
def test_ux11_queue_pages_cost_the_same_for_one_row_and_for_twenty(
    dispatched,  # noqa: F811
    people,
    client_for,
    django_assert_max_num_queries,
    role,
    name,
    budget,
):
    client = client_for(people[role])
    dispatched("漏水 0", at=0)
    with time_machine.travel(minutes(30), tick=True):
        client.get(reverse(name))
        with django_assert_max_num_queries(budget) as one:
            assert client.get(reverse(name)).status_code == 200
    head, staff = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    for n in range(1, 20):
        order = dispatched(f"漏水 {n}", at=n, priority=Priority.URGENT if n % 3 else "normal")
        if n % 2:
            with time_machine.travel(minutes(n + 1), tick=False):
                services.assign_order(head, order, version=order.version, assignee=staff)
    with (
        time_machine.travel(minutes(30), tick=True),
        django_assert_max_num_queries(len(one.captured_queries)),
    ):
        page = client.get(reverse(name))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="queue-row"') == 20


def test_ux11_the_api_order_list_costs_the_same_for_one_order_and_for_twenty(
    dispatched,  # noqa: F811
    people,
    api_for,
    org,
    gc,
    django_assert_max_num_queries,
):
    api = api_for(people[Role.DEPT_HEAD])
    url = reverse("sd-order-list")
    params = {"site": org["a"].pk, "department": gc.pk, "page_size": 25}
    dispatched("漏水 0", at=0)
    api.get(url, params)
    with django_assert_max_num_queries(6) as one:
        assert len(api.get(url, params).json()["results"]) == 1
    for n in range(1, 20):
        dispatched(f"漏水 {n}", at=n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        rows = api.get(url, params).json()["results"]
    assert len(rows) == 20
    assert all(r["form_serial"] and r["clocks"] for r in rows)
    assert {c["kind"] for c in rows[0]["clocks"]} >= {"sd.arrange"}


def test_ux11_the_api_list_rows_are_what_drf_itself_gives_at_every_step(order, people):
    """``PlainRows`` reads plain fields by a plan; the rows stay exactly DRF's own."""

    class DrfOwn(OrderOut):
        to_representation = serializers.ModelSerializer.to_representation

    head, staff = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    steps = [
        lambda o: services.acknowledge_order(head, o, version=o.version),
        lambda o: services.assign_order(head, o, version=o.version, assignee=staff),
        lambda o: services.start_order(staff, o, version=o.version),
        lambda o: services.report_result(
            staff, o, version=o.version, result="已修好", signed_by_customer="张三"
        ),
        lambda o: services.verify_order(people[Role.CS_ASSISTANT], o, version=o.version),
        lambda o: services.close_in_register(people[Role.PROCESSOR], o, version=o.version),
    ]
    for step in [None, *steps]:
        if step is not None:
            order = step(WorkOrder.objects.get(pk=order.pk))
        rows = WorkOrder.objects.filter(pk=order.pk)
        for language in ("zh-hans", "en"):
            with translation.override(language):
                fast = json.dumps(OrderOut(rows, many=True).data, cls=DjangoJSONEncoder)
                own = json.dumps(DrfOwn(rows, many=True).data, cls=DjangoJSONEncoder)
                assert fast == own
    assert json.loads(fast)[0]["state"] == "closed" and json.loads(fast)[0]["closed_by"]
