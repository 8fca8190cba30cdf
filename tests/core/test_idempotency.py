"""X-7: a write whose answer was lost is safe to retry with an ``Idempotency-Key``: the same
key and body answer the first response again, a different body is a 422, a retry while the
first runs is a 409; the worker forgets keys after 24 hours."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from infocenter.core import idempotency, worker
from infocenter.core.choices import Role
from infocenter.core.models import Department, IdempotentRequest
from infocenter.servicedesk.models import WorkOrder

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def api_for():
    """API clients logged in by session (as the pages' scripts are) or by API key: who sent a
    key is known before the view runs."""

    def _client(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _client


def _department(api, org, key, code="it2", **extra):
    return api.post(
        reverse("department-list"),
        {"site": org["a"].pk, "name": "信息部", "code": code},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
        **EN,
        **extra,
    )


def test_x7_same_key_and_body_answers_the_first_response_without_doing_it_again(org, root, api_for):
    api = api_for(root)
    first = _department(api, org, "k-1")
    again = _department(api, org, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Department.objects.filter(site=org["a"], code="it2").count() == 1


def test_x7_same_key_with_another_body_is_a_422(org, root, api_for):
    api = api_for(root)
    assert _department(api, org, "k-2").status_code == 201
    other = _department(api, org, "k-2", code="it3")
    assert other.status_code == 422
    assert other.json() == {
        "detail": "This Idempotency-Key was already used for a different request.",
        "code": "IdempotencyKey",
    }
    assert not Department.objects.filter(code="it3").exists()


def test_x7_retry_while_the_first_is_still_running_is_a_409(org, root, api_for):
    api = api_for(root)
    first = _department(api, org, "k-3")
    record = IdempotentRequest.objects.get(key="k-3")
    record.status = None  # as while the first request is still being answered
    record.save()
    response = _department(api, org, "k-3")
    assert first.status_code == 201
    assert response.status_code == 409
    assert response.json()["detail"] == "A request with this Idempotency-Key is still running."


def test_x7_keys_belong_to_their_caller(org, root, people, api_for):
    assert _department(api_for(root), org, "shared").status_code == 201
    # another caller with the same key is a request of its own (and here refused on its own)
    other = _department(api_for(people[Role.PROCESSOR]), org, "shared", code="it9")
    assert other.status_code == 403


def test_x7_a_retried_step_answers_its_first_result_instead_of_a_409(org, people, api_for):
    from infocenter.servicedesk import services as sd

    form = sd.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="张三",
        reporter_phone="13800138000",
        category="repair",
        content="漏水",
    )
    gc = Department.objects.get(site=org["a"], code="gc")
    api = api_for(people[Role.PROCESSOR])
    url = reverse("sd-form-dispatch-order", args=[form.pk])
    body = {
        "version": form.version,
        "department": gc.pk,
        "assistant": people[Role.CS_ASSISTANT].pk,
    }
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="dispatch-1")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="dispatch-1")
    without_key = api.post(url, body, format="json")
    assert first.status_code == 201, first.content
    assert (again.status_code, again.json()) == (201, first.json())
    assert without_key.status_code == 409  # a retry without a key is refused as stale
    assert WorkOrder.objects.filter(form=form).count() == 1


def test_x7_a_refusal_is_answered_again_too_but_not_a_server_error(org, people, api_for):
    api = api_for(people[Role.PROCESSOR])
    first = _department(api, org, "k-4")
    assert first.status_code == 403
    assert _department(api, org, "k-4").status_code == 403
    assert IdempotentRequest.objects.get(key="k-4").status == 403


@pytest.mark.parametrize("key", ["", "x" * 201, "bad\x07key"])
def test_x7_a_malformed_key_is_a_400(org, root, api_for, key):
    response = _department(api_for(root), org, key)
    assert response.status_code == 400
    assert response.json()["code"] == "IdempotencyKey"


def test_x7_worker_forgets_keys_after_24_hours(org, root, api_for):
    api = api_for(root)
    assert _department(api, org, "k-5").status_code == 201
    later = timezone.now() + dt.timedelta(hours=23)
    assert idempotency.forget_expired(later) == 0
    worker.run_once(at=timezone.now() + dt.timedelta(hours=25), echo=lambda line: None)
    assert not IdempotentRequest.objects.filter(key="k-5").exists()
    # the key may be used afresh: it is a new request (refused here: the code is taken)
    assert _department(api, org, "k-5").status_code == 400


def test_x7_a_key_sent_with_an_api_key_is_kept_for_that_api_key(org, root):
    from tests.conftest import PASSWORD

    token = (
        APIClient()
        .post(reverse("api-token"), {"username": root.username, "password": PASSWORD})
        .json()["token"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    first = _department(api, org, "k-token")
    again = _department(api, org, "k-token")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert IdempotentRequest.objects.get(key="k-token").scope.startswith("auth:")


def test_x7_the_schema_documents_the_key_on_every_write(people, api_for):
    schema = api_for(people[Role.PROCESSOR]).get(reverse("api-schema") + "?format=json").json()
    posts = [path["post"] for path in schema["paths"].values() if "post" in path]
    assert len(posts) > 50
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert names.count("Idempotency-Key") == 1, operation["operationId"]
    gets = [path["get"] for path in schema["paths"].values() if "get" in path]
    assert not any(p["name"] == "Idempotency-Key" for op in gets for p in op.get("parameters", []))
