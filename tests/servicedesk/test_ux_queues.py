"""Issue 14 items 1 and 8 in the service desk's queues: overdue on top, then urgent and major
matters, then what is due first; a technician's own orders before the department's; every
countdown named; saved filters; several orders at once; the next item after a step."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from infocenter.core import services as core_services
from infocenter.core.choices import Role
from infocenter.core.models import SavedFilter
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import Category, OrderState, Priority, ReporterKind, Source

from .conftest import PNG

# A Wednesday morning at the site: every clock runs in working hours.
NINE = dt.datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def minutes(n: int) -> dt.datetime:
    return NINE + dt.timedelta(minutes=n)


@pytest.fixture
def logged(people, org, room):
    """A call logged at ``at`` (minutes after nine)."""

    def _logged(content, *, at, priority=Priority.NORMAL, major=False):
        with time_machine.travel(minutes(at), tick=False):
            return services.log_form(
                people[Role.PROCESSOR],
                site=org["a"],
                source=Source.PHONE,
                reporter_kind=ReporterKind.OWNER,
                reporter_name="张三",
                reporter_phone="13800138000",
                category=Category.REPAIR,
                content=content,
                room=room,
                priority=priority,
                major=major,
            )

    return _logged


@pytest.fixture
def dispatched(logged, people, gc):
    """An order dispatched to 工程部 at ``at`` (minutes after nine)."""

    def _dispatched(content, *, at, priority=Priority.NORMAL, major=False):
        form = logged(content, at=at, priority=priority, major=major)
        with time_machine.travel(minutes(at), tick=False):
            return services.dispatch_order(
                people[Role.PROCESSOR],
                form,
                version=form.version,
                department=gc,
                assistant=people[Role.CS_ASSISTANT],
            )

    return _dispatched


def serials(body: str, orders) -> list[str]:
    """The serials of ``orders`` in the order the page shows them."""
    return sorted((o.serial for o in orders), key=body.index)


def test_ux1_inbox_puts_overdue_on_top_then_urgent_then_what_is_due_first(
    dispatched, people, client_for
):
    late = dispatched("先报的漏水", at=0)  # staff to be arranged by 11:00: overdue at 11:30
    soon = dispatched("门禁坏了", at=60)  # by 12:00
    urgent = dispatched("电梯困人", at=90, priority=Priority.URGENT)  # by 12:30, but urgent
    quiet = dispatched("路灯不亮", at=80)  # by 12:20
    with time_machine.travel(minutes(150), tick=False):
        body = client_for(people[Role.DEPT_HEAD]).get(reverse("servicedesk:inbox")).content.decode()
    assert serials(body, [late, soon, urgent, quiet]) == [
        late.serial,
        urgent.serial,
        soon.serial,
        quiet.serial,
    ]
    assert body.count('data-testid="urgent"') == 1
    assert body.count("queue-urgent") == 1  # the row's accent
    assert 'id="queue"' in body


def test_ux1_every_countdown_of_a_queue_says_what_it_counts(dispatched, people, client_for):
    dispatched("先报的漏水", at=0)
    with time_machine.travel(minutes(150), tick=False):
        body = client_for(people[Role.DEPT_HEAD]).get(reverse("servicedesk:inbox")).content.decode()
    countdowns = re.findall(r'data-testid="countdown">(.*?)</span></span>', body, re.S)
    assert countdowns, body
    for shown in countdowns:
        assert 'class="clock-name' in shown
    assert "安排时限" in body and "完成时限" in body and "已超时" in body


def test_ux1_major_matters_stand_out_in_the_follow_up_queue(dispatched, people, client_for):
    plain = dispatched("先报的漏水", at=0)
    major = dispatched("燃气泄漏", at=30, major=True)
    with time_machine.travel(minutes(60), tick=False):
        body = (
            client_for(people[Role.CS_ASSISTANT])
            .get(reverse("servicedesk:follow_up"))
            .content.decode()
        )
    assert serials(body, [plain, major]) == [major.serial, plain.serial]
    assert 'data-testid="major"' in body and "重大" in body


def test_ux1_a_technician_sees_their_own_orders_before_the_departments(
    dispatched, people, client_for
):
    late = dispatched("先报的漏水", at=0)
    mine = dispatched("门禁坏了", at=60)
    head, tech = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    with time_machine.travel(minutes(70), tick=False):
        services.assign_order(head, mine, version=mine.version, assignee=tech)
    with time_machine.travel(minutes(150), tick=False):
        body = client_for(tech).get(reverse("servicedesk:inbox")).content.decode()
    assert serials(body, [late, mine]) == [mine.serial, late.serial]
    assert body.index("我的工单") < body.index(mine.serial) < body.index("部门的工单")
    assert body.index("部门的工单") < body.index(late.serial)


def test_ux1_the_register_lists_urgent_and_due_first_or_newest_first(
    dispatched, people, org, client_for
):
    first = dispatched("先报的漏水", at=0)
    urgent = dispatched("电梯困人", at=30, priority=Priority.URGENT)
    last = dispatched("路灯不亮", at=60)
    forms = [first.form, urgent.form, last.form]
    client = client_for(people[Role.PROCESSOR])
    params = {"site": org["a"].pk, "month": "2026-11"}
    with time_machine.travel(minutes(90), tick=False):
        body = client.get(reverse("servicedesk:register"), params).content.decode()
        newest = client.get(
            reverse("servicedesk:register"), params | {"sort": "received"}
        ).content.decode()
    assert serials(body, forms)[0] == urgent.form.serial
    assert 'data-testid="urgent"' in body and "紧急" in body
    assert serials(newest, forms) == [last.form.serial, urgent.form.serial, first.form.serial]


def test_ux1_a_breach_that_ended_no_longer_puts_a_form_on_top(logged, people, org, gc, client_for):
    """Overdue means a time limit passed and still running: a form dispatched after its time
    limit breached keeps the breach on record, but the register no longer lists it as overdue."""
    from infocenter.core import worker

    processor, day = people[Role.PROCESSOR], 24 * 60
    late = logged("先报的漏水", at=0)  # to be dispatched by nine tomorrow
    waiting = logged("门禁坏了", at=day)  # logged tomorrow at nine, not yet dispatched
    with time_machine.travel(minutes(day + 30), tick=False):
        worker.run_once(at=minutes(day + 30), echo=lambda _line: None)  # the first breaches
        late.refresh_from_db()
        services.dispatch_order(
            processor,
            late,
            version=late.version,
            department=gc,
            assistant=people[Role.CS_ASSISTANT],
        )
    params = {"site": org["a"].pk, "month": "2026-11"}
    with time_machine.travel(minutes(day + 60), tick=False):
        body = client_for(processor).get(reverse("servicedesk:register"), params).content.decode()
    assert serials(body, [late, waiting]) == [waiting.serial, late.serial]


@pytest.mark.parametrize(
    ("role", "name", "budget"),
    [
        (Role.DEPT_HEAD, "servicedesk:inbox", 12),
        (Role.DEPT_STAFF, "servicedesk:inbox", 11),
        (Role.CS_ASSISTANT, "servicedesk:follow_up", 12),
        (Role.PROCESSOR, "servicedesk:register", 13),
        (Role.PROCESSOR, "servicedesk:to_close", 11),
    ],
)
def test_ux1_queues_cost_the_same_for_one_row_and_for_many(
    dispatched, people, client_for, django_assert_max_num_queries, role, name, budget
):
    """The badges, countdowns, order and saved filters add no query per row."""
    client = client_for(people[role])
    dispatched("漏水 0", at=0, priority=Priority.URGENT)
    with time_machine.travel(minutes(100), tick=True):
        client.get(reverse(name))
        with django_assert_max_num_queries(budget) as one:
            assert client.get(reverse(name)).status_code == 200
    for n in range(1, 6):
        dispatched(f"漏水 {n}", at=n, major=n % 2 == 0)
    with (
        time_machine.travel(minutes(100), tick=True),
        django_assert_max_num_queries(len(one.captured_queries)),
    ):
        assert client.get(reverse(name)).status_code == 200


# -- saved filters ------------------------------------------------------------------------------


def test_ux8_a_saved_filter_comes_back_and_only_to_its_owner(people, client_for, form):
    processor, manager = people[Role.PROCESSOR], people[Role.CS_MANAGER]
    client = client_for(processor)
    response = client.post(
        reverse("core:filter_save"),
        {
            "list": "servicedesk:register",
            "name": " 本月报修 ",
            "query": "category=repair&state=&page=3",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("servicedesk:register") + "?category=repair"
    saved = SavedFilter.objects.get(owner=processor)
    assert (saved.name, saved.query) == ("本月报修", "category=repair")
    page = client.get(reverse("servicedesk:register")).content.decode()
    assert 'href="?category=repair" data-testid="saved-filter">本月报修<' in page
    assert (
        "本月报修" not in client_for(manager).get(reverse("servicedesk:register")).content.decode()
    )
    # another person cannot remove it; its owner can
    assert (
        client_for(manager).post(reverse("core:filter_delete", args=[saved.pk])).status_code == 404
    )
    gone = client.post(reverse("core:filter_delete", args=[saved.pk]))
    assert gone["Location"] == reverse("servicedesk:register")
    assert not SavedFilter.objects.exists()


def test_ux8_a_filter_needs_a_name_and_the_same_name_replaces_it(people, client_for):
    client = client_for(people[Role.DEPT_HEAD])
    refused = client.post(
        reverse("core:filter_save"),
        {"list": "servicedesk:inbox", "name": " ", "query": "x=1"},
        follow=True,
    )
    assert "请给筛选起个名字。" in refused.content.decode()
    for query in ("urgent=true", "state=dispatched"):
        client.post(
            reverse("core:filter_save"),
            {"list": "servicedesk:inbox", "name": "紧急", "query": query},
        )
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["state=dispatched"]
    unknown = client.post(reverse("core:filter_save"), {"list": "nowhere", "name": "a"})
    assert unknown.status_code == 404


def test_ux8_the_inbox_filters_urgent_matters_only(dispatched, people, client_for):
    plain = dispatched("先报的漏水", at=0)
    urgent = dispatched("电梯困人", at=30, priority=Priority.URGENT)
    body = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("servicedesk:inbox"), {"urgent": "true"})
        .content.decode()
    )
    assert urgent.serial in body and plain.serial not in body


def test_ux8_the_queue_words_are_a_filter_that_combines_with_the_others(dispatched, people):
    """``q`` is a filter of ``QueueFilter`` like ``urgent`` and ``state``: they narrow together,
    and blank words narrow nothing."""
    from infocenter.servicedesk.filtersets import QueueFilter
    from infocenter.servicedesk.models import WorkOrder

    plain = dispatched("厨房漏水", at=0)
    urgent = dispatched("楼顶漏水", at=10, priority=Priority.URGENT)
    lift = dispatched("电梯困人", at=20, priority=Priority.URGENT)
    orders = WorkOrder.objects.all()

    def found(**params):
        return set(QueueFilter(params, queryset=orders).qs)

    assert found(q="漏水") == {plain, urgent}
    assert found(q=" 漏水 ", urgent="true") == {urgent}
    assert found(q=urgent.serial) == {urgent}
    assert found(q="  ") == found() == {plain, urgent, lift}
    assert found(q="漏水", state=OrderState.ASSIGNED) == set()
    assert "q" in QueueFilter.base_filters


def test_ux8_a_saved_inbox_filter_keeps_its_words_with_its_other_filters(
    dispatched, people, client_for
):
    """A saved filter of the inbox holding words and "urgent only" lists exactly what both
    allow; the old ``?q=`` address keeps working."""
    plain = dispatched("厨房漏水", at=0)
    urgent = dispatched("楼顶漏水", at=10, priority=Priority.URGENT)
    lift = dispatched("电梯困人", at=20, priority=Priority.URGENT)
    client = client_for(people[Role.DEPT_HEAD])
    saved = client.post(
        reverse("core:filter_save"),
        {"list": "servicedesk:inbox", "name": "紧急漏水", "query": "q=漏水&urgent=true"},
    )
    assert saved["Location"] == reverse("servicedesk:inbox") + "?q=%E6%BC%8F%E6%B0%B4&urgent=true"
    page = client.get(reverse("servicedesk:inbox")).content.decode()
    assert 'data-testid="saved-filter">紧急漏水<' in page
    body = client.get(saved["Location"]).content.decode()
    assert urgent.serial in body and plain.serial not in body and lift.serial not in body
    assert 'name="q" value="漏水"' in body
    words_only = client.get(reverse("servicedesk:inbox"), {"q": "漏水"}).content.decode()
    assert plain.serial in words_only and urgent.serial in words_only
    assert lift.serial not in words_only


# -- several at once ----------------------------------------------------------------------------


def _verified(order, people):
    head, tech = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    order = services.assign_order(head, order, version=order.version, assignee=tech)
    order = services.start_order(tech, order, version=order.version)
    order = services.report_result(
        tech, order, version=order.version, result="已修复", signature_png=PNG
    )
    return services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)


def test_ux8_closing_several_verified_orders_reports_each(dispatched, people, client_for):
    one = _verified(dispatched("漏水", at=0), people)
    two = _verified(dispatched("门禁", at=10), people)
    still_open = dispatched("路灯", at=20)
    client = client_for(people[Role.PROCESSOR])
    listed = client.get(reverse("servicedesk:to_close")).content.decode()
    assert one.serial in listed and two.serial in listed and still_open.serial not in listed
    response = client.post(
        reverse("servicedesk:close_several"),
        {"item": [one.pk, still_open.pk, two.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert f"消档完成 2 项：{one.serial}、{two.serial}。" in body
    assert f"{still_open.serial} 未办理：它已不在此队列中。" in body.replace("#", "")
    one.refresh_from_db(), two.refresh_from_db(), still_open.refresh_from_db()
    assert (one.state, two.state) == (OrderState.CLOSED, OrderState.CLOSED)
    assert still_open.state == OrderState.DISPATCHED


def test_ux8_arranging_several_orders_refuses_the_one_already_started(
    dispatched, people, client_for
):
    head, tech = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    waiting = dispatched("漏水", at=0)
    started = dispatched("门禁", at=10)
    started = services.assign_order(head, started, version=started.version, assignee=head)
    started = services.start_order(head, started, version=started.version)
    response = client_for(head).post(
        reverse("servicedesk:inbox_assign"),
        {"item": [waiting.pk, started.pk], "assignee": tech.pk},
        follow=True,
    )
    body = response.content.decode()
    assert f"完成 1 项：{waiting.serial}。" in body
    assert f"{started.serial} 未办理：" in body
    waiting.refresh_from_db(), started.refresh_from_db()
    assert waiting.assignee == tech and waiting.state == OrderState.ASSIGNED
    assert started.assignee == head and started.state == OrderState.IN_PROGRESS


def test_ux8_arranging_several_needs_someone_of_the_department(dispatched, people, client_for):
    order = dispatched("漏水", at=0)
    response = client_for(people[Role.DEPT_HEAD]).post(
        reverse("servicedesk:inbox_assign"),
        {"item": [order.pk], "assignee": people[Role.PROCESSOR].pk},
        follow=True,
    )
    assert "请选择要安排的人员。" in response.content.decode()
    order.refresh_from_db()
    assert order.assignee is None


# -- the next item ------------------------------------------------------------------------------


def test_ux8_after_a_step_the_next_item_of_the_queue_opens(dispatched, people, client_for):
    first = dispatched("先报的漏水", at=0)
    second = dispatched("门禁坏了", at=10)
    client = client_for(people[Role.DEPT_HEAD])
    url = reverse("servicedesk:order", args=[first.pk])
    page = client.get(url, {"queue": "inbox"}).content.decode()
    following = reverse("servicedesk:order", args=[second.pk]) + "?queue=inbox"
    assert f'href="{following}" data-testid="next-item"' in page
    assert 'name="go_next" value="1"' in page and "checked" in page
    done = client.post(
        reverse("servicedesk:order_step", args=[first.pk, "acknowledge"]),
        {"version": first.version, "next": following, "go_next": "1"},
    )
    assert done.status_code == 302 and done["Location"] == following
    # unticked, the order's own page again; a foreign address is never followed
    stay = client.post(
        reverse("servicedesk:order_step", args=[second.pk, "acknowledge"]),
        {"version": second.version, "next": "https://example.com/", "go_next": "1"},
    )
    assert stay["Location"] == reverse("servicedesk:order", args=[second.pk])


def test_ux8_without_a_queue_no_next_item_is_offered(order, people, client_for):
    page = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert "next-item" not in page and "go_next" not in page


def test_ux8_saved_filter_services_are_the_owners_only(people):
    mine = core_services.save_filter(
        people[Role.PROCESSOR], list_name="servicedesk:register", name="a", query="b=1"
    )
    from infocenter.core.exceptions import NotFound

    with pytest.raises(NotFound):
        core_services.delete_filter(people[Role.CS_MANAGER], pk=mine.pk)
