"""The register pages in Chinese: what each role sees and does, refusals on the page, and the
query budgets of the busiest lists."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.logbook import services
from infocenter.logbook.choices import ContactCategory, EntryKind, ReportChannel
from infocenter.logbook.models import PhoneCall, RegistryEntry

from .test_directory import xlsx


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_log1_handover_page_drafts_and_the_incoming_accepts(site, people, processor2, client_for):
    p = people[Role.PROCESSOR]
    services.log_missed_call(p, site=site, number="13800138009")
    client = client_for(p)
    body = client.get(reverse("logbook:handovers")).content.decode()
    assert "当前移交事项" in body and "13800138009" in body and "交班" in body
    response = client.post(
        reverse("logbook:handovers"),
        {"site": site.pk, "incoming": processor2.pk, "shift": "白班", "equipment_state": "正常"},
    )
    assert response.status_code == 302
    handover_url = response["Location"]
    incoming = client_for(processor2)
    assert "待我接班的交接班记录" in incoming.get(reverse("home")).content.decode()
    page = incoming.get(handover_url).content.decode()
    assert "确认接班" in page
    accept = incoming.post(handover_url + "accept/", {"version": 1, "note": "已清点"})
    assert accept.status_code == 302
    assert "已接班" in incoming.get(handover_url).content.decode()
    printed = client.get(handover_url + "print/").content.decode()
    assert "KF-CQ08-01-F1" in printed and "已电子签认" in printed


def test_log2_call_page_logs_a_call_and_makes_a_form(site, people, client_for):
    client = client_for(people[Role.PROCESSOR])
    refused = client.post(
        reverse("logbook:calls"),
        {"site": site.pk, "kind": "call", "direction": "in", "number": "123", "subject": "报修"},
    )
    assert refused.status_code == 400 and "请输入 11 位手机号" in refused.content.decode()
    response = client.post(
        reverse("logbook:calls"),
        {
            "site": site.pk,
            "kind": "call",
            "direction": "in",
            "number": "13800138000",
            "caller": "张三",
            "subject": "门禁坏了",
            "form_category": "repair",
        },
    )
    assert response.status_code == 302
    call = PhoneCall.objects.get()
    assert call.form is not None
    body = client.get(reverse("logbook:calls")).content.decode()
    assert call.serial in body and call.form.serial in body
    printed = client.get(reverse("logbook:calls_print")).content.decode()
    assert "KF-CQ08-01-F4" in printed and "门禁坏了" in printed


def test_log3_now_board_page_answers_in_one_search(site, people, gc, building, client_for):
    now = timezone.now()
    services.record_entry(
        people[Role.PROCESSOR],
        site=site,
        department=gc,
        kind=EntryKind.POWER_OUTAGE,
        title="1栋配电检修",
        starts_at=now - dt.timedelta(hours=1),
        changed_at=now,
        channel=ReportChannel.PHONE,
        reported_by="王工",
        buildings=[building],
    )
    client = client_for(people[Role.CS_ASSISTANT])
    assert "1栋配电检修" in client.get(reverse("logbook:registry") + "?q=1栋停电").content.decode()
    body = client.get(reverse("logbook:registry") + "?q=1栋停水").content.decode()
    assert "当前没有与“1栋停水”相符的生效信息" in body
    assert "1栋配电检修" in client.get(reverse("home")).content.decode()  # the home panel


def test_log3_a_department_head_reports_its_own_change(site, people, gc, client_for):
    client = client_for(people[Role.DEPT_HEAD])
    form = client.get(reverse("logbook:entry_new")).content.decode()
    assert 'name="channel"' not in form  # a department reports in the system
    now = timezone.now()
    response = client.post(
        reverse("logbook:entry_new"),
        {
            "site": site.pk,
            "department": gc.pk,
            "kind": "water_outage",
            "title": "二次供水水箱清洗",
            "starts_at": local(now + dt.timedelta(days=1)),
            "changed_at": local(now - dt.timedelta(hours=6)),
        },
    )
    assert response.status_code == 302
    entry = RegistryEntry.objects.get()
    assert entry.channel == "system" and entry.late
    assert "迟报" in client.get(response["Location"]).content.decode()


def test_log4_directory_page_searches_contacts_and_residents(site, people, building, client_for):
    from infocenter.servicedesk import services as sd

    p = people[Role.PROCESSOR]
    services.add_contact(
        p,
        site=site,
        category=ContactCategory.POLICE,
        name="张警官",
        organisation="江北派出所",
        phone="023-67001234",
    )
    sd.add_resident(
        p, site=site, name="张三丰", phone="13912345678", room=building.units.first().rooms.first()
    )
    body = (
        client_for(people[Role.CS_ASSISTANT])
        .get(reverse("logbook:contacts") + "?q=zs")
        .content.decode()
    )
    assert "张三丰" in body  # residents by initials
    body = (
        client_for(people[Role.CS_ASSISTANT])
        .get(reverse("logbook:contacts") + "?q=派出所")
        .content.decode()
    )
    assert "张警官" in body and "023-67001234" in body


def test_log4_import_page_lists_every_bad_row_and_imports_nothing(site, people, client_for):
    client = client_for(people[Role.PROCESSOR])
    response = client.post(
        reverse("logbook:contacts_import") + f"?site={site.pk}",
        {
            "file": xlsx(
                [
                    ("辖区派出所", "", "", "", "110", "", ""),
                    ("居委会", "王主任", "", "", "12", "", ""),
                ]
            )
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "未导入任何数据：2 行有错误" in body
    assert 'data-testid="import-errors"' in body and ">2<" in body and ">3<" in body


# The handover draft reads one query per carried-over section; the machine room adds its open serious
# events (MR-1) and its open alarms and faults (MR-9).
@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("logbook:handovers", 20),
        ("logbook:calls", 10),  # IT-5: the people a missed call may be for
        ("logbook:registry", 12),
        ("logbook:contacts", 9),
        ("logbook:library", 8),
        ("logbook:whereabouts", 11),
    ],
)
def test_log_page_query_budgets(
    site, people, gc, building, client_for, django_assert_max_num_queries, name, budget
):
    p = people[Role.PROCESSOR]
    now = timezone.now()
    for n in range(5):
        services.log_call(
            p,
            site=site,
            number=f"1380013800{n}",
            caller="张三",
            subject="咨询",
            form_category="inquiry" if n % 2 else "",
        )
        services.log_missed_call(p, site=site, number=f"1390013900{n}")
        services.record_entry(
            p,
            site=site,
            department=gc,
            kind=EntryKind.WATER_OUTAGE,
            title=f"停水{n}",
            starts_at=now - dt.timedelta(hours=1),
            changed_at=now,
            channel=ReportChannel.PHONE,
            reported_by="王工",
            buildings=[building],
        )
        services.add_contact(
            p, site=site, category=ContactCategory.EMERGENCY, name=f"急救{n}", phone="120"
        )
        document = services.add_document(p, site=site, category="fire", title=f"消防条例{n}")
        services.add_document_version(p, document, label="2021", effective_from=dt.date(2021, 1, 1))
    client = client_for(p)
    client.get(reverse(name))
    with django_assert_max_num_queries(budget):
        assert (
            client.get(
                reverse(name) + ("?q=急救" if name == "logbook:contacts" else "")
            ).status_code
            == 200
        )


def test_log2_the_form_links_back_to_its_call(site, people, client_for):
    call = services.log_call(
        people[Role.PROCESSOR],
        site=site,
        number="13800138000",
        caller="张三",
        subject="门禁坏了",
        form_category="repair",
    )
    body = (
        client_for(people[Role.PROCESSOR])
        .get(reverse("servicedesk:form", args=[call.form_id]))
        .content.decode()
    )
    assert call.serial in body and reverse("logbook:call", args=[call.pk]) in body


def test_log_a_person_without_a_site_is_refused_not_failed(root, client_for):
    from infocenter.core import services as core

    nobody = core.create_person(
        root, username="nobody", full_name="无岗位", password="Test-Passw0rd!"
    )
    client = client_for(nobody)
    for name in (
        "logbook:registry",
        "logbook:entry_new",
        "logbook:contact_new",
        "logbook:calls",
        "logbook:handovers",
        "logbook:policy",
    ):
        assert client.get(reverse(name)).status_code in (403, 404), name
