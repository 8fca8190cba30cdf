"""X-11 at the service desk: a form's text is capped and cleaned, its times are believable,
and the register's Excel export survives control characters stored before the clean-up."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from infocenter.core.choices import Role
from infocenter.servicedesk import services
from infocenter.servicedesk.models import ServiceForm

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _form(org, **extra):
    return {
        "site": org["a"].pk,
        "source": "phone",
        "reporter_kind": "owner",
        "reporter_name": "张三",
        "reporter_phone": "13800138000",
        "category": "repair",
        "content": "漏水",
        **extra,
    }


def test_x11_a_300000_character_complaint_is_refused(org, people, api_for):
    api = api_for(people[Role.PROCESSOR])
    response = api.post(
        reverse("sd-form-list"), _form(org, content="投诉" * 150_000), format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["content"] == [
        "Ensure this value has at most 10000 characters (it has 300000)."
    ]
    assert not ServiceForm.objects.exists()


def test_x11_control_characters_are_dropped_from_a_logged_form(org, people, api_for):
    api = api_for(people[Role.PROCESSOR])
    response = api.post(
        reverse("sd-form-list"),
        _form(org, reporter_name="张\x07三", content="漏水\x1b[31m\n楼上"),
        format="json",
    )
    assert response.status_code == 201, response.content
    form = ServiceForm.objects.get()
    assert (form.reporter_name, form.content) == ("张三", "漏水[31m\n楼上")


@pytest.mark.parametrize(
    "received_at",
    ["0001-01-01T00:00:00+08:00", "1999-12-31T23:00:00+08:00", "future"],
)
def test_x11_received_at_must_be_believable(org, people, api_for, received_at):
    if received_at == "future":
        received_at = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    response = api_for(people[Role.PROCESSOR]).post(
        reverse("sd-form-list"), _form(org, received_at=received_at), format="json", **EN
    )
    assert response.status_code == 400
    assert "received_at" in response.json()
    assert not ServiceForm.objects.exists()


def test_x11_received_at_a_few_minutes_ahead_is_accepted(org, people, api_for):
    soon = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    response = api_for(people[Role.PROCESSOR]).post(
        reverse("sd-form-list"), _form(org, received_at=soon), format="json"
    )
    assert response.status_code == 201, response.content


def test_x11_register_export_survives_stored_control_characters(org, people, api_for):
    form = services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="李\x07四",
        reporter_phone="13800138000",
        category="repair",
        content="漏水\x1b\x08",  # PostgreSQL cannot store NUL at all
    )
    day = timezone.localdate(form.received_at)
    export = api_for(people[Role.AUDITOR]).get(
        reverse("sd-register-export"),
        {"site": org["a"].pk, "start": day.isoformat(), "end": day.isoformat()},
    )
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == form.serial
    assert "李四" in rows[1]
