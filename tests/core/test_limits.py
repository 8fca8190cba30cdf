"""X-7 and X-11: bad input is refused with a message, never a 500 (issue 12, items 10 and 11).
The shared limits of ``core.limits`` through the form base, the API's validation and parser."""

import datetime as dt
import json

import pytest
from django import forms
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from infocenter.core import limits
from infocenter.core.choices import Role
from infocenter.core.forms import StyledForm
from infocenter.core.models import Building, Department

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


class NoteForm(StyledForm):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(max_length=10, required=False)
    day = forms.DateField(required=False)
    received_at = forms.DateTimeField(required=False)


def test_x11_form_base_caps_every_free_text_field_unless_it_sets_its_own():
    form = NoteForm()
    assert form.fields["name"].max_length == limits.TEXT_MAX == 2_000
    assert form.fields["notes"].max_length == limits.LONG_TEXT_MAX == 10_000
    assert form.fields["signature"].max_length == limits.SIGNATURE_MAX == 1_000_000
    assert form.fields["code"].max_length == 10
    assert form.fields["notes"].widget.attrs["maxlength"] == "10000"


def test_x11_form_refuses_text_over_its_limit_with_a_message():
    ok = NoteForm({"name": "x" * 2_000, "notes": "y" * 10_000})
    assert ok.is_valid(), ok.errors
    form = NoteForm({"name": "x" * 2_001, "notes": "y" * 10_001})
    assert not form.is_valid()
    assert "at most 2000 characters (it has 2001)" in form.errors["name"][0]
    assert "at most 10000 characters (it has 10001)" in form.errors["notes"][0]


def test_x11_form_drops_control_characters_but_keeps_tabs_and_line_breaks():
    form = NoteForm({"name": "张\x07三\x1b[31m\x7f", "notes": "第一行\r\n\t第二行\x00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "张三[31m"
    assert form.cleaned_data["notes"] == "第一行\r\n\t第二行"


def test_x11_form_bounds_dates_and_moments_that_happened():
    now = timezone.localtime()
    good = NoteForm(
        {"name": "a", "notes": "b", "day": "2000-01-01", "received_at": f"{now:%Y-%m-%d %H:%M}"}
    )
    assert good.is_valid(), good.errors
    bad = NoteForm(
        {
            "name": "a",
            "notes": "b",
            "day": "1999-12-31",
            "received_at": f"{now + dt.timedelta(minutes=30):%Y-%m-%d %H:%M}",
        }
    )
    assert not bad.is_valid()
    assert bad.errors["day"][0].startswith("Enter a date between 2000-01-01 and ")
    assert bad.errors["received_at"] == ["This time is in the future."]
    far = NoteForm({"name": "a", "notes": "b", "day": f"{now.year + 11}-01-01"})
    assert not far.is_valid() and "day" in far.errors


def test_x11_strip_controls_reaches_nested_lists_and_keys():
    assert limits.strip_controls({"a\x01": ["b\x02", {"c": "d\x1f"}], "n": 3}) == {
        "a": ["b", {"c": "d"}],
        "n": 3,
    }


def test_x11_api_caps_free_text_and_drops_control_characters(people, org, api_for, root):
    api = api_for(root)
    too_long = api.post(
        reverse("department-list"),
        {"site": org["a"].pk, "name": "信息部", "code": "it2", "duties": "x" * 10_001},
        format="json",
        **EN,
    )
    assert too_long.status_code == 400
    assert too_long.json()["duties"] == [
        "Ensure this value has at most 10000 characters (it has 10001)."
    ]
    created = api.post(
        reverse("department-list"),
        {"site": org["a"].pk, "name": "信\x07息部\x1b", "code": "it2", "duties": "a\tb\nc\x00"},
        format="json",
    )
    assert created.status_code == 201, created.content
    department = Department.objects.get(pk=created.json()["id"])
    assert (department.name, department.duties) == ("信息部", "a\tb\nc")


def test_x11_api_json_nested_too_deep_is_a_400_not_a_500(people, api_for):
    api = api_for(people[Role.PROCESSOR])
    url = reverse("notification-mark-read")
    for depth in (33, 1_000, 100_000):
        body = "[" * depth + "]" * depth
        response = api.generic("POST", url, body, content_type="application/json", **EN)
        assert response.status_code == 400, depth
        assert response.json()["detail"] == "JSON nested deeper than 32 levels is not accepted."
    fine = api.post(url, {"ids": []}, format="json")
    assert fine.status_code == 200


def test_x11_api_oversize_body_is_a_json_413(people, api_for):
    api = api_for(people[Role.PROCESSOR])
    body = json.dumps({"ids": [], "pad": "x" * 5_000})
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000):
        response = api.generic(
            "POST",
            reverse("notification-mark-read"),
            body,
            content_type="application/json",
            **EN,
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request body is too large.",
        "code": "RequestTooLarge",
    }


def test_x11_mark_read_with_a_body_that_is_not_an_object_is_a_400(people, api_for):
    api = api_for(people[Role.PROCESSOR])
    for body in ("[1, 2]", '"text"', "3", "null"):
        response = api.generic(
            "POST",
            reverse("notification-mark-read"),
            body,
            content_type="application/json",
            **EN,
        )
        assert response.status_code == 400, body
        assert response.json() == {"detail": ["The body must be a JSON object."]}


@pytest.mark.parametrize("year", ["0", "1999", "2101", "10000"])
def test_x11_calendar_overrides_outside_2000_to_2100_are_a_400(people, api_for, year):
    response = api_for(people[Role.PROCESSOR]).get(
        reverse("calendar-override-list"), {"year": year}, **EN
    )
    assert response.status_code == 400
    assert "year" in response.json()


def test_x11_add_working_days_from_an_unbelievable_date_is_a_400(people, api_for):
    api = api_for(people[Role.PROCESSOR])
    url = reverse("api-add-working-days")
    for start in ("9999-12-31T09:00:00", "0001-01-01T09:00:00"):
        response = api.get(url, {"start": start, "days": 2}, **EN)
        assert response.status_code == 400, start
        assert response.json()["start"][0].startswith("Enter a date between 2000-01-01 and ")
    ok = api.get(url, {"start": "2026-03-02T09:00:00", "days": 2})
    assert ok.status_code == 200


def test_x11_a_building_has_at_most_50_units_and_5000_rooms_at_once(org, root, api_for):
    api = api_for(root)
    url = reverse("building-list")
    units = [f"{n}单元" for n in range(1, 52)]
    response = api.post(
        url, {"site": org["a"].pk, "name": "9栋", "floors": 1, "units": units}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["errors"]["units"] == ["At most 50 items in one request."]
    response = api.post(
        url,
        {
            "site": org["a"].pk,
            "name": "9栋",
            "floors": 101,
            "units": ["1单元"],
            "rooms_per_floor": 50,
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["errors"]["rooms_per_floor"] == [
        "At most 5000 rooms can be added with one building."
    ]
    assert not Building.objects.filter(name="9栋").exists()
    fine = api.post(
        url,
        {
            "site": org["a"].pk,
            "name": "9栋",
            "floors": 100,
            "units": ["1单元"],
            "rooms_per_floor": 50,
        },
        format="json",
    )
    assert fine.status_code == 201
