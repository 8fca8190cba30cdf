"""SD-12 archive gate and SD-16 weekly archive: only complete, reviewed records are archived,
refusals name what is missing, archived records are read-only."""

import datetime as dt

import pytest
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import BatchState, Category, FormState, ReporterKind, Source

from .conftest import PNG


def monday_last_week():
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday() + 7)


def last_week_form(people, org, **extra):
    received = timezone.make_aware(
        dt.datetime.combine(monday_last_week() + dt.timedelta(days=2), dt.time(10))
    )
    return services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="张三",
        reporter_phone="13800138000",
        category=Category.REPAIR,
        content="漏水",
        received_at=received,
        **extra,
    )


def complete(people, form, gc):
    p, head, tech, assistant = (
        people[r] for r in (Role.PROCESSOR, Role.DEPT_HEAD, Role.DEPT_STAFF, Role.CS_ASSISTANT)
    )
    o = services.dispatch_order(p, form, version=form.version, department=gc, assistant=assistant)
    o = services.assign_order(head, o, version=o.version, assignee=tech)
    o = services.start_order(tech, o, version=o.version)
    o = services.report_result(tech, o, version=o.version, result="已修复", signature_png=PNG)
    o = services.verify_order(assistant, o, version=o.version)
    o = services.close_in_register(p, o, version=o.version)
    form.refresh_from_db()
    services.record_callback(
        assistant, form, version=form.version, outcome="satisfied", satisfaction=5
    )
    form.refresh_from_db()
    return form, o


def test_sd12_incomplete_records_are_refused_with_what_they_lack(people, org, gc):
    done, _ = complete(people, last_week_form(people, org), gc)
    waiting = last_week_form(people, org)
    no_callback = last_week_form(people, org)
    no_callback = services.resolve_form(
        people[Role.PROCESSOR], no_callback, version=no_callback.version, resolution="已答复"
    )
    batch = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    assert list(batch.forms.values_list("pk", flat=True)) == [done.pk]
    refused = {r["serial"]: r["missing"] for r in batch.refused}
    assert any("Logged" in m or "已登记" in m for m in refused[waiting.serial])
    assert any("callback" in m or "回访" in m for m in refused[no_callback.serial])


def test_sd16_reviewed_batch_is_archived_and_read_only(people, org, gc):
    form, order = complete(people, last_week_form(people, org), gc)
    batch = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    with pytest.raises(PermissionDenied):
        services.approve_archive_batch(people[Role.PROCESSOR], batch, version=batch.version)
    batch = services.approve_archive_batch(people[Role.DATA_MANAGER], batch, version=batch.version)
    assert batch.state == BatchState.APPROVED
    form.refresh_from_db()
    order.refresh_from_db()
    assert form.state == FormState.ARCHIVED and form.archived_at and order.archived_at
    with pytest.raises(Conflict) as exc:
        services.record_callback(
            people[Role.CS_ASSISTANT],
            form,
            version=form.version,
            outcome="satisfied",
            satisfaction=5,
        )
    assert exc.value.status == 409
    with pytest.raises(Conflict, match="archived|归档"):
        services.resolve_form(people[Role.PROCESSOR], form, version=form.version, resolution="改")


def test_sd16_returned_batch_releases_its_forms(people, org, gc):
    complete(people, last_week_form(people, org), gc)
    batch = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    with pytest.raises(ValidationFailed):
        services.return_archive_batch(
            people[Role.DATA_MANAGER], batch, version=batch.version, note=""
        )
    batch = services.return_archive_batch(
        people[Role.DATA_MANAGER], batch, version=batch.version, note="签字不清"
    )
    assert batch.state == BatchState.RETURNED and not batch.forms.exists()
    again = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    assert again.forms.count() == 1


def test_sd16_week_is_handed_over_from_saturday(people, org):
    this_monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    with pytest.raises(ValidationFailed) as exc:
        services.submit_archive_batch(
            people[Role.PROCESSOR], site=org["a"], week_start=this_monday + dt.timedelta(days=1)
        )
    assert "week_start" in exc.value.field_errors


def test_sd12_approval_stops_when_an_item_no_longer_qualifies(people, org, gc):
    form, order = complete(people, last_week_form(people, org), gc)
    batch = services.submit_archive_batch(
        people[Role.PROCESSOR], site=org["a"], week_start=monday_last_week()
    )
    # The form is reopened (unsatisfied again) after hand-over: simulate an improperly filled item.
    from infocenter.servicedesk.models import WorkOrder

    WorkOrder.objects.filter(pk=order.pk).update(verified_at=None)
    with pytest.raises(ValidationFailed) as exc:
        services.approve_archive_batch(people[Role.DATA_MANAGER], batch, version=batch.version)
    assert order.serial in str(exc.value.message) and exc.value.rule == "SD-12"
