"""MR-4: keys never leave the information center without the head's approval; a lost key or a
leaked secret is reported at once with its remedy. MR-12: the credential register keeps
accounts, levels, custodians and change dates, never a password, and reminds before a change
falls due."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.machineroom.choices import KeyState, SecurityReportKind
from infocenter.machineroom.services import security

SECRET_WORDS = ("password", "passwd", "pwd", "secret", "token", "passphrase", "口令", "密码")


@pytest.fixture
def key(maintainer, site):
    return security.add_key(
        maintainer, site=site, label="机房正门 1 号钥匙", opens="信息中心机房正门"
    )


@pytest.fixture
def switch(head, site):
    return security.add_credential(
        head,
        site=site,
        system="核心交换机",
        account="admin",
        level="admin",
        custodian=head,
        last_rotated_on=timezone.localdate() - dt.timedelta(days=80),
    )


def test_mr4_key_passes_within_the_information_center_freely(key, maintainer, people):
    key = security.hand_over_key(maintainer, key, version=key.version, to=people[Role.IT_STAFF])
    assert key.state == KeyState.ISSUED and key.holder == people[Role.IT_STAFF]
    key = security.return_key(maintainer, key, version=key.version)
    assert key.state == KeyState.IN_BOX and key.holder is None
    assert [e.kind for e in key.events.all()] == ["returned", "issued"]


def test_mr4_key_leaves_the_information_center_only_with_the_heads_approval(
    key, maintainer, people, head
):
    with pytest.raises(ValidationFailed) as refused:
        security.hand_over_key(maintainer, key, version=key.version, to=people[Role.DEPT_HEAD])
    assert "approved_by" in refused.value.field_errors and "Keys are not lent outside" in str(
        refused.value.field_errors
    )
    with pytest.raises(ValidationFailed):  # only the head approves
        security.hand_over_key(
            maintainer,
            key,
            version=key.version,
            to=people[Role.DEPT_HEAD],
            approved_by=people[Role.IT_STAFF],
        )
    key = security.hand_over_key(
        maintainer,
        key,
        version=key.version,
        to=people[Role.DEPT_HEAD],
        approved_by=head,
        note="配电房检修借用",
    )
    assert key.holder == people[Role.DEPT_HEAD] and key.events.first().approved_by == head
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=key.label).exists()


def test_mr4_only_the_desk_hands_keys_and_a_stale_hand_over_is_refused(key, maintainer, people):
    with pytest.raises(PermissionDenied):
        security.hand_over_key(people[Role.PROCESSOR], key, version=key.version, to=maintainer)
    security.hand_over_key(maintainer, key, version=key.version, to=maintainer)
    with pytest.raises(StaleEdit):
        security.hand_over_key(maintainer, key, version=key.version, to=people[Role.IT_STAFF])


def test_mr4_lost_key_is_reported_at_once_with_its_remedy(key, maintainer, head, people):
    key = security.hand_over_key(maintainer, key, version=key.version, to=people[Role.IT_STAFF])
    with pytest.raises(ValidationFailed):
        security.report_key_lost(
            people[Role.IT_STAFF], key, version=key.version, description="丢了", remedy=""
        )
    report = security.report_key_lost(
        people[Role.IT_STAFF],
        key,
        version=key.version,
        description="下班途中遗失",
        remedy="已更换门锁锁芯",
    )
    key.refresh_from_db()
    assert (
        key.state == KeyState.LOST
        and key.holder is None
        and report.kind == SecurityReportKind.KEY_LOST
    )
    assert OutboxMessage.objects.filter(
        recipient=head, source__subject__id="Security report: %(kind)s"
    ).exists()
    with pytest.raises(Conflict, match="lost"):
        security.hand_over_key(maintainer, key, version=key.version, to=maintainer)
    key = security.key_found(maintainer, key, version=key.version)
    assert key.state == KeyState.IN_BOX
    report = security.acknowledge_report(
        head, report, version=report.version, response="同意，锁芯已换"
    )
    assert report.acknowledged_by == head


def test_mr12_admin_level_only_for_the_head_and_others_only_for_maintainers(
    head, site, people, maintainer
):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        security.add_credential(
            head,
            site=site,
            system="防火墙",
            account="root",
            level="admin",
            custodian=maintainer,
            last_rotated_on=today,
        )
    assert "custodian" in refused.value.field_errors
    with pytest.raises(ValidationFailed):
        security.add_credential(
            head,
            site=site,
            system="监控终端",
            account="op",
            level="terminal",
            custodian=people[Role.PROCESSOR],
            last_rotated_on=today,
        )
    with pytest.raises(PermissionDenied):
        security.add_credential(
            maintainer,
            site=site,
            system="监控终端",
            account="op",
            level="terminal",
            custodian=maintainer,
            last_rotated_on=today,
        )
    with pytest.raises(ValidationFailed) as bad:
        security.add_credential(
            head,
            site=site,
            system="",
            account="",
            level="guru",
            custodian=maintainer,
            last_rotated_on=today + dt.timedelta(days=1),
            rotate_every_days=0,
        )
    assert {"system", "account", "level", "rotate_every_days", "last_rotated_on"} <= set(
        bad.value.field_errors
    )


def test_mr12_change_reminds_the_custodian_a_week_ahead_then_the_head(switch, head, maintainer):
    assert switch.next_due_on == switch.last_rotated_on + dt.timedelta(days=90)
    clock = Deadline.objects.get(subject_id=str(switch.pk), kind=security.K_ROTATE)
    assert clock.warn_at == clock.due_at - dt.timedelta(days=7)
    worker.run_once(at=clock.warn_at + dt.timedelta(minutes=1), echo=lambda _line: None)
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="is due on").exists()
    worker.run_once(at=clock.due_at + dt.timedelta(minutes=1), echo=lambda _line: None)
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="is due now").exists()


def test_mr12_recording_a_change_moves_the_due_date(switch, head, maintainer):
    with pytest.raises(PermissionDenied):
        security.record_rotation(maintainer, switch, version=switch.version)
    with pytest.raises(ValidationFailed):
        security.record_rotation(
            head,
            switch,
            version=switch.version,
            rotated_on=timezone.localdate() + dt.timedelta(days=2),
        )
    switch = security.record_rotation(head, switch, version=switch.version)
    assert switch.next_due_on == timezone.localdate() + dt.timedelta(days=90)
    assert (
        Deadline.objects.filter(
            subject_id=str(switch.pk), kind=security.K_ROTATE, state="scheduled"
        ).count()
        == 1
    )


def test_mr12_new_custodian_or_a_leak_makes_the_change_due_today(head, site, maintainer, people):
    terminal = security.add_credential(
        head,
        site=site,
        system="监控终端",
        account="op",
        level="terminal",
        custodian=maintainer,
        last_rotated_on=timezone.localdate(),
    )
    moved = security.change_custodian(
        head, terminal, version=terminal.version, custodian=people[Role.IT_STAFF]
    )
    assert moved.next_due_on == timezone.localdate()
    assert OutboxMessage.objects.filter(
        recipient=people[Role.IT_STAFF], subject__contains="today"
    ).exists()
    moved = security.record_rotation(people[Role.IT_STAFF], moved, version=moved.version)
    security.report_security(
        maintainer,
        site=site,
        kind="secret_leaked",
        description="口令写在便签上被拍照",
        remedy="已撕毁便签，通知托管人修改",
        credential=moved,
    )
    moved.refresh_from_db()
    assert moved.next_due_on == timezone.localdate()


def test_mr12_no_field_anywhere_stores_a_secret(api_for, head, site):
    """Models of every app, the machine room's forms, and the API schema: no field named like a
    password or secret, except Django's own salted hash of a log-in password."""
    from infocenter.machineroom.forms import security as forms

    allowed = {("core.user", "password")}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = (model._meta.label_lower, field.name)
            assert name in allowed or not any(w in field.name.lower() for w in SECRET_WORDS), name
    for form_class in (getattr(forms, n) for n in dir(forms)):
        for field in getattr(form_class, "base_fields", {}):
            assert not any(w in field.lower() for w in SECRET_WORDS), (form_class, field)
    schema = api_for(head).get("/api/schema/", {"format": "json"}).json()
    for name, component in schema["components"]["schemas"].items():
        if name.startswith(
            ("Credential", "Rotation", "Custodian", "Key", "SecurityReport", "Retire")
        ):
            for prop in component.get("properties", {}):
                assert not any(w in prop.lower() for w in SECRET_WORDS), (name, prop)


def test_mr12_api_refuses_a_password_by_name_and_stores_nothing(api_for, head, site):
    from infocenter.core.models import AuditEvent
    from infocenter.machineroom.models import Credential

    response = api_for(head).post(
        "/api/v1/machineroom/credentials/",
        {
            "site": site.pk,
            "system": "核心交换机",
            "account": "admin",
            "level": "admin",
            "custodian": head.pk,
            "last_rotated_on": timezone.localdate().isoformat(),
            "password": "S3cret-Pa55",
        },
        format="json",
    )
    assert response.status_code == 400 and "password" in str(response.json())
    assert not Credential.objects.exists()
    assert not AuditEvent.objects.filter(data__icontains="S3cret").exists()
    ok = api_for(head).post(
        "/api/v1/machineroom/credentials/",
        {
            "site": site.pk,
            "system": "核心交换机",
            "account": "admin",
            "level": "admin",
            "custodian": head.pk,
            "last_rotated_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert ok.status_code == 201 and "password" not in ok.json()


def test_mr4_keys_page_and_api_filter_the_same_way(
    key, maintainer, people, site, client_for, api_for
):
    """One filterset serves the keys page and the API list: the same ``?state=``; a page ignores
    a value it does not know, the API names it."""
    from django.urls import reverse

    spare = security.add_key(maintainer, site=site, label="备用钥匙", opens="机柜 A1")
    security.hand_over_key(maintainer, key, version=key.version, to=people[Role.IT_STAFF])
    url = reverse("machineroom:keys")
    page = client_for(maintainer).get(url + "?state=issued").content.decode()
    assert f'data-key="{key.label}"' in page and f'data-key="{spare.label}"' not in page
    listed = api_for(maintainer).get("/api/v1/machineroom/keys/?state=issued").json()["results"]
    assert [k["label"] for k in listed] == [key.label]
    ignored = client_for(maintainer).get(url + "?state=gone")
    assert ignored.status_code == 200
    assert f'data-key="{spare.label}"' in ignored.content.decode()
    refused = api_for(maintainer).get(f"/api/v1/machineroom/keys/?state=gone&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["state"]


def test_mr12_api_people_and_accounts_of_other_sites_do_not_exist(
    api_for, head, switch, site, org, root
):
    """A custodian or an account the API names is one of the caller's sites: another site's is
    refused exactly like an id that does not exist."""
    from tests.conftest import make_person

    their_head = make_person(root, "head_b", Role.IC_HEAD, site=org["b"])
    theirs = security.add_credential(
        their_head,
        site=org["b"],
        system="外项目交换机",
        account="admin",
        level="admin",
        custodian=their_head,
        last_rotated_on=timezone.localdate(),
    )
    url = f"/api/v1/machineroom/credentials/{switch.pk}/custodian/"
    missing = api_for(head).post(url, {"version": switch.version, "custodian": 999999})
    refused = api_for(head).post(url, {"version": switch.version, "custodian": their_head.pk})
    assert missing.status_code == refused.status_code == 400
    assert missing.json()["custodian"] == ["无效主键 “999999” － 对象不存在。"]
    assert refused.json()["custodian"] == [f"无效主键 “{their_head.pk}” － 对象不存在。"]
    report = {"site": site.pk, "kind": "secret_leaked", "description": "泄露", "remedy": "改密"}
    reports = "/api/v1/machineroom/security-reports/"
    missing = api_for(head).post(reports, report | {"credential": 999999}, format="json")
    refused = api_for(head).post(reports, report | {"credential": theirs.pk}, format="json")
    assert missing.status_code == refused.status_code == 400
    assert missing.json()["credential"] == ["无效主键 “999999” － 对象不存在。"]
    assert refused.json()["credential"] == [f"无效主键 “{theirs.pk}” － 对象不存在。"]
