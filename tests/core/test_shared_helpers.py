"""Helpers the apps share: a register's Excel sheet (X-5), the filters of a moment, an optional
link and a form saved by a page."""

import io

import django_filters
import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from openpyxl import load_workbook

from infocenter.core.excel import register
from infocenter.core.exceptions import Conflict
from infocenter.core.filtersets import period
from infocenter.core.models import Department, RoleAssignment, Site
from infocenter.core.web import saved


def _sheet(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))


@pytest.mark.django_db
def test_x5_register_names_each_column_once_in_order(org, django_assert_num_queries):
    columns = [
        ("code", "code"),
        ("branch", "branch.name"),  # an attribute path follows relations
        ("name\x07", lambda s: f"{s.name}\x01"),  # control characters dropped
    ]
    with django_assert_num_queries(1):
        body = register(
            Site.objects.select_related("branch"), title="sites", order="code", columns=columns
        )
    assert _sheet(body) == [
        ("code", "branch", "name"),
        ("sa", "重庆分公司", "江岸花园"),
        ("sb", "重庆分公司", "嘉陵商务中心"),
    ]


@pytest.mark.django_db
def test_x5_register_keeps_the_callers_order_when_none_is_given(org):
    rows = Site.objects.order_by("-code")
    assert [r[0] for r in _sheet(register(rows, title="t", columns=[("c", "code")]))[1:]] == [
        "sb",
        "sa",
    ]


def test_period_filters_a_moment_from_and_before():
    after, before = period("occurred_at")
    assert isinstance(after, django_filters.IsoDateTimeFilter)
    assert (after.field_name, after.lookup_expr) == ("occurred_at", "gte")
    assert (before.field_name, before.lookup_expr) == ("occurred_at", "lt")


def test_optional_key_is_a_protected_optional_link():
    field = RoleAssignment._meta.get_field("department")
    assert field.null and field.blank and field.related_model is Department
    assert field.remote_field.on_delete.__name__ == "PROTECT"


class _Form:
    def __init__(self, valid: bool):
        self.valid, self.errors, self.fields = valid, {}, {}

    def is_valid(self):
        return self.valid


def _request(method: str):
    request = getattr(RequestFactory(), method.lower())("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_saved_says_the_message_and_redirects_only_when_posted_valid_and_saved():
    calls = []
    request = _request("POST")
    response = saved(request, _Form(True), lambda: calls.append(1) or True, "Saved.", "/next/")
    assert response.status_code == 302 and response["Location"] == "/next/" and calls == [1]
    assert [str(m) for m in get_messages(request)] == ["Saved."]
    assert saved(_request("GET"), _Form(True), lambda: calls.append(2), "Saved.", "/") is None
    assert saved(_request("POST"), _Form(False), lambda: calls.append(3), "Saved.", "/") is None
    assert calls == [1]  # neither a GET nor an invalid form calls the service


def test_saved_answers_none_when_the_service_refuses():
    def refuse():
        raise Conflict("no")

    form = _Form(True)
    form.add_error = lambda field, error: form.errors.setdefault(field, []).append(error)
    assert saved(_request("POST"), form, refuse, "Saved.", "/") is None
    assert form.refusal_status == 409 and form.errors
