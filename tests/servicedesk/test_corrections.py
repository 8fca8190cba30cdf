"""SD-3 corrections and voids, SD-12 problems named by the data manager: corrected with a
reason and the before/after kept, voided without deleting anything, refused once archived; a
returned batch's problems wait in the responsible person's queue until fixed."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core.audit import verify_chains
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import AuditEvent, Deadline, Department, OutboxMessage
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import (
    BatchState,
    Category,
    FormState,
    OrderState,
    ProblemState,
    Source,
)
from infocenter.servicedesk.models import BatchProblem, ServiceForm, WorkOrder

from .test_archive import complete, last_week_form, monday_last_week


def week_form(people, org, category):
    """A form of last week (so it can be handed over) in ``category``."""
    received = timezone.make_aware(
        dt.datetime.combine(monday_last_week() + dt.timedelta(days=2), dt.time(10))
    )
    return services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind="owner",
        reporter_name="王五",
        reporter_phone="13800138001",
        category=category,
        content="表扬保安",
        received_at=received,
    )


def fields_of(form, **changes):
    return dataclasses.replace(services.FormFields.of(form), **changes)


def correct(actor, form, reason="录入错误", **changes):
    return services.correct_form(
        actor, form, version=form.version, reason=reason, values=fields_of(form, **changes)
    )


def told(user, text):
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).exists()


def last_event(record, kind):
    return (
        AuditEvent.objects.filter(
            subject_type=record._meta.label_lower, subject_id=str(record.pk), kind=kind
        )
        .order_by("-seq")
        .first()
    )


# -- correcting a form -------------------------------------------------------------------------


def test_sd3_form_is_corrected_with_reason_and_before_after(people, form, org):
    room = form.room
    other_room = type(room).objects.filter(unit__building__site=org["a"]).exclude(pk=room.pk)[0]
    corrected = correct(
        people[Role.PROCESSOR],
        form,
        reason="来电号码记错",
        reporter_phone="13911112222",
        room=other_room,
        category=Category.COMPLAINT,
    )
    assert corrected.version == form.version + 1
    assert (corrected.reporter_phone, corrected.room, corrected.category) == (
        "13911112222",
        other_room,
        Category.COMPLAINT,
    )
    event = last_event(form, "form.corrected")
    assert event.data["reason"] == "来电号码记错"
    assert event.data["changes"] == {
        "reporter_phone": ["13800138000", "13911112222"],
        "room": [str(room), str(other_room)],
        "category": ["repair", "complaint"],
    }
    assert verify_chains()[0].ok


def test_sd3_correction_needs_a_reason_a_change_and_valid_fields(people, form):
    p = people[Role.PROCESSOR]
    with pytest.raises(ValidationFailed) as exc:
        correct(p, form, reason=" ", reporter_phone="123", content="")
    assert set(exc.value.field_errors) == {"reason", "reporter_phone", "content"}
    assert exc.value.rule == "SD-3"
    with pytest.raises(ValidationFailed, match="Nothing was changed|没有改动"):
        correct(p, form)
    with pytest.raises(ValidationFailed) as exc:
        correct(p, form, received_at=timezone.now() + dt.timedelta(days=1))
    assert "received_at" in exc.value.field_errors


def test_sd3_stale_correction_is_refused_and_nothing_overwritten(people, form):
    p = people[Role.PROCESSOR]
    first = correct(p, form, content="卫生间和厨房漏水")
    with pytest.raises(StaleEdit) as exc:
        correct(p, form, content="别的内容")  # still at the version read before
    assert "卫生间和厨房漏水" in exc.value.message
    first.refresh_from_db()
    assert first.content == "卫生间和厨房漏水"


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_sd3_who_may_correct_and_void(people, form, role):
    actor = people[role]
    if role in (Role.PROCESSOR, Role.CS_MANAGER):
        assert correct(actor, form, content="改正内容").content == "改正内容"
        return
    with pytest.raises(PermissionDenied):
        correct(actor, form, content="改正内容")
    with pytest.raises(PermissionDenied):
        services.void_form(actor, form, version=form.version, reason="duplicate")


def test_sd3_category_correction_recomputes_whether_a_callback_is_due(people, org, gc):
    p = people[Role.PROCESSOR]
    praise = week_form(people, org, Category.PRAISE)
    praise = services.resolve_form(p, praise, version=praise.version, resolution="已转达表扬")
    batch = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert list(batch.forms.all()) == [praise]  # praise needs no callback (SD-11)
    services.return_archive_batch(
        people[Role.DATA_MANAGER], batch, version=batch.version, note="类别错了"
    )
    praise.refresh_from_db()
    corrected = correct(p, praise, category=Category.COMPLAINT)
    assert told(people[Role.CS_ASSISTANT], corrected.serial)
    again = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert not again.forms.exists()
    assert any("callback" in m or "回访" in m for m in again.refused[0]["missing"])


def test_sd3_corrected_receipt_time_restarts_the_24_hour_clock(people, form):
    earlier = form.received_at - dt.timedelta(hours=5)
    correct(people[Role.PROCESSOR], form, received_at=earlier)
    clock = Deadline.objects.get(
        subject_id=str(form.pk), kind="sd.dispatch", state=DeadlineState.SCHEDULED
    )
    assert clock.due_at == earlier + dt.timedelta(hours=24)


def test_sd3_form_becoming_major_is_reported_to_the_managers(people, form):
    correct(people[Role.PROCESSOR], form, major=True)
    assert told(people[Role.CS_MANAGER], form.serial)


# -- correcting an order -----------------------------------------------------------------------


def correct_order(actor, order, reason="派错部门", **changes):
    values = dataclasses.replace(services.OrderFields.of(order), **changes)
    return services.correct_order(actor, order, version=order.version, reason=reason, values=values)


def test_sd3_order_department_changes_only_before_acknowledgement(people, order, gc):
    p = people[Role.PROCESSOR]
    zx = Department.objects.get(site=order.site, code="zx")
    moved = correct_order(p, order, department=zx, instructions="请秩序部处理")
    assert (moved.department, moved.instructions) == (zx, "请秩序部处理")
    assert last_event(order, "order.corrected").data["changes"] == {
        "instructions": ["", "请秩序部处理"],
        "department": ["工程部", "秩序部"],
    }
    back = correct_order(p, moved, department=gc)
    # the head of 工程部 acknowledges; then only the instructions may change
    acknowledged = services.acknowledge_order(people[Role.DEPT_HEAD], back, version=back.version)
    with pytest.raises(Conflict) as exc:
        correct_order(p, acknowledged, department=zx)
    assert "department" in exc.value.field_errors and exc.value.status == 409
    assert correct_order(p, acknowledged, instructions="带上工具").instructions == "带上工具"


def test_sd3_order_correction_refuses_other_roles_and_other_sites(people, order, org):
    with pytest.raises(PermissionDenied):
        correct_order(people[Role.DEPT_HEAD], order, instructions="x")
    other = Department.objects.get(site=org["b"], code="zx")
    with pytest.raises(ValidationFailed) as exc:
        correct_order(people[Role.PROCESSOR], order, department=other)
    assert "department" in exc.value.field_errors


# -- voiding -----------------------------------------------------------------------------------


def test_sd3_void_withdraws_open_orders_stops_clocks_and_keeps_everything(people, order, org):
    p = people[Role.PROCESSOR]
    form = ServiceForm.objects.get(pk=order.form_id)
    with pytest.raises(ValidationFailed) as exc:
        services.void_form(p, form, version=form.version, reason="other")
    assert "note" in exc.value.field_errors
    with pytest.raises(ValidationFailed):
        services.void_form(p, form, version=form.version, reason="whatever")
    voided = services.void_form(p, form, version=form.version, reason="duplicate")
    assert voided.state == FormState.VOIDED and voided.void_reason == "duplicate"
    assert last_event(form, "form.voided").data["changes"]["void_reason"] == ["", "duplicate"]
    order.refresh_from_db()
    assert order.state == OrderState.WITHDRAWN
    assert not Deadline.objects.filter(
        subject_id__in=[str(form.pk), str(order.pk)],
        state__in=[DeadlineState.SCHEDULED, DeadlineState.WARNED],
    ).exists()
    assert ServiceForm.objects.filter(pk=form.pk).exists()
    assert WorkOrder.objects.filter(pk=order.pk).exists()
    with pytest.raises(InvalidTransition):
        correct(p, voided, content="再改")
    with pytest.raises(InvalidTransition):
        services.void_form(p, voided, version=voided.version, reason="duplicate")
    with pytest.raises(InvalidTransition):
        services.acknowledge_order(people[Role.DEPT_HEAD], order, version=order.version)
    later = services.log_form(
        p,
        site=org["a"],
        source=Source.PHONE,
        reporter_kind="owner",
        reporter_name="李四",
        reporter_phone="13700000001",
        category=Category.REPAIR,
        content="门坏了",
    )
    assert later.serial != voided.serial
    assert int(later.serial.rsplit("-", 1)[1]) == int(voided.serial.rsplit("-", 1)[1]) + 1


def test_sd3_register_shows_a_voided_form(people, form, client_for):
    services.void_form(
        people[Role.PROCESSOR], form, version=form.version, reason="prank", note="骚扰电话"
    )
    page = client_for(people[Role.AUDITOR]).get(reverse("servicedesk:register"))
    html = page.content.decode()
    assert form.serial in html and 'data-testid="voided"' in html


def test_sd3_voided_form_is_archived_as_voided(people, org):
    p = people[Role.PROCESSOR]
    form = last_week_form(people, org)
    services.void_form(p, form, version=form.version, reason="error")
    batch = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert list(batch.forms.all()) == [form]
    services.approve_archive_batch(people[Role.DATA_MANAGER], batch, version=batch.version)
    form.refresh_from_db()
    assert form.state == FormState.VOIDED and form.archived_at is not None


def test_sd3_everything_is_refused_once_archived(people, org, gc):
    p = people[Role.PROCESSOR]
    form, order = complete(people, last_week_form(people, org), gc)
    batch = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    services.approve_archive_batch(people[Role.DATA_MANAGER], batch, version=batch.version)
    form.refresh_from_db()
    order.refresh_from_db()
    for attempt in (
        lambda: correct(p, form, content="改"),
        lambda: services.void_form(p, form, version=form.version, reason="duplicate"),
        lambda: correct_order(p, order, instructions="改"),
    ):
        with pytest.raises(Conflict, match="archived|归档") as exc:
            attempt()
        assert exc.value.rule == "SD-16"


# -- problems named by the data manager (SD-12) ------------------------------------------------


def handed_over(people, org, gc):
    form, order = complete(people, last_week_form(people, org), gc)
    batch = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    return form, order, batch


def test_sd12_returned_problems_go_to_the_responsible_people(people, org, gc):
    form, order, batch = handed_over(people, org, gc)
    dm = people[Role.DATA_MANAGER]
    batch = services.return_archive_batch(
        dm,
        batch,
        version=batch.version,
        note="",
        problems=[
            services.NamedProblem(form=form, problem="回访记录不全"),
            services.NamedProblem(form=form, order=order, problem="签字不清"),
        ],
    )
    assert batch.state == BatchState.RETURNED
    rows = {p.problem: p for p in BatchProblem.objects.all()}
    assert rows["回访记录不全"].responsible == people[Role.PROCESSOR]  # logged the form
    assert rows["签字不清"].responsible == people[Role.CS_ASSISTANT]  # verified the order
    assert told(people[Role.CS_ASSISTANT], "签字不清")
    assert last_event(form, "form.returned_for_correction") is not None


def test_sd12_sd17_staff_form_problem_goes_to_who_confirmed_its_receipt(people, org, gc):
    """A staff member's form is received by its filer, who cannot correct it: the problem goes
    to the processor who confirmed its receipt."""
    form, order, batch = handed_over(people, org, gc)
    filer, processor = people[Role.DEPT_STAFF], people[Role.PROCESSOR]
    ServiceForm.objects.filter(pk=form.pk).update(
        filed_by=filer, received_by=filer, receipt_confirmed_by=processor
    )
    form.refresh_from_db()
    services.return_archive_batch(
        people[Role.DATA_MANAGER],
        batch,
        version=batch.version,
        note="",
        problems=[services.NamedProblem(form=form, problem="地点不具体")],
    )
    assert BatchProblem.objects.get().responsible == processor
    assert told(processor, "地点不具体") and not told(filer, "地点不具体")


def test_sd12_problem_must_name_a_record_of_the_batch(people, org, gc):
    form, order, batch = handed_over(people, org, gc)
    stray = last_week_form(people, org)
    dm = people[Role.DATA_MANAGER]
    with pytest.raises(ValidationFailed) as exc:
        services.return_archive_batch(
            dm,
            batch,
            version=batch.version,
            note="",
            problems=[
                services.NamedProblem(form=stray, problem="签字不清"),
                services.NamedProblem(form=form, problem=" "),
            ],
        )
    assert set(exc.value.field_errors) == {"problems.0.form", "problems.1.problem"}
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED and not BatchProblem.objects.exists()


def test_sd12_only_the_responsible_person_or_the_control_room_marks_fixed(people, org, gc):
    form, order, batch = handed_over(people, org, gc)
    services.return_archive_batch(
        people[Role.DATA_MANAGER],
        batch,
        version=batch.version,
        note="",
        problems=[services.NamedProblem(form=form, order=order, problem="签字不清")],
    )
    problem = BatchProblem.objects.get()
    with pytest.raises(PermissionDenied):
        services.fix_batch_problem(people[Role.DEPT_STAFF], problem, version=problem.version)
    fixed = services.fix_batch_problem(
        people[Role.CS_ASSISTANT], problem, version=problem.version, note="已请业主重签"
    )
    assert fixed.state == ProblemState.FIXED and fixed.fixed_by == people[Role.CS_ASSISTANT]
    with pytest.raises(Conflict):
        services.fix_batch_problem(people[Role.PROCESSOR], fixed, version=fixed.version)


def test_sd12_sd3_whole_loop_wrong_form_corrected_returned_fixed_archived(people, org, gc):
    """A wrong form is corrected, handed over, returned with a problem, fixed, handed over
    again and archived."""
    p, dm = people[Role.PROCESSOR], people[Role.DATA_MANAGER]
    wrong = week_form(people, org, Category.INQUIRY)
    wrong = correct(p, wrong, reason="其实是报修", category=Category.REPAIR)
    form, order = complete(people, wrong, gc)
    batch = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert list(batch.forms.all()) == [form]
    services.return_archive_batch(
        dm,
        batch,
        version=batch.version,
        note="请补签",
        problems=[services.NamedProblem(form=form, order=order, problem="签字不清")],
    )
    held = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert not held.forms.exists()
    assert any("签字不清" in m for m in held.refused[0]["missing"])
    services.return_archive_batch(dm, held, version=held.version, note="空批次")
    problem = BatchProblem.objects.get()
    services.fix_batch_problem(
        people[Role.CS_ASSISTANT], problem, version=problem.version, note="已重签"
    )
    final = services.submit_archive_batch(p, site=org["a"], week_start=monday_last_week())
    assert list(final.forms.all()) == [form]
    final = services.approve_archive_batch(dm, final, version=final.version)
    form.refresh_from_db()
    assert final.state == BatchState.APPROVED and form.state == FormState.ARCHIVED
    kinds = list(
        AuditEvent.objects.filter(subject_type="servicedesk.serviceform", subject_id=str(form.pk))
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    for kind in ("form.corrected", "form.returned_for_correction", "form.problem_fixed"):
        assert kind in kinds
    assert kinds[-1] == "form.archived"


# -- pages -------------------------------------------------------------------------------------


def test_sd3_correction_page_corrects_and_timeline_shows_labels(people, form, client_for):
    client = client_for(people[Role.PROCESSOR])
    url = reverse("servicedesk:form_correct", args=[form.pk])
    page = client.get(url)
    assert page.status_code == 200 and "13800138000" in page.content.decode()
    data = {
        "version": form.version,
        "reporter_phone": "13911112222",
        "reporter_name": "张三",
        "reporter_kind": "owner",
        "source": "phone",
        "room": form.room_id,
        "location": "",
        "category": "complaint",
        "priority": "normal",
        "content": "卫生间漏水",
        "received_at": timezone.localtime(form.received_at).strftime("%Y-%m-%dT%H:%M"),
        "reason": "",
    }
    refused = client.post(url, data)  # no reason
    assert refused.status_code == 400
    assert ServiceForm.objects.get(pk=form.pk).version == form.version
    done = client.post(url, {**data, "reason": "号码记错"})
    assert done.status_code == 302
    form.refresh_from_db()
    assert form.reporter_phone == "13911112222" and form.category == "complaint"
    event = last_event(form, "form.corrected")
    assert set(event.data["changes"]) == {"reporter_phone", "category"}  # received_at kept
    html = client.get(form.get_absolute_url()).content.decode()
    assert "号码记错" in html
    assert "<del>报修</del> → 投诉" in html or "<del>Repair</del> → Complaint" in html


def test_sd3_correction_pages_refuse_other_roles_and_archived(people, form, order, client_for):
    technician = client_for(people[Role.DEPT_HEAD])
    assert technician.get(reverse("servicedesk:order_correct", args=[order.pk])).status_code == 403
    assert technician.get(reverse("servicedesk:form_void", args=[form.pk])).status_code == 403
    page = client_for(people[Role.PROCESSOR]).get(form.get_absolute_url()).content.decode()
    assert 'data-testid="correct"' in page and 'data-testid="void"' in page
    page = client_for(people[Role.AUDITOR]).get(form.get_absolute_url()).content.decode()
    assert 'data-testid="correct"' not in page


def test_sd3_void_page_voids_and_order_is_withdrawn(people, order, client_for):
    client = client_for(people[Role.CS_MANAGER])
    url = reverse("servicedesk:form_void", args=[order.form_id])
    form = ServiceForm.objects.get(pk=order.form_id)
    assert client.post(url, {"version": form.version, "reason": "other"}).status_code == 400
    done = client.post(url, {"version": form.version, "reason": "prank", "note": "骚扰"})
    assert done.status_code == 302
    html = client.get(form.get_absolute_url()).content.decode()
    assert 'data-testid="voided"' in html and "骚扰" in html
    order.refresh_from_db()
    assert order.state == OrderState.WITHDRAWN
    # a voided form offers neither correction nor void any more: the page answers 409
    assert client.get(url).status_code == 409


def test_sd12_batch_returned_from_its_page_and_fixed_from_the_queue(people, org, gc, client_for):
    form, order, batch = handed_over(people, org, gc)
    dm = client_for(people[Role.DATA_MANAGER])
    page = dm.get(reverse("servicedesk:batch", args=[batch.pk])).content.decode()
    assert f'name="problem_o{order.pk}"' in page
    done = dm.post(
        reverse("servicedesk:batch_return", args=[batch.pk]),
        {"version": batch.version, "note": "", f"problem_o{order.pk}": "签字不清"},
    )
    assert done.status_code == 302
    problem = BatchProblem.objects.get()
    assistant = client_for(people[Role.CS_ASSISTANT])
    queue = assistant.get(reverse("servicedesk:corrections") + "?mine=true")
    html = queue.content.decode()
    assert "签字不清" in html and reverse("servicedesk:order_correct", args=[order.pk]) in html
    home = assistant.get(reverse("home")).content.decode()
    assert "签字不清" in home
    # somebody else's queue: the technician sees nothing and may not mark it fixed
    tech = client_for(people[Role.DEPT_STAFF])
    assert "签字不清" not in tech.get(reverse("servicedesk:corrections")).content.decode()
    fix = reverse("servicedesk:problem_fix", args=[problem.pk])
    assert tech.post(fix, {"version": problem.version}).status_code == 404
    assert assistant.post(fix, {"version": problem.version, "note": "重签"}).status_code == 302
    problem.refresh_from_db()
    assert problem.state == ProblemState.FIXED
    fixed = assistant.get(reverse("servicedesk:corrections") + "?state=fixed").content.decode()
    assert "重签" in fixed


def test_sd12_corrections_queue_query_budget(
    people, org, gc, client_for, django_assert_max_num_queries
):
    form, order, batch = handed_over(people, org, gc)
    services.return_archive_batch(
        people[Role.DATA_MANAGER],
        batch,
        version=batch.version,
        note="",
        problems=[
            services.NamedProblem(form=form, problem=f"问题{i}", order=order if i % 2 else None)
            for i in range(8)
        ],
    )
    client = client_for(people[Role.PROCESSOR])
    client.get(reverse("servicedesk:corrections"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("servicedesk:corrections")).status_code == 200


# -- API ---------------------------------------------------------------------------------------


def test_sd3_api_corrects_only_the_given_fields(people, form, api_for):
    api = api_for(people[Role.PROCESSOR])
    url = reverse("sd-form-correct", args=[form.pk])
    answer = api.post(
        url, {"version": form.version, "reason": "类别错", "category": "complaint"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["category"] == "complaint"
    assert answer.json()["reporter_phone"] == "13800138000"
    stale = api.post(url, {"version": form.version, "reason": "x", "content": "y"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "StaleEdit"
    no_reason = api.post(url, {"version": form.version + 1, "reason": " "}, format="json")
    assert no_reason.status_code == 400
    other = api_for(people[Role.CS_ASSISTANT]).post(
        url, {"version": form.version + 1, "reason": "x", "content": "y"}, format="json"
    )
    assert other.status_code == 403


def test_sd3_api_voids_and_corrects_an_order(people, order, api_for, org):
    api = api_for(people[Role.PROCESSOR])
    zx = Department.objects.get(site=org["a"], code="zx")
    moved = api.post(
        reverse("sd-order-correct", args=[order.pk]),
        {"version": order.version, "reason": "派错", "department": zx.pk},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["department"] == zx.pk
    foreign = Department.objects.get(site=org["b"], code="zx")
    refused = api.post(
        reverse("sd-order-correct", args=[order.pk]),
        {"version": order.version + 1, "reason": "派错", "department": foreign.pk},
        format="json",
    )
    assert refused.status_code == 400 and "department" in str(refused.json())
    form = ServiceForm.objects.get(pk=order.form_id)
    voided = api.post(
        reverse("sd-form-void", args=[form.pk]),
        {"version": form.version, "reason": "duplicate", "note": "同 SA-KF-1"},
        format="json",
    )
    assert voided.status_code == 200
    assert voided.json()["state"] == "voided" and voided.json()["void_reason"] == "duplicate"
    listed = api.get(reverse("sd-order-detail", args=[order.pk])).json()
    assert listed["state"] == "withdrawn"


def test_sd12_api_returns_a_batch_with_problems_and_fixes_them(people, org, gc, api_for):
    form, order, batch = handed_over(people, org, gc)
    dm = api_for(people[Role.DATA_MANAGER])
    answer = dm.post(
        reverse("sd-batch-return-batch", args=[batch.pk]),
        {
            "version": batch.version,
            "problems": [
                {"form": form.pk, "order": order.pk, "problem": "签字不清"},
                {"form": form.pk, "problem": "地址不全", "responsible": people[Role.CS_MANAGER].pk},
            ],
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert {p["problem"] for p in answer.json()["problems"]} == {"签字不清", "地址不全"}
    manager = api_for(people[Role.CS_MANAGER])
    mine = manager.get(reverse("sd-problem-list") + "?mine=true&state=open").json()["results"]
    assert [p["problem"] for p in mine] == ["地址不全"]
    fixed = manager.post(
        reverse("sd-problem-fix", args=[mine[0]["id"]]),
        {"version": mine[0]["version"], "note": "补全"},
        format="json",
    )
    assert fixed.status_code == 200 and fixed.json()["state"] == "fixed"
    again = manager.post(
        reverse("sd-problem-fix", args=[mine[0]["id"]]), {"version": 2}, format="json"
    )
    assert again.status_code == 409
    tech = api_for(people[Role.DEPT_STAFF])
    assert tech.get(reverse("sd-problem-list")).json()["results"] == []


def test_sd3_sd15_a_voided_major_event_is_not_reported_on(people, org, client_for):
    p = people[Role.PROCESSOR]
    form = services.log_form(
        p,
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="张三",
        reporter_phone="13800138000",
        category="complaint",
        content="车库进水（重复来电）",
        major=True,
    )
    page = client_for(p).get(reverse("servicedesk:form", args=[form.pk])).content.decode()
    assert 'data-step="major_report"' in page
    form = services.void_form(p, form, version=form.version, reason="duplicate")
    with pytest.raises(InvalidTransition) as exc:
        services.report_major_event(p, form, version=form.version, report="进水")
    assert exc.value.rule == "SD-3"
    page = client_for(p).get(reverse("servicedesk:form", args=[form.pk])).content.decode()
    assert 'data-step="major_report"' not in page
