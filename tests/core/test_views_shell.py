"""The UI shell: log-in and throttling (X-8), Chinese by default with a language switch
(X-6), styled error pages, password change, stale edits refused (DESIGN rule 9), organisation
pages (ORG-1…4) and their query budgets."""

import pytest
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.core.models import AuditEvent, Building, Room, Site
from tests.conftest import PASSWORD


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_x6_pages_speak_simplified_chinese_by_default(people, client_for):
    response = client_for(people[Role.PROCESSOR]).get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "信息中心综合管理平台" in body and "退出登录" in body


@pytest.mark.parametrize(("language", "phrase"), [("en", "Log out"), ("zh-hant", "退出登錄")])
def test_x6_language_switch(people, client_for, language, phrase):
    client = client_for(people[Role.PROCESSOR])
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    assert phrase in client.get(reverse("home")).content.decode()


def test_x8_login_and_logout(people, client):
    person = people[Role.PROCESSOR]
    response = login(client, person.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_x8_wrong_password_is_refused_with_a_message(people, client):
    response = login(client, people[Role.PROCESSOR].username, "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_x8_login_is_locked_after_repeated_failures(people, client, settings):
    username = people[Role.PROCESSOR].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong")
    response = login(client, username, PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Another user from the same address is not locked out.
    assert login(client, people[Role.AUDITOR].username, PASSWORD).status_code == 302


def test_x8_passwords_are_hashed_never_stored_in_clear(people):
    person = people[Role.PROCESSOR]
    person.refresh_from_db()
    assert PASSWORD not in person.password and person.password.startswith("md5$")


def test_x8_password_change(people, client_for):
    person = people[Role.PROCESSOR]
    client = client_for(person)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password": "Ab-123456789",
            "new_password_again": "Ab-123456789",
        },
    )
    assert "当前密码不正确" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password": "12345678", "new_password_again": "12345678"},
    )
    assert response.status_code == 200 and "密码" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password": "Ab-123456789",
            "new_password_again": "Ab-123456789",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Ab-123456789")
    assert AuditEvent.objects.filter(
        kind="person.password_changed", subject_id=str(person.pk)
    ).exists()


def test_styled_404_and_403_pages(people, client_for, org):
    client = client_for(people[Role.PROCESSOR])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    response = client.get(reverse("core:outbox"))
    assert response.status_code == 403 and "您无权打开此页面" in response.content.decode()
    assert "outbox.view" not in response.content.decode()


def test_dr9_stale_site_edit_is_refused_and_names_the_change(org, people, client_for):
    admin = people[Role.SYSADMIN]
    site = org["a"]
    url = reverse("core:site_edit", kwargs={"pk": site.pk})
    form = {
        "version": site.version,
        "address": "",
        "workday_start": "09:00",
        "workday_end": "18:00",
    }
    client = client_for(admin)
    assert client.post(url, {**form, "name": "第一次保存"}).status_code == 302
    response = client.post(url, {**form, "name": "第二次保存"})  # still the old version
    body = response.content.decode()
    assert response.status_code == 200
    assert "第一次保存" in body and "未保存" in body
    assert Site.objects.get(pk=site.pk).name == "第一次保存"


def test_org4_building_with_units_and_rooms(org, people, client_for):
    client = client_for(people[Role.SYSADMIN])
    response = client.post(
        reverse("core:building_add", kwargs={"pk": org["a"].pk}),
        {"name": "3栋", "floors": 18, "units": "1单元，2单元", "rooms_per_floor": 2},
    )
    assert response.status_code == 302
    building = Building.objects.get(site=org["a"], name="3栋")
    assert Room.objects.filter(unit__building=building).count() == 18 * 2 * 2
    page = client.get(reverse("core:building", kwargs={"pk": building.pk})).content.decode()
    assert "2单元" in page and "1802" in page


def test_org4_invalid_building_is_refused_with_field_messages(org, people, client_for):
    client = client_for(people[Role.SYSADMIN])
    client.post(reverse("core:building_add", kwargs={"pk": org["a"].pk}), {"name": "", "floors": 0})
    assert not Building.objects.filter(site=org["a"], floors=0).exists()
    response = client.get(reverse("core:site", kwargs={"pk": org["a"].pk}))
    assert "楼栋未添加" in response.content.decode()


def test_org3_staff_directory_searches_specialties(org, people, client_for, root):
    from infocenter.core import services

    person = people[Role.DEPT_STAFF]
    services.update_profile(
        root,
        person,
        version=person.version,
        full_name="赵强",
        phone="13900000001",
        email="",
        title="维修技工",
        responsibilities="上门维修",
        specialties="水电维修",
    )
    body = (
        client_for(people[Role.PROCESSOR]).get(reverse("core:people") + "?q=水电").content.decode()
    )
    assert "赵强" in body and people[Role.AUDITOR].full_name not in body


def test_x3_calendar_page_marks_provisional_years_and_computes(org, people, client_for):
    client = client_for(people[Role.PROCESSOR])
    body = client.get(reverse("core:calendar") + f"?site={org['a'].pk}&year=2030").content.decode()
    assert 'data-testid="provisional"' in body
    body = client.get(
        reverse("core:calendar") + f"?site={org['a'].pk}&year=2026&start=2026-02-13T09:00&days=2"
    ).content.decode()
    assert "2026-02-24 09:00" in body and 'data-testid="provisional"' not in body


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("home", 11),  # one query per home panel the reader may see
        ("core:sites", 7),
        ("core:people", 9),
        ("core:calendar", 8),
        ("core:audit", 9),
    ],
)
def test_page_query_budgets(org, people, client_for, django_assert_max_num_queries, name, budget):
    client = client_for(people[Role.SYSADMIN])
    client.get(reverse(name))  # warm caches (session, content types)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name)).status_code == 200
