"""Machine-room pages in Chinese: the desk at 375 px widths (one tap in and out), requests with
only the allowed steps, the head's approvals inbox, printed registers and exports, query budgets."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from infocenter.core.choices import Role
from infocenter.machineroom.models import Visit
from infocenter.machineroom.services import access as services

from .conftest import page_budget


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_mr2_desk_signs_staff_in_with_one_tap(room, maintainer, client_for, site):
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:desk")).content.decode()
    assert "中心机房" in page and "登记进入" in page
    response = client.post(reverse("machineroom:sign_in_staff"), {"room": room.pk})
    assert response.status_code == 302
    page = client.get(reverse("machineroom:desk")).content.decode()
    assert maintainer.full_name in page.split('data-testid="inside"')[1] and "登记离开" in page


def test_mr2_desk_refuses_a_visitor_with_the_reason(approved, maintainer, client_for):
    record = approved()
    response = client_for(maintainer).post(
        reverse("machineroom:sign_in_visitor"),
        {"request": record.pk, "name": "李四", "escort": maintainer.pk},
    )
    assert response.status_code == 400 and "李四" in response.content.decode()
    assert not Visit.objects.exists()
    ok = client_for(maintainer).post(
        reverse("machineroom:sign_in_visitor"),
        {"request": record.pk, "name": "王师傅", "escort": maintainer.pk},
    )
    assert ok.status_code == 302 and Visit.objects.get().name == "王师傅"


def test_mr2_request_page_offers_the_head_approve_and_refuse(ask, head, people, client_for):
    record = ask()
    head_page = (
        client_for(head).get(reverse("machineroom:request", args=[record.pk])).content.decode()
    )
    assert 'data-step="approve"' in head_page and 'data-step="refuse"' in head_page
    requester_page = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("machineroom:request", args=[record.pk]))
        .content.decode()
    )
    assert 'data-step="approve"' not in requester_page and 'data-step="cancel"' in requester_page
    refused = client_for(head).post(
        reverse("machineroom:request_step", args=[record.pk, "refuse"]),
        {"version": record.version, "note": ""},
    )
    assert refused.status_code == 400
    inbox = client_for(head).get(reverse("machineroom:approvals")).content.decode()
    assert record.serial in inbox


def test_mr2_approvals_inbox_narrows_to_one_kind_and_counts_each(
    ask, head, maintainer, site, client_for
):
    from infocenter.machineroom.services import security

    record = ask()
    report = security.report_security(
        maintainer, site=site, kind="weakness", description="机柜门锁损坏", remedy="更换"
    )
    page = client_for(head).get(reverse("machineroom:approvals")).content.decode()
    assert (
        record.serial in page and "机柜门锁损坏" in page and 'data-testid="approval-kinds"' in page
    )
    with translation.override("zh-hans"):
        kind = str(record.get_kind_display())
    only_requests = (
        client_for(head).get(reverse("machineroom:approvals"), {"kind": kind}).content.decode()
    )
    assert record.serial in only_requests and report.description not in only_requests


def test_mr2_request_form_keeps_what_was_typed(people, room, client_for, maintainer):
    response = client_for(people[Role.DEPT_HEAD]).post(
        reverse("machineroom:request_new"),
        {
            "room": room.pk,
            "kind": "construction",
            "organisation": "重庆电信",
            "applicant": "王师傅",
            "phone": "13800138000",
            "people": "张工\n李工",
            "purpose": "布线",
            "scope": "",
            "starts_at": "2026-12-01T09:00",
            "ends_at": "2026-12-01T18:00",
            "escort": maintainer.pk,
        },
    )
    body = response.content.decode()
    assert (
        response.status_code == 400 and "重庆电信" in body and "张工" in body and "施工范围" in body
    )


def test_mr2_mr3_registers_print_and_export(approved, maintainer, client_for, site):
    from openpyxl import load_workbook

    visit = services.sign_in_visitor(maintainer, request=approved("construction"), name="王师傅")
    services.record_item(maintainer, visit=visit, direction="out", description="旧交换机")
    client = client_for(maintainer)
    assert "机房进出登记" in client.get(reverse("machineroom:log_print")).content.decode()
    assert "旧交换机" in client.get(reverse("machineroom:items_print")).content.decode()
    record_print = client.get(
        reverse("machineroom:request_print", args=[visit.request_id])
    ).content.decode()
    assert "施工申请单" in record_print and "王师傅" in record_print
    for name, text in (
        ("machineroom:log_export", "王师傅"),
        ("machineroom:items_export", "旧交换机"),
    ):
        rows = list(
            load_workbook(io.BytesIO(client.get(reverse(name)).content)).active.iter_rows(
                values_only=True
            )
        )
        assert any(
            text in (cell or "") for row in rows[1:] for cell in row if isinstance(cell, str)
        ), name


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:desk", 18),
        ("machineroom:requests", 10),
        ("machineroom:log", 10),
        ("machineroom:items", 10),
        ("machineroom:approvals", "inbox"),
    ],
)
def test_page_query_budgets(
    approved, ask, maintainer, head, client_for, django_assert_max_num_queries, name, budget
):
    record = approved("construction", people_coming=("张工", "李工", "赵工"))
    for n in ("张工", "李工"):
        visit = services.sign_in_visitor(maintainer, request=record, name=n)
        services.record_item(maintainer, visit=visit, direction="out", description="网线")
    ask()
    ask()
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(page_budget(budget)):
        assert client.get(reverse(name)).status_code == 200


def test_mr4_keys_page_hands_a_key_out_only_with_the_heads_approval(
    maintainer, head, people, client_for, site
):
    from infocenter.machineroom.services import security

    key = security.add_key(maintainer, site=site, label="机房正门钥匙", opens="机房正门")
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:keys")).content.decode()
    assert "机房正门钥匙" in page and "在钥匙箱" in page
    refused = client.post(
        reverse("machineroom:key_step", args=[key.pk, "hand_over"]),
        {"version": key.version, "to": people[Role.DEPT_HEAD].pk},
    )
    assert refused.status_code == 400 and "钥匙不得借给" in refused.content.decode()
    ok = client.post(
        reverse("machineroom:key_step", args=[key.pk, "hand_over"]),
        {"version": key.version, "to": people[Role.DEPT_HEAD].pk, "approved_by": head.pk},
    )
    assert ok.status_code == 302
    key.refresh_from_db()
    assert key.holder == people[Role.DEPT_HEAD]


def test_mr12_credential_page_has_no_password_field_and_shows_what_is_due(head, client_for, site):
    import datetime as dt

    from django.utils import timezone

    from infocenter.machineroom.services import security

    security.add_credential(
        head,
        site=site,
        system="核心交换机",
        account="admin",
        level="admin",
        custodian=head,
        last_rotated_on=timezone.localdate() - dt.timedelta(days=100),
    )
    page = client_for(head).get(reverse("machineroom:credentials")).content.decode()
    assert "核心交换机" in page and "不保存任何口令" in page and "逾期" in page
    assert 'type="password"' not in page and 'name="password"' not in page


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:keys", 12),
        ("machineroom:credentials", 12),
        ("machineroom:reports", 10),
    ],
)
def test_security_page_query_budgets(
    maintainer, head, people, site, client_for, django_assert_max_num_queries, name, budget
):
    import datetime as dt

    from django.utils import timezone

    from infocenter.machineroom.services import security

    for n in range(3):
        key = security.add_key(maintainer, site=site, label=f"钥匙{n}", opens="机柜")
        security.hand_over_key(maintainer, key, version=key.version, to=people[Role.IT_STAFF])
        security.add_credential(
            head,
            site=site,
            system=f"交换机{n}",
            account="admin",
            level="admin",
            custodian=head,
            last_rotated_on=timezone.localdate() - dt.timedelta(days=10),
        )
        security.report_security(
            maintainer, site=site, kind="weakness", description=f"问题{n}", remedy="整改"
        )
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(page_budget(budget)):
        assert client.get(reverse(name)).status_code == 200


def test_mr2_access_log_page_export_and_api_filter_the_same_way(
    room, maintainer, head, client_for, api_for, site
):
    """One filterset serves the access log's page, its Excel export and the API list: the same
    ``?kind=`` and ``?outcome=``; a page ignores a value it does not know, the API names it."""
    from openpyxl import load_workbook

    services.sign_in_staff(maintainer, room=room)
    services.record_refusal(maintainer, room=room, name="陌生人", reason="强行闯入", forced=True)
    page = client_for(head).get(reverse("machineroom:log") + "?outcome=forced").content.decode()
    assert "陌生人" in page and maintainer.full_name not in page
    export = client_for(head).get(reverse("machineroom:log_export") + "?outcome=forced")
    names = {
        row[3]
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    }
    assert "陌生人" in names and maintainer.full_name not in names
    listed = api_for(head).get("/api/v1/machineroom/visits/?outcome=forced").json()["results"]
    assert [v["name"] for v in listed] == ["陌生人"]
    ignored = client_for(head).get(reverse("machineroom:log") + "?outcome=maybe")
    assert ignored.status_code == 200
    assert "陌生人" in ignored.content.decode() and maintainer.full_name in ignored.content.decode()
    refused = api_for(head).get(f"/api/v1/machineroom/visits/?outcome=maybe&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["outcome"]
