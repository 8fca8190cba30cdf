"""The `infocenter` command (calendar, audit, demo) and the Chinese demo data (ORG-1, ORG-2)."""

import datetime as dt

from django.utils import timezone

from infocenter import cli
from infocenter.core import audit, demo, worker
from infocenter.core.choices import Role
from infocenter.core.models import Department, Notification, RoleAssignment, Site, User


def test_x3_cli_add_working_days(db, capsys):
    assert cli.main(["calendar", "add-working-days", "2026-02-13T09:00", "2"]) == 0
    assert capsys.readouterr().out.strip() == "2026-02-24T09:00:00+08:00"
    assert cli.main(["calendar", "add-working-days", "2030-03-04T10:00", "1"]) == 0
    assert capsys.readouterr().out.strip() == "2030-03-05T10:00:00+08:00 provisional"


def test_x3_cli_is_working_day(db, capsys):
    assert cli.main(["calendar", "is-working-day", "2026-02-14"]) == 0
    assert "working (make-up workday)" in capsys.readouterr().out
    assert cli.main(["calendar", "is-working-day", "2026-02-18"]) == 1
    assert cli.main(["calendar", "is-working-day", "2030-10-01"]) == 1
    assert capsys.readouterr().out.strip().endswith("provisional")


def test_org1_demo_data_in_chinese_with_one_person_per_role(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert cli.main(["demo"]) == 0
    assert {s.name for s in Site.objects.all()} == {"江岸花园", "嘉陵商务中心", "重庆分公司本部"}
    assert {s.branch.name for s in Site.objects.all()} == {"重庆分公司"}
    # SD-11: the branch's office site holds the branch and company departments
    assert {(d.name, d.level) for d in Department.objects.filter(site__code="cqbb")} == {
        ("分公司综合管理部", "branch"),
        ("公司人力资源部", "company"),
    }
    for site in Site.objects.exclude(code="cqbb"):
        assert {d.name for d in Department.objects.filter(site=site)} == {
            "客服部",
            "工程部",
            "秩序部",
            "环境部",
            "信息中心",
        }
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="wangfang").check_password(demo.DEMO_PASSWORD)
    assert all(r.ok for r in audit.verify_chains())
    worker.run_once(at=dt.datetime.now(dt.UTC), echo=lambda _: None)
    assert Notification.objects.filter(recipient__username="wangfang").exists()
    assert cli.main(["demo"]) == 0  # second run: database not empty, nothing added
    assert Site.objects.count() == 3


def test_sd12_demo_shows_each_feature_of_the_control_room(db, settings):
    """Issue 12: the demo holds a record of each feature to try (SD-3, SD-5, SD-8, SD-11,
    SD-12, SD-17, LOG-4)."""
    from infocenter.servicedesk.choices import (
        FormState,
        OrderState,
        ResidentState,
        Unsigned,
    )
    from infocenter.servicedesk.models import Resident, ServiceForm, WorkOrder

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert cli.main(["demo"]) == 0
    forms = ServiceForm.objects.filter(site__code="jahy")
    # SD-3: a corrected form and a voided duplicate
    assert forms.filter(reporter_name="吴婷", reporter_phone="13594005568").exists()
    assert forms.filter(state=FormState.VOIDED, void_note__contains="重复").exists()
    # SD-17, SD-11: a staff form waiting for receipt, internal feedback referred and replied to
    assert forms.filter(state=FormState.SUBMITTED, filed_by__username="zhaoqiang").exists()
    assert forms.filter(state=FormState.REFERRED, category="internal").exists()
    # SD-5: a designated receiver
    assert Department.objects.get(site__code="jahy", code="gc").receivers.filter(
        username="zhaoqiang"
    )
    # SD-12: returned waiting for re-dispatch; pending with a date; re-dispatched and finished
    waiting = forms.get(state=FormState.RETURNED)
    assert waiting.orders.get().return_reason.startswith("缺配件")
    pending = forms.get(state=FormState.PENDING)
    assert pending.pending_until and pending.pending_reason
    # today's re-dispatched matter (the past has a few more, see test_ux10_demo_history)
    again = WorkOrder.objects.get(
        redispatch_of__isnull=False,
        dispatched_at__gte=timezone.localtime().replace(hour=0, minute=0),
    )
    assert again.state == OrderState.CLOSED and again.redispatch_of.state == "redispatched"
    assert again.form.state == FormState.RESOLVED
    # SD-8: finished with no customer to sign, struck in the register
    assert WorkOrder.objects.filter(state=OrderState.CLOSED, unsigned=Unsigned.PUBLIC_AREA).exclude(
        pk=again.pk
    )
    # LOG-4: a moved-out resident and the flat's next one; a merged duplicate
    former = Resident.objects.get(state=ResidentState.MOVED_OUT)
    assert former.moved_out_on and former.room.residents.filter(
        state=ResidentState.CURRENT, moved_in_on__gt=former.moved_out_on
    )
    duplicate = Resident.objects.get(state=ResidentState.MERGED)
    assert duplicate.merged_into.name == duplicate.name == "刘建国"
