"""Duty pages in Chinese: today's board for the duty person (checklist on a phone), the closing
checklist with who is still inside, the roster planned in bulk with its print and Excel, serious
events with their callouts, the power and fire-system approvals, query budgets."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.choices import ClosingItem, DutyItem
from infocenter.machineroom.models import ClosingCheck, DutyCheck, RosterDay
from infocenter.machineroom.services import access as services
from infocenter.machineroom.services import duty, safety


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def it(people):
    return people[Role.IT_STAFF]


@pytest.fixture
def rostered(head, room, maintainer, it):
    today = timezone.localdate()
    return duty.plan_roster(
        head, room=room, start=today, end=today, people=[maintainer], on_call=[it]
    )[0]


def _all_ok(items, **problems):
    data = {f"ok_{c}": "ok" for c in items.values}
    for code, note in problems.items():
        data[f"ok_{code}"], data[f"note_{code}"] = "problem", note
    return data


def test_mr1_duty_person_sees_the_checklist_and_fills_it(rostered, maintainer, it, client_for):
    client = client_for(maintainer)
    home = client.get("/").content.decode()
    assert f"{reverse('machineroom:duty')}?site={rostered.site_id}" in home and "中心机房" in home
    page = client.get(reverse("machineroom:duty")).content.decode()
    assert 'name="ok_hygiene"' in page and maintainer.full_name in page and it.full_name in page
    other = client_for(it).get(reverse("machineroom:duty")).content.decode()
    assert 'name="ok_hygiene"' not in other and 'name="ok_fire"' in other
    refused = client.post(
        reverse("machineroom:duty_check", args=[rostered.pk]),
        {"version": rostered.version, **_all_ok(DutyItem), "ok_tidy": "problem"},
    )
    body = refused.content.decode().split('data-item="ok_tidy"')[1].split("data-item=")[0]
    assert (
        refused.status_code == 400 and "invalid-feedback" in body and not DutyCheck.objects.exists()
    )
    ok = client.post(
        reverse("machineroom:duty_check", args=[rostered.pk]),
        {"version": rostered.version, **_all_ok(DutyItem, tidy="桌面杂乱")},
    )
    assert ok.status_code == 302 and DutyCheck.objects.get().problems == 1


def test_mr1_someone_else_is_refused_with_the_reason(rostered, it, client_for):
    response = client_for(it).post(
        reverse("machineroom:duty_check", args=[rostered.pk]),
        {"version": rostered.version, **_all_ok(DutyItem)},
    )
    assert response.status_code == 403 and not DutyCheck.objects.exists()


def test_mr1_closing_warns_of_people_inside_and_refuses_while_visitors_are(
    approved, room, maintainer, it, client_for
):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    client = client_for(it)
    page = client.get(reverse("machineroom:duty")).content.decode()
    assert "王师傅" in page.split('data-testid="still-inside"')[1].split("</div>")[0]
    refused = client.post(reverse("machineroom:closing"), {"room": room.pk, **_all_ok(ClosingItem)})
    assert refused.status_code == 409 and "王师傅" in refused.content.decode()
    services.sign_out(maintainer, visit, version=visit.version)
    ok = client.post(reverse("machineroom:closing"), {"room": room.pk, **_all_ok(ClosingItem)})
    assert ok.status_code == 302 and ClosingCheck.objects.get().done_by == it


def test_mr1_head_plans_the_roster_and_it_prints_and_exports(
    head, room, maintainer, it, client_for
):
    from openpyxl import load_workbook

    client = client_for(head)
    start = timezone.localdate()
    bad = client.post(
        reverse("machineroom:roster_plan"),
        {
            "site": room.site_id,
            "room": room.pk,
            "start": start,
            "end": start - dt.timedelta(days=1),
            "people": [maintainer.pk],
        },
    )
    assert bad.status_code == 400 and not RosterDay.objects.exists()
    response = client.post(
        reverse("machineroom:roster_plan"),
        {
            "site": room.site_id,
            "room": room.pk,
            "start": start,
            "end": start + dt.timedelta(days=6),
            "people": [maintainer.pk, it.pk],
            "on_call": [head.pk],
            "note": "第一周",
        },
    )
    assert response.status_code == 302 and RosterDay.objects.count() == 7
    page = client.get(reverse("machineroom:roster")).content.decode()
    assert (
        'data-testid="roster"' in page
        and maintainer.full_name in page
        and f"machineroom/duty/roster/{RosterDay.objects.first().pk}/change/" in page
    )
    printed = client.get(reverse("machineroom:roster_print")).content.decode()
    assert 'class="boxed list"' in printed and it.full_name in printed
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("machineroom:roster_export")).content)
    ).active
    assert any(
        maintainer.full_name in (c or "")
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    )


def test_mr1_missing_checklists_are_marked_on_the_roster_and_the_board(
    rostered, site, head, client_for
):
    evening = timezone.make_aware(dt.datetime.combine(rostered.day, dt.time(22, 1)))
    duty.check_day(site, evening)
    roster_page = client_for(head).get(reverse("machineroom:roster")).content.decode()
    assert (
        'data-alert="duty_missing"' in roster_page and 'data-alert="closing_missing"' in roster_page
    )
    board = client_for(head).get(reverse("machineroom:duty")).content.decode()
    assert 'data-testid="duty-alerts"' in board


def test_mr1_roster_page_swaps_two_days(head, room, maintainer, it, client_for):
    today = timezone.localdate()
    first, second = duty.plan_roster(
        head, room=room, start=today, end=today + dt.timedelta(days=1), people=[maintainer, it]
    )
    client = client_for(head)
    assert (
        f"machineroom/duty/roster/{first.pk}/swap/"
        in client.get(reverse("machineroom:roster")).content.decode()
    )
    refused = client.post(
        reverse("machineroom:roster_swap", args=[first.pk]), {"version": first.version, "other": ""}
    )
    assert refused.status_code == 400
    duty.change_roster_day(head, second, version=second.version, person=maintainer)
    stale = client.post(
        reverse("machineroom:roster_swap", args=[first.pk]),
        {"version": first.version, "other": f"{second.pk}:{second.version}"},
    )
    assert stale.status_code == 409  # the other day was changed since the page was read
    second.refresh_from_db()
    duty.change_roster_day(head, second, version=second.version, person=it)
    second.refresh_from_db()
    ok = client.post(
        reverse("machineroom:roster_swap", args=[first.pk]),
        {"version": first.version, "other": f"{second.pk}:{second.version}"},
    )
    assert ok.status_code == 302
    assert list(RosterDay.objects.order_by("day").values_list("person", flat=True)) == [
        it.pk,
        maintainer.pk,
    ]


def test_mr1_day_change_refused_once_done(head, rostered, maintainer, it, client_for):
    duty.record_duty_check(
        maintainer,
        rostered,
        version=rostered.version,
        results={c: (True, "") for c in DutyItem.values},
    )
    response = client_for(head).post(
        reverse("machineroom:roster_change", args=[rostered.pk]),
        {"version": rostered.version, "person": it.pk},
    )
    assert response.status_code == 409
    detail = (
        client_for(head).get(reverse("machineroom:roster_day", args=[rostered.pk])).content.decode()
    )
    assert detail.count("bi-check-circle") == len(DutyItem.values)


def test_mr1_event_reported_from_the_control_room_calls_staff_out(
    rostered, room, people, it, client_for
):
    client = client_for(people[Role.PROCESSOR])
    response = client.post(
        reverse("machineroom:events"),
        {"site": room.site_id, "room": room.pk, "kind": "fire", "description": "机房烟感报警"},
    )
    assert response.status_code == 302
    event = safety.SeriousEvent.objects.get()
    page = client_for(it).get(reverse("machineroom:event", args=[event.pk])).content.decode()
    assert 'data-testid="my-callout"' in page and it.full_name in page
    assert (
        client_for(it)
        .post(reverse("machineroom:event_step", args=[event.pk, "arrive"]))
        .status_code
        == 302
    )
    closed = client_for(it).post(
        reverse("machineroom:event_step", args=[event.pk, "close"]),
        {"version": event.version, "outcome": ""},
    )
    assert closed.status_code == 400
    home = client_for(people[Role.MR_MAINTAINER]).get("/").content.decode()
    assert event.serial in home


def test_mr5_mr6_permit_pages_and_the_heads_inbox(room, people, head, client_for):
    asker = client_for(people[Role.DEPT_HEAD])
    now = timezone.localtime()
    form = {
        "site": room.site_id,
        "room": room.pk,
        "equipment": "热风机",
        "watts": 800,
        "supply": "检修电源箱",
        "reason": "除湿",
        "starts_at": (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    refused = asker.post(reverse("machineroom:permit_new", args=["power"]), form)
    body = refused.content.decode()
    assert refused.status_code == 400 and "1500" in body and "热风机" in body
    ok = asker.post(
        reverse("machineroom:permit_new", args=["power"]),
        {**form, "watts": 2000, "lines_checked": "on"},
    )
    assert ok.status_code == 302
    inbox = client_for(head).get(reverse("machineroom:approvals")).content.decode()
    assert safety.PowerPermit.objects.get().serial in inbox and "热风机" in inbox
    permit = safety.PowerPermit.objects.get()
    head_page = (
        client_for(head)
        .get(reverse("machineroom:permit", args=["power", permit.pk]))
        .content.decode()
    )
    assert 'data-step="approve"' in head_page and 'data-step="refuse"' in head_page
    assert (
        client_for(head)
        .post(
            reverse("machineroom:permit_step", args=["power", permit.pk, "refuse"]),
            {"version": permit.version, "note": ""},
        )
        .status_code
        == 400
    )
    assert (
        client_for(head)
        .post(
            reverse("machineroom:permit_step", args=["power", permit.pk, "approve"]),
            {"version": permit.version},
        )
        .status_code
        == 302
    )
    listing = client_for(head).get(reverse("machineroom:permits") + "?kind=fire").content.decode()
    assert 'data-testid="permits"' in listing


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:duty", 22),
        ("machineroom:roster", 17),
        ("machineroom:events", 10),
        ("machineroom:permits", 10),
    ],
)
def test_duty_page_query_budgets(
    head, room, maintainer, it, people, client_for, django_assert_max_num_queries, name, budget
):
    today = timezone.localdate()
    rows = duty.plan_roster(
        head,
        room=room,
        start=today,
        end=today + dt.timedelta(days=6),
        people=[maintainer, it],
        on_call=[head, it],
    )
    duty.record_duty_check(
        maintainer,
        rows[0],
        version=rows[0].version,
        results={c: (True, "") for c in DutyItem.values},
    )
    services.add_room(head, site=room.site, name="弱电间")
    for kind in ("fire", "flooding", "theft"):
        safety.report_event(maintainer, room=room, kind=kind, description="演练")
    for watts in (2000, 3000, 4000):
        safety.request_power(
            it,
            room=room,
            equipment="设备",
            watts=watts,
            supply="检修箱",
            reason="测试",
            lines_checked=True,
            starts_at=timezone.now(),
            ends_at=timezone.now() + dt.timedelta(hours=2),
        )
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name)).status_code == 200


def test_mr1_roster_page_export_and_api_filter_the_same_way(
    head, room, maintainer, it, people, site, client_for, api_for
):
    """One filterset serves the roster's page, its Excel export and the API list: the same
    ``?start=``, ``?end=`` and ``?room=``; a page ignores a value it does not know, the API
    names it."""
    from openpyxl import load_workbook

    today = timezone.localdate()
    other = services.add_room(head, site=site, name="弱电间")
    duty.plan_roster(head, room=room, start=today, end=today, people=[maintainer])
    duty.plan_roster(head, room=other, start=today, end=today, people=[it])
    auditor = client_for(people[Role.AUDITOR])
    page = auditor.get(reverse("machineroom:roster") + f"?room={other.pk}").content.decode()
    table = page.split('data-testid="roster"')[1]
    assert it.full_name in table and maintainer.full_name not in table
    export = auditor.get(reverse("machineroom:roster_export") + f"?room={other.pk}")
    rooms = {
        r[1] for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    }
    assert other.name in rooms and room.name not in rooms
    api = api_for(people[Role.AUDITOR])
    listed = api.get(f"/api/v1/machineroom/roster/?room={other.pk}").json()["results"]
    assert [r["room"] for r in listed] == [other.pk]
    ignored = auditor.get(reverse("machineroom:roster") + "?room=all").content.decode()
    table = ignored.split('data-testid="roster"')[1]
    assert it.full_name in table and maintainer.full_name in table
    refused = api.get(f"/api/v1/machineroom/roster/?room=all&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["room"]


def test_mr1_events_page_export_and_api_filter_the_same_way(
    room, people, maintainer, site, client_for, api_for
):
    """One filterset serves the serious events' page, their Excel export and the API list: the
    same ``?kind=`` and ``?state=``; a page ignores a value it does not know, the API names it."""
    from openpyxl import load_workbook

    def report(kind, description):
        return safety.report_event(
            maintainer, room=room, kind=kind, description=description, measures="已断电"
        )

    fire = report("fire_hazard", "灭火器过期")
    power = report("electrical_hazard", "配电柜异味")
    auditor = client_for(people[Role.AUDITOR])
    page = auditor.get(reverse("machineroom:events") + "?kind=fire_hazard").content.decode()
    assert fire.serial in page and power.serial not in page
    export = auditor.get(reverse("machineroom:events_export") + "?kind=fire_hazard")
    serials = {
        r[0] for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    }
    assert fire.serial in serials and power.serial not in serials
    api = api_for(people[Role.AUDITOR])
    listed = api.get("/api/v1/machineroom/events/?kind=fire_hazard").json()["results"]
    assert [e["serial"] for e in listed] == [fire.serial]
    ignored = auditor.get(reverse("machineroom:events") + "?kind=comet").content.decode()
    assert fire.serial in ignored and power.serial in ignored
    refused = api.get(f"/api/v1/machineroom/events/?kind=comet&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["kind"]
