"""MR-9 pages in Chinese: the round on a phone (save, refused finish with the reasons and the
input kept, finish with a work order linked both ways), checklists, schedules, alarms, faults,
the A4 record, the Excel export and the query budgets of the lists."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.services import incidents, inspections
from infocenter.servicedesk.models import WorkOrder

from .conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _post_round(
    client, record, *, action, temperature="", ups="", ups_photo=None, extinguisher="", note=""
):
    ids = {r.label: r.pk for r in record.results.all()}
    data = {
        "version": record.version,
        "action": action,
        f"r{ids['机房温度']}_reading": temperature,
        f"r{ids['机房湿度']}_reading": "55",
        f"r{ids['UPS 运行状态']}_outcome": ups,
        f"r{ids['灭火器压力']}_outcome": extinguisher,
        f"r{ids['灭火器压力']}_note": note,
    }
    if ups_photo is not None:
        data[f"r{ids['UPS 运行状态']}_photo"] = ups_photo
    return client.post(reverse("machineroom:round", args=[record.pk]), data)


def test_mr9_rounds_page_lists_today_for_the_maintainer(open_round, maintainer, client_for):
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:rounds")).content.decode()
    today = page.split('data-testid="rounds-today"')[1]
    assert "机房日常巡检" in today and open_round.serial in today
    home = client.get(reverse("home")).content.decode()
    assert open_round.serial in home


def test_mr9_round_page_on_a_phone_shows_ranges_and_big_buttons(open_round, maintainer, client_for):
    page = (
        client_for(maintainer)
        .get(reverse("machineroom:round", args=[open_round.pk]))
        .content.decode()
    )
    assert "18–27 °C" in page and "40–70 %" in page
    assert 'inputmode="decimal"' in page and 'capture="environment"' in page and "btn-lg" in page


def test_mr9_finish_refused_keeps_input_and_names_what_is_missing(
    open_round, maintainer, client_for
):
    client = client_for(maintainer)
    response = _post_round(client, open_round, action="finish", temperature="23", ups="pass")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="23' in page  # the reading is kept (and saved)
    open_round.refresh_from_db()
    assert open_round.state == "open" and open_round.results.get(
        label="机房温度"
    ).reading == Decimal("23.00")
    assert page.count("invalid-feedback") >= 2  # the photo and the extinguisher
    assert (
        "alert-danger" in page.split('enctype="multipart/form-data"')[1][:1500]
    )  # the reason, above the items


def test_mr9_finish_with_a_hot_room_opens_a_work_order_linked_both_ways(
    open_round,
    maintainer,
    people,
    client_for,
):
    client = client_for(maintainer)
    response = _post_round(
        client,
        open_round,
        action="finish",
        temperature="31",
        ups="pass",
        ups_photo=photo(),
        extinguisher="pass",
    )
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    page = client.get(reverse("machineroom:round", args=[open_round.pk])).content.decode()
    assert order.serial in page and reverse("servicedesk:order", args=[order.pk]) in page
    order_page = (
        client_for(people[Role.DEPT_HEAD])
        .get(reverse("servicedesk:order", args=[order.pk]))
        .content.decode()
    )
    assert (
        reverse("machineroom:round", args=[open_round.pk]) in order_page
        and open_round.serial in order_page
    )
    form_page = client_for(people[Role.PROCESSOR]).get(
        reverse("servicedesk:form", args=[order.form_id])
    )
    assert open_round.serial in form_page.content.decode()
    again = _post_round(
        client, open_round, action="finish", temperature="31", ups="pass", extinguisher="pass"
    )
    assert again.status_code == 409, again.content.decode()[-3000:]
    assert WorkOrder.objects.count() == 1


def test_mr9_auditor_sees_the_round_without_a_form(open_round, people, client_for):
    client = client_for(people[Role.AUDITOR])
    page = client.get(reverse("machineroom:round", args=[open_round.pk])).content.decode()
    assert "机房温度" in page and 'name="action"' not in page
    assert _post_round(client, open_round, action="save", temperature="20").status_code == 403


def test_mr9_print_and_export(open_round, maintainer, client_for):
    inspections.record_results(
        maintainer,
        open_round,
        version=open_round.version,
        entries={open_round.results.get(label="机房温度").pk: {"reading": Decimal("21.5")}},
    )
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:round_print", args=[open_round.pk])).content.decode()

    assert open_round.serial in page and "21.5 °C" in page and "18–27 °C" in page
    response = client.get(reverse("machineroom:rounds_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5 and rows[1][5] == "机房温度" and rows[1][7] == "21.5"


def test_mr9_checklist_pages(maintainer, site, room, client_for):
    client = client_for(maintainer)
    response = client.post(
        reverse("machineroom:checklists"),
        {"site": site.pk, "name": "UPS 巡检", "target": "device", "device": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("machineroom:checklists"),
        {"site": site.pk, "name": "UPS 巡检", "target": "device", "device": "UPS 主机 山特 C10K"},
    )
    assert response.status_code == 302
    record = inspections.Checklist.objects.get(name="UPS 巡检")
    refused = client.post(
        reverse("machineroom:checklist_item_add", args=[record.pk]),
        {"version": record.version, "label": "输出电压", "kind": "reading", "unit": "V"},
    )
    assert refused.status_code == 400 and "输出电压" in refused.content.decode()
    ok = client.post(
        reverse("machineroom:checklist_item_add", args=[record.pk]),
        {
            "version": record.version,
            "label": "输出电压",
            "kind": "reading",
            "unit": "V",
            "min_value": "210",
            "max_value": "230",
            "photo_required": "on",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("machineroom:checklist", args=[record.pk])).content.decode()
    assert "210–230 V" in page


def test_mr9_schedule_page(maintainer, site, checklist, client_for):
    client = client_for(maintainer)
    bad = client.post(
        reverse("machineroom:inspection_schedules"),
        {
            "site": site.pk,
            "checklist": checklist.pk,
            "name": "每日",
            "rule": "FREQ=SOMETIMES",
            "due_hours": 10,
        },
    )
    assert bad.status_code == 400
    ok = client.post(
        reverse("machineroom:inspection_schedules"),
        {
            "site": site.pk,
            "checklist": checklist.pk,
            "name": "每日巡检",
            "rule": "FREQ=DAILY;BYHOUR=8;BYMINUTE=0",
            "due_hours": 10,
        },
    )
    assert ok.status_code == 302
    assert (
        "FREQ=DAILY;BYHOUR=8;BYMINUTE=0"
        in client.get(reverse("machineroom:inspection_schedules")).content.decode()
    )
    schedule = inspections.InspectionSchedule.objects.get()
    refused = client.post(
        reverse("machineroom:inspection_schedule_edit", args=[schedule.pk]),
        {"version": schedule.version, "name": "每日巡检", "rule": "FREQ=NEVER;X", "due_hours": 10},
    )
    assert refused.status_code == 400 and "FREQ=NEVER;X" in refused.content.decode()
    changed = client.post(
        reverse("machineroom:inspection_schedule_edit", args=[schedule.pk]),
        {
            "version": schedule.version,
            "name": "每日巡检",
            "rule": "FREQ=DAILY;BYHOUR=9",
            "due_hours": 9,
        },
    )
    assert changed.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.rule, schedule.due_hours) == ("FREQ=DAILY;BYHOUR=9", 9)


def test_mr9_alarm_and_fault_pages(maintainer, site, people, client_for):
    client = client_for(maintainer)
    response = client.post(
        reverse("machineroom:alarms"),
        {"site": site.pk, "device": "核心交换机", "severity": "critical", "text": "风扇故障"},
    )
    assert response.status_code == 302
    alarm = incidents.CoreAlarm.objects.get()
    page = client.get(reverse("machineroom:alarm", args=[alarm.pk])).content.decode()
    assert "风扇故障" in page and 'data-step="respond"' in page and 'data-step="close"' not in page
    fault = incidents.log_fault(maintainer, site=site, kind="line", description="专线中断")
    page = client.get(reverse("machineroom:fault", args=[fault.pk])).content.decode()
    assert 'data-step="check"' in page and 'data-step="report"' not in page
    refused = client.post(
        reverse("machineroom:fault_step", args=[fault.pk, "report"]),
        {"version": fault.version, "upstream_unit": "中国电信"},
    )
    assert refused.status_code == 400
    fault.refresh_from_db()
    assert fault.state == "open"


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:rounds", 12),
        ("machineroom:checklists", 10),
        ("machineroom:alarms", 10),
        ("machineroom:faults", 10),
        ("machineroom:inspection_schedules", 10),
    ],
)
def test_mr9_list_query_budgets(
    maintainer,
    site,
    checklist,
    client_for,
    django_assert_max_num_queries,
    name,
    budget,
):
    for _ in range(3):
        inspections.start_round(
            maintainer, checklist=checklist, due_at=timezone.now() + dt.timedelta(hours=2)
        )
        incidents.log_alarm(maintainer, site=site, device="防火墙", text="CPU 高", severity="minor")
        incidents.log_fault(maintainer, site=site, kind="network", description="掉线")
    inspections.add_schedule(
        maintainer, checklist=checklist, name="每日", rule="FREQ=DAILY;BYHOUR=8"
    )
    client = client_for(maintainer)
    client.get(reverse(name))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name)).status_code == 200


def test_mr9_round_page_query_budget(
    open_round, maintainer, client_for, django_assert_max_num_queries
):
    client = client_for(maintainer)
    client.get(reverse("machineroom:round", args=[open_round.pk]))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("machineroom:round", args=[open_round.pk])).status_code == 200


def test_mr9_demo_rounds_alarm_and_fault_pages(db, settings, client):
    from infocenter import cli
    from infocenter.core.models import User
    from infocenter.machineroom.models import CoreAlarm, InspectionRound, NetworkFault

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert cli.main(["demo"]) == 0
    # the past's daily rounds come before: yesterday's and today's are the last two
    *past, done, today = InspectionRound.objects.filter(title="机房日常巡检").order_by("occurs_at")
    assert (done.state, today.state) == ("done", "open")
    assert timezone.localdate(today.occurs_at) == timezone.localdate()
    assert {r.state for r in past} <= {"done", "cancelled"}
    order = done.results.get(label="机房温度").order
    assert order.department.name == "工程部"
    client.force_login(User.objects.get(username="wulei"))
    assert today.serial in client.get(reverse("home")).content.decode()
    for name, pk in [
        ("machineroom:round", done.pk),
        ("machineroom:round", today.pk),
        ("machineroom:round_print", done.pk),
        ("machineroom:alarm", CoreAlarm.objects.get(state="responded").pk),  # today's
        ("machineroom:fault", NetworkFault.objects.get().pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 200, name
    for name in (
        "machineroom:rounds",
        "machineroom:checklists",
        "machineroom:inspection_schedules",
        "machineroom:alarms",
        "machineroom:faults",
        "machineroom:rounds_export",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert NetworkFault.objects.get().state == "reported"
    assert order.serial in client.get(reverse("machineroom:round", args=[done.pk])).content.decode()
