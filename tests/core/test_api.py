"""X-7: the REST API under /api/v1/ with session and token authentication, an OpenAPI
schema, a Swagger UI served from local assets, and refusals as 400/403/404/409 with reasons."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from infocenter.core.choices import Role
from tests.conftest import PASSWORD


def test_x7_token_authentication(people):
    client = APIClient()
    person = people[Role.PROCESSOR]
    token = client.post(
        reverse("api-token"), {"username": person.username, "password": PASSWORD}
    ).json()["token"]
    assert client.get(reverse("site-list")).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("person-me")).json()["username"] == person.username
    bad = APIClient().post(reverse("api-token"), {"username": person.username, "password": "nope"})
    assert bad.status_code == 400


def test_x7_schema_lists_the_organisation_endpoints(people, api_for):
    response = api_for(people[Role.PROCESSOR]).get(reverse("api-schema") + "?format=json")
    paths = response.json()["paths"]
    for path in (
        "/api/v1/sites/",
        "/api/v1/departments/",
        "/api/v1/buildings/",
        "/api/v1/people/",
        "/api/v1/role-assignments/",
        "/api/v1/calendar/overrides/",
        "/api/v1/calendar/add-working-days/",
        "/api/v1/audit/events/",
    ):
        assert path in paths


def test_x7_swagger_ui_uses_only_local_assets(people, client_for):
    body = client_for(people[Role.PROCESSOR]).get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_x7_invalid_fields_get_400_with_each_field_named(org, people, api_for):
    response = api_for(people[Role.SYSADMIN]).post(
        reverse("building-list"), {"site": org["a"].pk, "name": "", "floors": 0}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"name", "floors"}


def test_x7_duplicate_calendar_entry_is_refused_with_reason(org, people, api_for):
    client = api_for(people[Role.SYSADMIN])
    data = {"site": org["a"].pk, "date": "2026-12-28", "kind": "holiday"}
    assert client.post(reverse("calendar-override-list"), data, format="json").status_code == 201
    response = client.post(reverse("calendar-override-list"), data, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "ValidationFailed"
    assert "2026-12-28" in response.json()["errors"]["date"][0]


def test_dr9_stale_edit_through_the_api_is_409_and_overwrites_nothing(org, people, api_for):
    client = api_for(people[Role.SYSADMIN])
    url = reverse("site-detail", kwargs={"pk": org["a"].pk})
    data = {"version": 1, "name": "甲", "workday_start": "09:00", "workday_end": "18:00"}
    assert client.patch(url, data, format="json").json()["version"] == 2
    response = client.patch(url, {**data, "name": "乙"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "StaleEdit" and "甲" in response.json()["detail"]
    assert client.get(url).json()["name"] == "甲"


def test_x3_api_working_day_arithmetic(people, api_for):
    client = api_for(people[Role.PROCESSOR])
    answer = client.get(
        reverse("api-add-working-days"), {"start": "2026-02-13T09:00:00+08:00", "days": 2}
    ).json()
    assert answer == {"at": "2026-02-24T09:00:00+08:00", "provisional": False}
    assert (
        client.get(reverse("api-working-day"), {"date": "2026-02-14"}).json()["reason"]
        == "make-up workday"
    )
    assert (
        client.get(reverse("api-add-working-days"), {"start": "tomorrow", "days": -1}).status_code
        == 400
    )


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.PROCESSOR])
def test_org2_role_assignment_through_the_api(org, people, api_for, role):
    client = api_for(people[role])
    response = client.post(
        reverse("role-assignment-list"),
        {"user": people[Role.AUDITOR].pk, "role": Role.IT_STAFF, "site": org["a"].pk},
        format="json",
    )
    assert response.status_code == (201 if role == Role.SYSADMIN else 403)


def test_x7_openapi_schema_is_valid_without_warnings(db, tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/servicedesk/orders/{id}/assign/" in (tmp_path / "schema.yaml").read_text()
