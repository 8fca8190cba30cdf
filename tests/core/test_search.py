"""UX 12 / issue 14 item 5: one search box for everything, in the top bar of every page. Each
kind found through its app's scoped selectors, an exact serial opening its record, pinyin and
initials, a number's last digits, addresses, the refusal of short input, scoping (a person of
site A finds nothing of site B) and the queries each search costs."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core import search
from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.logbook.choices import ContactCategory, EntryKind, ReportChannel
from infocenter.logbook.services import calls, directory, registry
from infocenter.machineroom.rules.changes import ChangeContent
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import access, backups, changes, equipment
from infocenter.servicedesk import services as sd
from infocenter.servicedesk.choices import Category, ReporterKind, Source
from infocenter.servicedesk.services import residents
from infocenter.staffwork.services import endpoints
from tests.conftest import make_person


@pytest.fixture
def room(org):
    return Room.objects.filter(unit__building__site=org["a"]).order_by("number").first()


@pytest.fixture
def resident(org, people, room):
    return residents.add_resident(
        people[Role.PROCESSOR], site=org["a"], name="刘德华", phone="13712345678", room=room
    )


@pytest.fixture
def form(org, people, room, resident):
    return sd.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="刘德华",
        reporter_phone="13712345678",
        category=Category.REPAIR,
        content="卫生间漏水",
        room=room,
        resident=resident,
    )


@pytest.fixture
def order(form, people, org):
    return sd.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=Department.objects.get(site=org["a"], code="gc"),
        assistant=people[Role.CS_ASSISTANT],
    )


def _groups(user, q, limit=search.RESULTS) -> dict[str, list[search.Hit]]:
    return {kind.key: hits for kind, hits in search.search(user, search.read(q), limit=limit)}


def _titles(user, q, kind) -> list[str]:
    return [hit.title for hit in _groups(user, q).get(kind, [])]


# -- reading what was typed ----------------------------------------------------------------------


def test_ux5_query_is_read_as_serial_phone_pinyin_or_text():
    assert search.read(" jahy-kf-2026-00042 ").serial == "JAHY-KF-2026-00042"
    assert search.read("023-6700").digits == "0236700"
    assert search.read("1-1-101").digits == ""
    assert search.read("LDH").key == "ldh"
    q = search.read("3栋1201")
    assert (q.serial, q.digits, q.key, q.is_chinese) == ("", "", "", True)


def test_ux5_short_input_is_refused_with_a_message(people, client_for):
    with translation.override("en"):
        assert search.refusal(search.read("张")) == "Type at least 2 characters."
        assert search.refusal(search.read("123")) == "Type at least 4 digits of a phone number."
    assert search.refusal(search.read("1234")) == ""
    client = client_for(people[Role.PROCESSOR])
    body = client.get(reverse("search"), {"q": "张"}).content.decode()
    assert "至少输入 2 个字" in body
    body = client.get(reverse("search_suggest"), {"q": "123"}).content.decode()
    assert "电话号码至少输入 4 位数字" in body


# -- each kind -----------------------------------------------------------------------------------


def test_ux5_forms_orders_and_residents_by_name_phone_pinyin_and_address(order, people):
    processor = people[Role.PROCESSOR]
    form = order.form
    for q in ("刘德华", "13712345678", "5678", "ldh", "liudehua", "1-101"):
        found = _groups(processor, q)
        assert [h.title for h in found["sd.forms"]] == [f"{form.serial} · 刘德华 13712345678"], q
        assert found["sd.orders"][0].title.startswith(order.serial), q
    assert _titles(processor, "ldh", "sd.residents") == ["刘德华 13712345678"]
    assert _titles(processor, "45678", "sd.residents") == ["刘德华 13712345678"]


def test_ux5_contacts_entries_and_calls(org, people):
    processor, site = people[Role.PROCESSOR], org["a"]
    directory.add_contact(
        processor,
        site=site,
        category=ContactCategory.POLICE,
        name="观音桥派出所",
        phone="02367001234",
    )
    now = timezone.now()
    entry = registry.record_entry(
        processor,
        site=site,
        department=Department.objects.get(site=site, code="gc"),
        kind=EntryKind.POWER_OUTAGE,
        title="3栋停电检修",
        starts_at=now + dt.timedelta(hours=2),
        changed_at=now - dt.timedelta(hours=1),
        channel=ReportChannel.PHONE,
        reported_by="王工",
    )
    call = calls.log_call(processor, site=site, number="13698765432", caller="赵六", subject="咨询")
    assert _titles(processor, "pcs", "lb.contacts") == ["观音桥派出所 02367001234"]
    assert _titles(processor, "1234", "lb.contacts") == ["观音桥派出所 02367001234"]
    assert _titles(processor, "停电", "lb.entries") == [f"{entry.serial} · 3栋停电检修"]
    assert _titles(processor, "1369876", "lb.calls") == [f"{call.serial} · 13698765432 赵六"]
    assert _groups(processor, call.serial)["lb.calls"][0].exact


def test_ux5_machine_room_records(org, people, root):
    head, maintainer, site = people[Role.IC_HEAD], people[Role.MR_MAINTAINER], org["a"]
    now = timezone.now().replace(microsecond=0)
    machine_room = access.add_room(root, site=site, name="中心机房", location="三楼")
    visit = access.request_access(
        people[Role.DEPT_HEAD],
        room=machine_room,
        kind="visit",
        organisation="重庆电信",
        applicant="王师傅",
        phone="13800138000",
        people=["王师傅"],
        purpose="更换光猫",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=4),
        escort=maintainer,
    )
    change = changes.create_change(
        maintainer,
        site=site,
        content=ChangeContent(
            kind="normal",
            title="核心交换机升级固件",
            system="核心交换机 H3C",
            plan="备份配置，上传固件，重启",
            impact="全网中断约 10 分钟",
            rollback_plan="回退旧固件",
            spare_parts="备用交换机 1 台",
            planned_start=now + dt.timedelta(hours=48),
            planned_end=now + dt.timedelta(hours=50),
            implementer=maintainer,
            not_experimental=True,
        ),
    )
    equipment.add_equipment(
        maintainer,
        site=site,
        line=LedgerLine(category="equipment", name="光纤交换机", serial="SN-FC-0001"),
    )
    backups.add_backup_job(
        head,
        site=site,
        name="收费系统每日备份",
        system="收费系统数据库",
        content="全库备份",
        location="机房 NAS-01",
        custodian=maintainer,
        started_on=timezone.localdate() - dt.timedelta(days=3),
    )
    assert _titles(head, "重庆电信", "mr.requests") == [f"{visit.serial} · 王师傅 重庆电信"]
    assert _groups(head, visit.serial.lower())["mr.requests"][0].exact
    assert _titles(head, "交换机", "mr.changes") == [f"{change.serial} · 核心交换机升级固件"]
    assert _titles(head, "SN-FC-0001", "mr.equipment") == ["光纤交换机 SN-FC-0001"]
    assert _titles(head, "交换机", "mr.equipment") == ["光纤交换机 SN-FC-0001"]
    assert _titles(head, "收费系统", "mr.backups") == ["收费系统每日备份"]


def test_ux5_endpoints_and_people(org, people, root):
    it, site = people[Role.IT_STAFF], org["a"]
    endpoints.add_endpoint(
        it, site=site, user_name="张伟", asset_tag="ZC-2026-001", mac="3c-52-82-1a-2b-3c"
    )
    make_person(root, "zhou", Role.PROCESSOR, site=site)
    assert _titles(it, "张伟", "sw.endpoints") == ["ZC-2026-001 · 张伟 · 3C:52:82:1A:2B:3C"]
    assert _titles(it, "zc-2026-001", "sw.endpoints") == ["ZC-2026-001 · 张伟 · 3C:52:82:1A:2B:3C"]
    assert _titles(it, "测试zhou", "core.people") == ["测试zhou 13900000000"]


# -- scope, serials, pages -------------------------------------------------------------------


def test_ux5_a_person_of_site_a_finds_nothing_of_site_b(org, people, root, client_for):
    b = org["b"]
    processor_b = make_person(root, "proc_b", Role.PROCESSOR, site=b)
    other = residents.add_resident(processor_b, site=b, name="刘德华", phone="13712345678")
    form_b = sd.log_form(
        processor_b,
        site=b,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="刘德华",
        reporter_phone="13712345678",
        category=Category.REPAIR,
        content="停水",
        resident=other,
    )
    processor_a = people[Role.PROCESSOR]
    for q in ("刘德华", "ldh", "13712345678", "5678", form_b.serial):
        assert _groups(processor_a, q) == {}, q
    assert _titles(processor_b, form_b.serial, "sd.forms") == [
        f"{form_b.serial} · 刘德华 13712345678"
    ]
    response = client_for(people[Role.PROCESSOR]).get(reverse("search"), {"q": form_b.serial})
    body = response.content.decode()
    assert response.status_code == 200 and "data-kind" not in body and "未找到相关记录。" in body


def test_ux5_exact_serial_opens_the_record(order, people, client_for):
    client = client_for(people[Role.PROCESSOR])
    response = client.get(reverse("search"), {"q": order.serial.lower()})
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    response = client.get(reverse("search"), {"q": order.form.serial})
    assert response["Location"] == order.form.get_absolute_url()
    old = client.get(reverse("servicedesk:search"), {"q": order.serial})
    assert old["Location"] == reverse("search") + "?q=" + quote(order.serial)


def test_ux5_results_page_groups_by_kind(order, people, client_for):
    body = client_for(people[Role.PROCESSOR]).get(reverse("search"), {"q": "ldh"}).content.decode()
    assert body.index('data-kind="sd.forms"') < body.index('data-kind="sd.orders"')
    assert body.index('data-kind="sd.orders"') < body.index('data-kind="sd.residents"')
    assert "客户服务单" in body and order.serial in body


def test_ux5_suggestions_list_the_first_few_of_each_kind(org, people, client_for, room):
    processor = people[Role.PROCESSOR]
    for n in range(7):
        residents.add_resident(processor, site=org["a"], name=f"刘德{n}", phone=f"1371234560{n}")
    body = client_for(processor).get(reverse("search_suggest"), {"q": "ld"}).content.decode()
    assert body.count('role="option"') == search.SUGGESTIONS + 1  # and "all results"
    assert "<html" not in body and reverse("search") + "?q=ld" in body


def test_ux5_search_box_is_in_the_top_bar_of_every_page(people, client_for):
    client = client_for(people[Role.DEPT_STAFF])
    for name in ("home", "core:notifications", "servicedesk:inbox"):
        body = client.get(reverse(name)).content.decode()
        assert 'data-testid="search-box"' in body and reverse("search_suggest") in body, name


# -- cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["刘德华", "ldh", "13712345678", "5678", "1-101", "JAHY-KF-2026-1"])
def test_ux5_each_kind_costs_one_query(order, people, client_for, django_assert_max_num_queries, q):
    """One query per kind the person may see, plus the session, the user and the page's own."""
    client = client_for(people[Role.BRANCH_GM])
    client.get(reverse("search_suggest"), {"q": q})  # warm caches
    kinds = len(search.kinds_for(people[Role.BRANCH_GM]))
    with django_assert_max_num_queries(kinds + 6):
        assert client.get(reverse("search_suggest"), {"q": q}).status_code == 200


def test_ux5_refused_input_costs_no_search_query(people, client_for, django_assert_max_num_queries):
    client = client_for(people[Role.PROCESSOR])
    client.get(reverse("search_suggest"), {"q": "1"})
    with django_assert_max_num_queries(4) as done:
        client.get(reverse("search_suggest"), {"q": "1"})
    assert not [q for q in done.captured_queries if "servicedesk_" in q["sql"]]


def test_ux5_only_the_kinds_a_query_can_match_are_asked(people):
    gm = people[Role.BRANCH_GM]
    every = {k.key for k in search.kinds_for(gm)}
    serial = {k.key for k in search.kinds_for(gm, search.read("JAHY-KF-2026-00042"))}
    number = {k.key for k in search.kinds_for(gm, search.read("5678"))}
    words = {k.key for k in search.kinds_for(gm, search.read("刘德华"))}
    flat = {k.key for k in search.kinds_for(gm, search.read("3-1-1201"))}
    # people and registers without serials are not asked for a serial, and so on
    assert {"sd.residents", "lb.contacts", "core.people", "mr.backups"}.isdisjoint(serial)
    assert {"sd.forms", "sd.orders", "lb.calls"} <= serial
    assert {"lb.entries", "mr.changes", "mr.backups"}.isdisjoint(number)
    assert {"sd.residents", "lb.contacts", "core.people", "lb.calls"} <= number
    assert "lb.calls" not in words
    # a flat's address is asked of what holds addresses, titles and asset numbers only
    assert search.read("3-1-1201").shape == search.read("1-101").shape == search.FLAT
    assert search.read("3栋1单元1201").shape == search.WORDS
    assert flat == {
        "sd.forms",
        "sd.orders",
        "sd.residents",
        "lb.entries",
        "mr.equipment",
        "sw.endpoints",
    }
    assert serial | number | flat | words == every


def _tail_indexed(queryset, table: str, index: str) -> bool:
    """The query compares the very expression ``index`` holds (SQLite and PostgreSQL use an
    expression index only for the same expression with its constant inline)."""
    from django.db import connection

    sql = str(queryset.query)
    constraints = connection.introspection.get_constraints(connection.cursor(), table)
    expression = {
        "sqlite": 'SUBSTR("{t}"."phone", -4) = ',
        "postgresql": 'RIGHT("{t}"."phone", 4) = ',
    }
    return index in constraints and expression[connection.vendor].format(t=table) in sql


def test_ux5_a_numbers_last_digits_are_an_index_lookup(org, people, resident):
    """A number's last four digits find residents and contacts through the tail indexes, not by
    reading the whole register (``LIKE '%5678'``)."""
    from infocenter.logbook.selectors import contacts_matching
    from infocenter.servicedesk.selectors import residents_matching

    processor = people[Role.PROCESSOR]
    query = search.read("5678")
    found = residents_matching(processor, query)
    assert list(found) == [resident]
    assert _tail_indexed(found, "servicedesk_resident", "resident_phone_tail_idx")
    contacts = contacts_matching(processor, query)
    assert _tail_indexed(contacts, "logbook_contact", "contact_phone_tail_idx")
    # the tail finds the candidates, the whole of what was typed decides
    assert list(residents_matching(processor, search.read("45678"))) == [resident]
    assert list(residents_matching(processor, search.read("95678"))) == []
