"""Service desk pages: intake (SD-1), allowed steps shown from the workflow table, refusals as
400/409 with the reason, the register with struck serials (SD-2), search and type-ahead."""

import pytest
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import OrderState
from infocenter.servicedesk.models import ServiceForm

from .conftest import PNG


def test_sd1_intake_page_logs_a_call(org, people, client_for, room):
    client = client_for(people[Role.PROCESSOR])
    page = client.get(reverse("servicedesk:intake")).content.decode()
    assert (
        'id="id_reporter_phone"' in page
        and "autofocus" in page.split('id="id_reporter_phone"')[1][:400]
    )
    response = client.post(
        reverse("servicedesk:intake"),
        {
            "site": org["a"].pk,
            "reporter_phone": "13912345678",
            "reporter_name": "李四",
            "reporter_kind": "owner",
            "source": "phone",
            "room": room.pk,
            "category": "repair",
            "priority": "normal",
            "content": "门坏了",
        },
    )
    form = ServiceForm.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "servicedesk:form", args=[form.pk]
    )
    assert form.room == room and form.received_by == people[Role.PROCESSOR]


def test_sd1_intake_refusal_keeps_what_was_typed(org, people, client_for):
    response = client_for(people[Role.PROCESSOR]).post(
        reverse("servicedesk:intake"),
        {
            "site": org["a"].pk,
            "reporter_phone": "8888",
            "reporter_name": "李四",
            "reporter_kind": "owner",
            "source": "phone",
            "category": "repair",
            "priority": "normal",
            "content": "门坏了",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "11" in body and "门坏了" in body and "李四" in body
    assert not ServiceForm.objects.exists()


def test_sd1_type_ahead_finds_residents_by_phone_name_pinyin_and_initials(
    form, people, client_for, org
):
    client = client_for(people[Role.PROCESSOR])
    for q in ("138001", "张三", "zhangsan", "zs"):
        body = client.get(
            reverse("servicedesk:resident_lookup"), {"q": q, "site": org["a"].pk}
        ).content.decode()
        assert "张三" in body, q


def test_order_page_shows_only_the_allowed_steps(order, people, client_for):
    head_page = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert 'data-step="acknowledge"' in head_page and 'data-step="assign"' in head_page
    assert 'data-step="verify"' not in head_page and 'data-step="close"' not in head_page
    tech_page = (
        client_for(people[Role.DEPT_STAFF])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert 'data-step="return"' in tech_page and 'data-step="assign"' not in tech_page
    assistant_page = (
        client_for(people[Role.CS_ASSISTANT])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert 'data-step="' not in assistant_page


def test_illegal_step_is_409_with_the_reason(order, people, client_for):
    response = client_for(people[Role.CS_MANAGER]).post(
        reverse("servicedesk:order_step", args=[order.pk, "close"]), {"version": order.version}
    )
    assert response.status_code == 409
    assert order.serial in response.content.decode() and "现在不能执行" in response.content.decode()


def test_stale_step_is_409_and_changes_nothing(order, people, client_for):
    head = client_for(people[Role.DEPT_HEAD])
    url = reverse("servicedesk:order_step", args=[order.pk, "acknowledge"])
    assert head.post(url, {"version": order.version}).status_code == 302
    response = head.post(
        reverse("servicedesk:order_step", args=[order.pk, "return"]),
        {"version": order.version, "reason": "旧页面"},
    )
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.state == OrderState.ACKNOWLEDGED and order.return_reason == ""


def test_sd8_technician_reports_with_a_drawn_signature(order, people, client_for):
    import base64

    services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    tech = client_for(people[Role.DEPT_STAFF])
    order.refresh_from_db()
    tech.post(
        reverse("servicedesk:order_step", args=[order.pk, "start"]), {"version": order.version}
    )
    order.refresh_from_db()
    response = tech.post(
        reverse("servicedesk:order_step", args=[order.pk, "report"]),
        {
            "version": order.version,
            "result": "已修复",
            "signature": "data:image/png;base64," + base64.b64encode(PNG).decode(),
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.REPORTED
    image = tech.get(reverse("servicedesk:signature", args=[order.pk]))
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("bad", ["data:image/jpeg;base64,AAAA", "data:image/png;base64,@@@"])
def test_sd8_bad_signature_is_refused(order, people, client_for, bad):
    services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    order.refresh_from_db()
    order = services.start_order(people[Role.DEPT_STAFF], order, version=order.version)
    response = client_for(people[Role.DEPT_STAFF]).post(
        reverse("servicedesk:order_step", args=[order.pk, "report"]),
        {"version": order.version, "result": "已修复", "signature": bad},
    )
    assert response.status_code == 400


def test_sd2_register_strikes_closed_serials(order, people, client_for, org):
    head, tech = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    o = services.assign_order(head, order, version=order.version, assignee=tech)
    o = services.start_order(tech, o, version=o.version)
    o = services.report_result(tech, o, version=o.version, result="好了", signed_by_customer="张三")
    o = services.verify_order(people[Role.CS_ASSISTANT], o, version=o.version)
    services.close_in_register(people[Role.PROCESSOR], o, version=o.version)
    body = (
        client_for(people[Role.DATA_MANAGER])
        .get(reverse("servicedesk:register"), {"site": org["a"].pk})
        .content.decode()
    )
    row = body.split(order.serial)[0].rsplit("<a", 1)[1]
    assert "struck" in row


def test_one_search_box(form, order, people, client_for):
    """The service desk's old search address answers through the one search box (UX 12)."""
    client = client_for(people[Role.CS_ASSISTANT])
    for q in (form.serial, order.serial, "13800138000", "张三"):
        response = client.get(reverse("servicedesk:search"), {"q": q}, follow=True)
        assert (
            form.serial in response.content.decode() or order.serial in response.content.decode()
        ), q


def test_home_pages_list_what_waits(order, people, client_for):
    head_home = client_for(people[Role.DEPT_HEAD]).get(reverse("home")).content.decode()
    assert order.serial in head_home.split('data-panel="sd_inbox"')[1]
    assistant_home = client_for(people[Role.CS_ASSISTANT]).get(reverse("home")).content.decode()
    assert order.serial in assistant_home.split('data-panel="sd_follow_up"')[1]


def test_sd5_inbox_pages_past_fifty_orders(order, people, client_for, org, room, gc):
    """No open order is hidden behind a page limit: 51 open orders make a second page."""
    processor = people[Role.PROCESSOR]
    for n in range(50):
        f = services.log_form(
            processor,
            site=org["a"],
            source="phone",
            reporter_kind="owner",
            reporter_name="张三",
            reporter_phone="13800138000",
            category="repair",
            content=f"漏水 {n}",
            room=room,
        )
        services.dispatch_order(
            processor, f, version=f.version, department=gc, assistant=people[Role.CS_ASSISTANT]
        )
    client = client_for(people[Role.DEPT_HEAD])
    first = client.get(reverse("servicedesk:inbox")).content.decode()
    assert first.count('class="list-group-item list-group-item-action') == 50 and "page=2" in first
    assert order.serial in first  # the oldest first
    second = client.get(reverse("servicedesk:inbox"), {"page": 2}).content.decode()
    assert second.count('class="list-group-item list-group-item-action') == 1 and "page=1" in second


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        # the rooms' names in a query of their own: PostgreSQL plans the queue's query in a
        # millisecond instead of five to fifteen with three joins fewer
        ("servicedesk:inbox", 11),
        ("servicedesk:register", 12),
        ("servicedesk:order", 16),
    ],
)
def test_page_query_budgets(
    order, people, client_for, django_assert_max_num_queries, name, budget, org
):
    client = client_for(people[Role.DEPT_HEAD])
    url = reverse(name, args=[order.pk]) if name == "servicedesk:order" else reverse(name)
    client.get(url)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_x5_printable_f2_and_f3_follow_the_paper(order, people, client_for, form):
    services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    order.refresh_from_db()
    order = services.start_order(people[Role.DEPT_STAFF], order, version=order.version)
    services.report_result(
        people[Role.DEPT_STAFF], order, version=order.version, result="已修复", signature_png=PNG
    )
    client = client_for(people[Role.PROCESSOR])
    f3 = client.get(reverse("servicedesk:order_print", args=[order.pk])).content.decode()
    assert "KF-CQ08-01-F3" in f3 and order.serial in f3 and "派工单" in f3
    assert reverse("servicedesk:signature", args=[order.pk]) in f3  # the drawn signature
    assert people[Role.DEPT_HEAD].full_name in f3  # acknowledged electronically, by name and time
    assert "navbar" not in f3
    f2 = client.get(reverse("servicedesk:form_print", args=[form.pk])).content.decode()
    assert "KF-CQ08-01-F2" in f2 and form.serial in f2 and people[Role.PROCESSOR].full_name in f2


def test_x5_register_exports_to_excel(order, people, client_for, org, form):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    today = timezone.localdate().isoformat()
    response = client_for(people[Role.DATA_MANAGER]).get(
        reverse("servicedesk:register_export"), {"site": org["a"].pk, "start": today, "end": today}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and rows[1][0] == form.serial and order.serial in rows[1][11]
    bad = client_for(people[Role.DATA_MANAGER]).get(
        reverse("servicedesk:register_export"),
        {"site": org["a"].pk, "start": today, "end": "2000-01-01"},
    )
    assert bad.status_code == 302


def test_x9_dashboard_counts_volumes_and_sla(
    order, people, client_for, org, form, django_assert_max_num_queries
):
    import datetime as dt

    from infocenter.core import worker
    from infocenter.core.models import Deadline

    finish = Deadline.objects.get(subject_id=str(order.pk), kind="sd.finish")
    worker.run_once(
        at=finish.due_at + dt.timedelta(minutes=5), echo=lambda _: None
    )  # breach → re-issue
    client = client_for(people[Role.CS_MANAGER])
    client.get(reverse("servicedesk:dashboard"))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("servicedesk:dashboard"), {"site": org["a"].pk, "days": "30"})
    body = response.content.decode()
    data = response.context["f"]
    assert body.split('data-testid="total"')[1].split("</a>")[0].endswith(">1")
    assert [r[:2] for r in data["by_category"]] == [("报修", 1)]
    assert [r[:2] for r in data["by_department"]] == [("工程部", 1)]
    sd6 = next(s for s in data["sla"] if s["rule"] == "SD-6")
    sd14 = next(s for s in data["sla"] if s["rule"] == "SD-14")
    assert (sd6["met"], sd6["rate"]) == (1, 100.0)
    assert sd14["breached"] == 1 and sd14["rate"] == 0.0
    assert order.serial in body  # the overdue list
    assert (
        client_for(people[Role.DEPT_STAFF]).get(reverse("servicedesk:dashboard")).status_code == 403
    )


def test_sd8_missing_signature_is_said_on_the_page(order, people, client_for):
    services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    order.refresh_from_db()
    order = services.start_order(people[Role.DEPT_STAFF], order, version=order.version)
    response = client_for(people[Role.DEPT_STAFF]).post(
        reverse("servicedesk:order_step", args=[order.pk, "report"]),
        {"version": order.version, "result": "好了"},
    )
    assert response.status_code == 400
    report_form = response.content.decode().split('data-step="report"')[1].split("</form>")[0]
    assert "派工单须由客户签字" in report_form


def test_sd10_sd11_only_forms_that_call_for_a_callback_wait_on_the_home_page(
    org, people, client_for, room
):
    processor = people[Role.PROCESSOR]

    def handled(category, reporter):
        form = services.log_form(
            processor,
            site=org["a"],
            source="phone",
            reporter_kind="owner",
            reporter_name=reporter,
            reporter_phone="13800138000",
            category=category,
            content="已当场答复",
            room=room,
        )
        return services.resolve_form(processor, form, version=form.version, resolution="已答复")

    complaint, praise = handled("complaint", "张三"), handled("praise", "李四")
    home = client_for(people[Role.CS_ASSISTANT]).get(reverse("home")).content.decode()
    panel = home.split('data-panel="sd_call_back"')[1].split("data-panel=")[0]
    assert complaint.serial in panel
    assert praise.serial not in panel  # praise needs no callback (SD-11)


def test_sd12_order_page_looks_for_re_dispatches_only_on_a_re_dispatched_order(
    order, people, client_for
):
    """At a million orders nearly every ``redispatch_of`` is empty and SQLite's planner scans
    the table for it: the order page asks only when the order was re-dispatched."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people[Role.DEPT_HEAD])
    url = reverse("servicedesk:order", args=[order.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if 'redispatch_of_id" =' in q["sql"]]
