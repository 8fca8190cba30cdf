"""SD-12, SD-13 (source 4.3.10): a work order returned unfinished leaves its matter open, to be
re-dispatched or set pending while the assistant's follow-up clock reminds every period; only
a real result is called back and archived. SD-8: the 4-hour clock starts when the work is
finished, and a missing signature is explained. X-3: provisional due times are marked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, Department, OutboxMessage
from infocenter.servicedesk import archive, services
from infocenter.servicedesk.choices import (
    CallbackOutcome,
    Category,
    FormState,
    OrderState,
    ReporterKind,
    Source,
)
from tests.conftest import make_person

from .conftest import PNG


def clocks(subject):
    return {
        d.kind: d
        for d in Deadline.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        )
    }


def told(user, text):
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).exists()


def started(order, people):
    head, tech = people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    order = services.assign_order(head, order, version=order.version, assignee=tech)
    return services.start_order(tech, order, version=order.version)


def finish(order, people, **report):
    """Handle ``order`` to the end: started, reported (signed), verified, closed."""
    tech = people[Role.DEPT_STAFF]
    order = started(order, people)
    report = {"result": "已更换阀门", "signature_png": PNG} | report
    order = services.report_result(tech, order, version=order.version, **report)
    order = services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)
    return services.close_in_register(people[Role.PROCESSOR], order, version=order.version)


@pytest.fixture
def returned(order, people):
    return services.return_order(
        people[Role.DEPT_HEAD], order, version=order.version, reason="缺配件"
    )


@pytest.fixture
def hj(org):
    return Department.objects.get(site=org["a"], code="hj")


# -- SD-12 / SD-13: the matter stays open ------------------------------------------------------


def test_sd12_returned_order_leaves_its_form_open(returned, form, people):
    form.refresh_from_db()
    assert returned.state == OrderState.RETURNED and form.state == FormState.RETURNED
    assert form.resolution == "" and form.resolved_at is None
    follow_up = clocks(form)["sd.follow_up"]
    assert follow_up.state == DeadlineState.SCHEDULED and follow_up.warn_at is None
    assert AuditEvent.objects.filter(kind="form.returned", subject_id=str(form.pk)).exists()
    assert told(people[Role.PROCESSOR], returned.serial)
    # Not verified, not struck (消档): it is no result.
    with pytest.raises(InvalidTransition):
        services.verify_order(people[Role.CS_ASSISTANT], returned, version=returned.version)
    with pytest.raises(InvalidTransition):
        services.close_in_register(people[Role.PROCESSOR], returned, version=returned.version)


def test_sd12_callback_and_archive_are_refused_without_a_real_result(returned, form, people):
    form.refresh_from_db()
    with pytest.raises(InvalidTransition) as exc:
        services.record_callback(
            people[Role.CS_ASSISTANT],
            form,
            version=form.version,
            outcome=CallbackOutcome.SATISFIED,
            satisfaction=5,
        )
    assert exc.value.rule == "SD-12" and "缺配件" in str(exc.value.message)
    assert form.serial in str(exc.value.message)
    assert any("缺配件" in p for p in archive.problems(form))
    form = services.set_pending(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        until=timezone.localdate() + dt.timedelta(days=5),
        reason="等厂家配件",
    )
    assert any("等厂家配件" in p for p in archive.problems(form))
    with pytest.raises(InvalidTransition) as exc:
        services.record_callback(
            people[Role.CS_ASSISTANT],
            form,
            version=form.version,
            outcome=CallbackOutcome.SATISFIED,
            satisfaction=5,
        )
    assert "等厂家配件" in str(exc.value.message)


def test_sd12_redispatch_to_another_department_then_a_real_result(returned, form, people, hj, root):
    form.refresh_from_db()
    processor, assistant = people[Role.PROCESSOR], people[Role.CS_ASSISTANT]
    new = services.redispatch_order(
        processor, form, version=form.version, department=hj, assistant=assistant
    )
    returned.refresh_from_db()
    form.refresh_from_db()
    assert returned.state == OrderState.REDISPATCHED
    assert new.form_id == form.pk and new.redispatch_of_id == returned.pk
    assert new.department == hj and new.state == OrderState.DISPATCHED
    assert form.state == FormState.DISPATCHED
    assert clocks(new)["sd.arrange"].state == DeadlineState.SCHEDULED
    assert clocks(form)["sd.follow_up"].state == DeadlineState.SCHEDULED  # until finished
    assert archive.order_problems(returned) == []  # superseded
    hj_head = make_person(root, "hj_head", Role.DEPT_HEAD, site=form.site, department=hj)
    new = services.assign_order(hj_head, new, version=new.version, assignee=hj_head)
    new = services.start_order(hj_head, new, version=new.version)
    new = services.report_result(
        hj_head, new, version=new.version, result="配件到货，已更换", signed_by_customer="张三"
    )
    new = services.verify_order(assistant, new, version=new.version)
    services.close_in_register(processor, new, version=new.version)
    form.refresh_from_db()
    assert form.state == FormState.RESOLVED and form.resolution == "配件到货，已更换"
    assert clocks(form)["sd.follow_up"].state == DeadlineState.MET
    services.record_callback(
        assistant, form, version=form.version, outcome=CallbackOutcome.SATISFIED, satisfaction=5
    )
    form.refresh_from_db()
    assert form.state == FormState.CALLED_BACK and archive.problems(form) == []


def test_sd12_redispatch_refusals(returned, form, people, org, gc):
    form.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.redispatch_order(
            people[Role.CS_ASSISTANT],
            form,
            version=form.version,
            department=gc,
            assistant=people[Role.CS_ASSISTANT],
        )
    other = Department.objects.get(site=org["b"], code="gc")
    with pytest.raises(ValidationFailed) as exc:
        services.redispatch_order(
            people[Role.PROCESSOR],
            form,
            version=form.version,
            department=other,
            assistant=people[Role.AUDITOR],
        )
    assert set(exc.value.field_errors) == {"department", "assistant"}


def test_sd12_only_a_returned_matter_is_redispatched_or_set_pending(order, form, people, gc):
    form.refresh_from_db()
    with pytest.raises(InvalidTransition) as exc:
        services.redispatch_order(
            people[Role.PROCESSOR],
            form,
            version=form.version,
            department=gc,
            assistant=people[Role.CS_ASSISTANT],
        )
    assert exc.value.rule == "SD-12"
    with pytest.raises(InvalidTransition):
        services.set_pending(
            people[Role.PROCESSOR],
            form,
            version=form.version,
            until=timezone.localdate(),
            reason="x",
        )


def test_sd12_pending_needs_a_date_and_a_reason(returned, form, people, gc):
    form.refresh_from_db()
    processor = people[Role.PROCESSOR]
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as exc:
        services.set_pending(processor, form, version=form.version, until=None, reason=" ")
    assert set(exc.value.field_errors) == {"until", "reason"}
    with pytest.raises(ValidationFailed) as exc:
        services.set_pending(
            processor, form, version=form.version, until=today - dt.timedelta(days=1), reason="x"
        )
    assert set(exc.value.field_errors) == {"until"}
    with pytest.raises(PermissionDenied):
        services.set_pending(
            people[Role.CS_ASSISTANT], form, version=form.version, until=today, reason="x"
        )
    form = services.set_pending(
        processor, form, version=form.version, until=today + dt.timedelta(days=7), reason="等配件"
    )
    assert form.state == FormState.PENDING and form.pending_reason == "等配件"
    assert told(people[Role.CS_ASSISTANT], form.serial)
    # Pending again moves the date; re-dispatching ends the wait.
    form = services.set_pending(
        processor, form, version=form.version, until=today + dt.timedelta(days=9), reason="延期"
    )
    new = services.redispatch_order(
        processor, form, version=form.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )
    form.refresh_from_db()
    assert form.state == FormState.DISPATCHED and form.pending_until is None
    assert new.redispatch_of_id == returned.pk


def test_sd12_follow_up_clock_reminds_every_working_day_and_never_breaches(returned, form, people):
    form.refresh_from_db()
    clock = clocks(form)["sd.follow_up"]
    first_due = clock.due_at
    lines = []
    worker.run_once(at=first_due + dt.timedelta(minutes=1), echo=lines.append)
    clock.refresh_from_db()
    assert clock.state == DeadlineState.SCHEDULED and clock.breached_at is None
    assert clock.due_at > first_due + dt.timedelta(hours=20) and clock.data["reminders"] == 1
    assert any("remind" in line and "sd.follow_up" in line for line in lines), lines
    assert told(people[Role.CS_ASSISTANT], form.serial)
    assert told(people[Role.PROCESSOR], form.serial)  # waiting for the processor's decision
    worker.run_once(at=clock.due_at + dt.timedelta(minutes=1), echo=lambda _: None)
    clock.refresh_from_db()
    assert clock.data["reminders"] == 2 and clock.state == DeadlineState.SCHEDULED


def test_sd12_follow_up_period_comes_from_the_site_policy(order, form, people, org):
    services.update_sla_policy(
        people[Role.CS_MANAGER],
        org["a"],
        version=1,
        follow_up_amount=3,
        follow_up_unit="wall_hours",
    )
    services.return_order(people[Role.DEPT_HEAD], order, version=order.version, reason="缺配件")
    clock = clocks(form)["sd.follow_up"]
    assert clock.due_at - clock.started_at == dt.timedelta(hours=3)
    with pytest.raises(ValidationFailed) as exc:
        services.update_sla_policy(
            people[Role.CS_MANAGER], org["a"], version=2, follow_up_amount=0, follow_up_unit="x"
        )
    assert set(exc.value.field_errors) == {"follow_up_amount", "follow_up_unit"}


def test_sd12_the_matter_stays_in_the_follow_up_queue_until_finished(
    returned, form, people, client_for, gc
):
    client = client_for(people[Role.CS_ASSISTANT])
    queue = client.get(reverse("servicedesk:follow_up")).content.decode()
    assert returned.serial in queue and "clock-ok" in queue  # its follow-up clock
    form.refresh_from_db()
    new = services.redispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=gc,
        assistant=people[Role.CS_ASSISTANT],
    )
    queue = client.get(reverse("servicedesk:follow_up")).content.decode()
    assert new.serial in queue and returned.serial not in queue
    finish(new, people)
    queue = client.get(reverse("servicedesk:follow_up")).content.decode()
    assert new.serial not in queue


def test_sd12_pages_offer_redispatch_and_pending_to_the_processor(
    returned, form, people, client_for
):
    client = client_for(people[Role.PROCESSOR])
    page = client.get(reverse("servicedesk:form", args=[form.pk])).content.decode()
    assert 'data-step="redispatch"' in page and 'data-step="pending"' in page
    assert 'data-testid="unfinished"' in page and 'data-step="callback"' not in page
    form.refresh_from_db()
    bad = client.post(
        reverse("servicedesk:form_step", args=[form.pk, "pending"]),
        {"version": form.version, "until": "", "reason": ""},
    )
    assert bad.status_code == 400
    until = timezone.localdate() + dt.timedelta(days=3)
    done = client.post(
        reverse("servicedesk:form_step", args=[form.pk, "pending"]),
        {"version": form.version, "until": until.isoformat(), "reason": "等配件"},
    )
    assert done.status_code == 302
    form.refresh_from_db()
    assert form.state == FormState.PENDING and form.pending_until == until
    assistant_page = (
        client_for(people[Role.CS_ASSISTANT])
        .get(reverse("servicedesk:form", args=[form.pk]))
        .content.decode()
    )
    assert 'data-step="redispatch"' not in assistant_page and "等配件" in assistant_page


def test_sd2_register_shows_a_returned_order_as_returned_not_struck(
    returned, people, client_for, org
):
    body = (
        client_for(people[Role.DATA_MANAGER])
        .get(reverse("servicedesk:register"), {"site": org["a"].pk})
        .content.decode()
    )
    cell = body.split(returned.serial)[0].rsplit("<a", 1)[1] + body.split(returned.serial)[1][:200]
    assert "struck" not in cell and 'data-testid="returned"' in cell


# -- SD-8: the 4-hour clock and the signature ----------------------------------------------------


def test_sd8_four_hour_clock_starts_when_the_work_is_finished(order, people):
    order = started(order, people)
    assert "sd.report" not in clocks(order)
    order = services.report_result(
        people[Role.DEPT_STAFF], order, version=order.version, result="好了", signature_png=PNG
    )
    report = clocks(order)["sd.report"]
    assert report.started_at == order.reported_at
    assert report.due_at - order.reported_at == dt.timedelta(hours=4)
    assert clocks(order)["sd.finish"].state == DeadlineState.MET
    worker.run_once(at=report.due_at + dt.timedelta(minutes=1), echo=lambda _: None)
    report.refresh_from_db()
    assert report.state == DeadlineState.BREACHED
    assert told(people[Role.DEPT_HEAD], order.serial)  # the breach reaches the head too
    order = services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)
    report.refresh_from_db()
    assert report.closed_at == order.verified_at


def test_sd8_cannot_be_handled_soon_comes_back_as_returned(order, form, people):
    order = started(order, people)
    order = services.report_result(
        people[Role.DEPT_STAFF],
        order,
        version=order.version,
        outcome="not_soon",
        result="需更换主管道，须停水施工",
        signed_by_customer="张三",
    )
    assert order.state == OrderState.REPORTED and order.outcome == "not_soon"
    assert clocks(order)["sd.report"].started_at == order.reported_at
    order = services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)
    form.refresh_from_db()
    assert order.state == OrderState.RETURNED and order.return_reason == "需更换主管道，须停水施工"
    assert clocks(order)["sd.report"].state == DeadlineState.MET
    assert form.state == FormState.RETURNED and "sd.follow_up" in clocks(form)


def test_sd8_signature_or_a_recorded_reason(order, form, people, org):
    tech = people[Role.DEPT_STAFF]
    order = started(order, people)
    with pytest.raises(ValidationFailed) as exc:
        services.report_result(tech, order, version=order.version, result="好了")
    assert set(exc.value.field_errors) == {"signature"}
    # A resident's flat has a customer: "no customer to sign" is refused.
    with pytest.raises(ValidationFailed) as exc:
        services.report_result(
            tech, order, version=order.version, result="好了", unsigned="public_area"
        )
    assert "张三" in str(exc.value.field_errors["unsigned"][0])
    with pytest.raises(ValidationFailed) as exc:
        services.report_result(
            tech,
            order,
            version=order.version,
            result="好了",
            signed_by_customer="张三",
            unsigned="refused",
        )
    assert set(exc.value.field_errors) == {"unsigned"}
    with pytest.raises(ValidationFailed) as exc:
        services.report_result(tech, order, version=order.version, result="好了", unsigned="lost")
    assert set(exc.value.field_errors) == {"unsigned"}
    order = services.report_result(
        tech,
        order,
        version=order.version,
        result="好了",
        unsigned="refused",
        unsigned_note="业主对工期不满",
    )
    # Waiting for verification and 消档 only: the recorded refusal stands for the signature.
    assert order.unsigned == "refused" and len(archive.order_problems(order)) == 2


def test_sd8_public_area_order_needs_nobody_to_sign(people, org, gc, client_for):
    processor = people[Role.PROCESSOR]
    form = services.log_form(
        processor,
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="李四",
        reporter_phone="13900001111",
        category=Category.REPAIR,
        content="电梯厅灯不亮",
        location="1栋电梯厅",
    )
    order = services.dispatch_order(
        processor, form, version=form.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )
    order = finish(order, people, signature_png=None, unsigned="public_area")
    form.refresh_from_db()
    assert order.unsigned == "public_area" and form.state == FormState.RESOLVED
    page = (
        client_for(people[Role.CS_ASSISTANT])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert 'data-testid="unsigned"' in page


def test_sd8_report_page_offers_the_outcome_and_the_signature_exemption(order, people, client_for):
    order = started(order, people)
    client = client_for(people[Role.DEPT_STAFF])
    page = client.get(reverse("servicedesk:order", args=[order.pk])).content.decode()
    assert 'name="outcome"' in page and 'name="unsigned"' in page
    response = client.post(
        reverse("servicedesk:order_step", args=[order.pk, "report"]),
        {"version": order.version, "outcome": "done", "result": "好了", "unsigned": "refused"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.REPORTED and order.unsigned == "refused"


# -- provisional due times ------------------------------------------------------------------


def _far_clock(people, org, form, gc):
    """A 2-working-day clock stretched past the last year whose official holidays are known."""
    services.update_sla_policy(
        people[Role.CS_MANAGER], org["a"], version=1, finish_amount=600, finish_unit="working_days"
    )
    return services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=gc,
        assistant=people[Role.CS_ASSISTANT],
    )


def test_x3_provisional_due_times_are_marked_on_the_pages(people, org, form, gc, client_for):
    order = _far_clock(people, org, form, gc)
    assert clocks(order)["sd.finish"].provisional and not clocks(order)["sd.arrange"].provisional
    client = client_for(people[Role.PROCESSOR])
    page = client.get(reverse("servicedesk:order", args=[order.pk])).content.decode()
    assert page.count("data-provisional") == 1 and "暂定" in page
    form_page = client.get(reverse("servicedesk:form", args=[form.pk])).content.decode()
    assert "data-provisional" in form_page


def test_x3_api_clocks_carry_the_provisional_flag(people, org, form, gc, api_for):
    order = _far_clock(people, org, form, gc)
    api = api_for(people[Role.PROCESSOR])
    body = api.get(reverse("sd-order-detail", args=[order.pk])).json()
    by_kind = {c["kind"]: c for c in body["clocks"]}
    assert by_kind["sd.finish"]["provisional"] is True
    assert by_kind["sd.arrange"]["provisional"] is False
    assert set(by_kind["sd.arrange"]) == {
        "kind",
        "state",
        "started_at",
        "warn_at",
        "due_at",
        "provisional",
    }
    listed = api.get(reverse("sd-order-list")).json()["results"]
    assert {c["kind"] for c in listed[0]["clocks"]} == {"sd.arrange", "sd.finish"}
    form_body = api.get(reverse("sd-form-detail", args=[form.pk])).json()
    assert form_body["clocks"] == []  # the 24-hour clock was met by the dispatch


def test_x3_order_list_reads_every_clock_in_one_query(
    people, org, form, gc, api_for, django_assert_max_num_queries
):
    processor = people[Role.PROCESSOR]
    for n in range(5):
        extra = services.log_form(
            processor,
            site=org["a"],
            source="phone",
            reporter_kind="owner",
            reporter_name="张三",
            reporter_phone="13800138000",
            category="repair",
            content=f"漏水 {n}",
        )
        services.dispatch_order(
            processor,
            extra,
            version=extra.version,
            department=gc,
            assistant=people[Role.CS_ASSISTANT],
        )
    api = api_for(processor)
    with django_assert_max_num_queries(8):
        rows = api.get(reverse("sd-order-list")).json()["results"]
    assert len(rows) == 5 and all(r["clocks"] for r in rows)


# -- the API: policy, re-dispatch, pending, report ----------------------------------------------


def test_sd12_policy_through_the_api(people, org, api_for):
    url = reverse("sd-policy")
    got = api_for(people[Role.DEPT_STAFF]).get(url, {"site": org["a"].pk})
    assert got.status_code == 200 and got.json()["follow_up_amount"] == 1
    assert got.json()["follow_up_unit"] == "working_days"
    manager = api_for(people[Role.CS_MANAGER])
    put = manager.put(
        url,
        {"site": org["a"].pk, "version": 1, "follow_up_amount": 2, "report_amount": 6},
        format="json",
    )
    assert put.status_code == 200, put.content
    assert put.json()["follow_up_amount"] == 2 and put.json()["report_amount"] == 6
    assert put.json()["dispatch_amount"] == 24  # left out: kept
    assert AuditEvent.objects.filter(kind="sla.updated").exists()
    stale = manager.put(url, {"site": org["a"].pk, "version": 1}, format="json")
    assert stale.status_code == 409
    bad = manager.put(
        url,
        {"site": org["a"].pk, "version": 2, "follow_up_amount": 0, "arrange_unit": "weeks"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()) == {"arrange_unit"}  # a unit not listed
    bad = manager.put(
        url, {"site": org["a"].pk, "version": 2, "follow_up_amount": 0}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"follow_up_amount"}
    refused = api_for(people[Role.PROCESSOR]).put(
        url, {"site": org["a"].pk, "version": 2}, format="json"
    )
    assert refused.status_code == 403
    hidden = manager.get(url, {"site": org["b"].pk})
    assert hidden.status_code == 404
    assert manager.get(url).status_code == 400


def test_sd12_redispatch_and_pending_through_the_api(returned, form, people, api_for, gc):
    form.refresh_from_db()
    api = api_for(people[Role.PROCESSOR])
    bad = api.post(
        reverse("sd-form-pending", args=[form.pk]),
        {"version": form.version, "until": None, "reason": ""},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"until", "reason"}
    until = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    pending = api.post(
        reverse("sd-form-pending", args=[form.pk]),
        {"version": form.version, "until": until, "reason": "等配件"},
        format="json",
    )
    assert pending.status_code == 200 and pending.json()["state"] == "pending"
    assert pending.json()["pending_until"] == until
    assert [c["kind"] for c in pending.json()["clocks"]] == ["sd.follow_up"]
    callback = api_for(people[Role.CS_ASSISTANT]).post(
        reverse("sd-form-callback", args=[form.pk]),
        {"version": pending.json()["version"], "outcome": "satisfied", "satisfaction": 5},
        format="json",
    )
    assert callback.status_code == 409 and callback.json()["rule"] == "SD-12"
    again = api.post(
        reverse("sd-form-redispatch", args=[form.pk]),
        {
            "version": pending.json()["version"],
            "department": gc.pk,
            "assistant": people[Role.CS_ASSISTANT].pk,
        },
        format="json",
    )
    assert again.status_code == 201 and again.json()["redispatch_of"] == returned.pk
    repeat = api.post(
        reverse("sd-form-redispatch", args=[form.pk]),
        {
            "version": pending.json()["version"] + 1,
            "department": gc.pk,
            "assistant": people[Role.CS_ASSISTANT].pk,
        },
        format="json",
    )
    assert repeat.status_code == 409 and repeat.json()["rule"] == "SD-12"
    old = api.get(reverse("sd-order-detail", args=[returned.pk])).json()
    assert old["state"] == "redispatched"


def test_sd8_report_with_a_signature_exemption_through_the_api(order, people, api_for):
    order = started(order, people)
    api = api_for(people[Role.DEPT_STAFF])
    url = reverse("sd-order-report", args=[order.pk])
    bad = api.post(
        url,
        {"version": order.version, "result": "好了", "unsigned": "public_area"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"unsigned"}
    done = api.post(
        url,
        {
            "version": order.version,
            "result": "无法尽快处理：需停水",
            "outcome": "not_soon",
            "unsigned": "refused",
            "unsigned_note": "业主不在家",
        },
        format="json",
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["outcome"] == "not_soon" and body["unsigned"] == "refused"
    assert "sd.report" in {c["kind"] for c in body["clocks"]}
