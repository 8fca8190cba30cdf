"""X-11: /healthz for load balancers (503 only when the database is out of reach; a stopped
worker, a backlog, late clocks or an old backup are "degraded") and /metrics for Prometheus."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone

from infocenter.core import backups, health, worker

from .test_x11_backups import dispatched


def get(client, path="/healthz", **extra):
    response = client.get(path, **extra)
    return response, response.json() if response["Content-Type"] == "application/json" else None


@pytest.fixture
def beating(db):
    beat = worker.Heartbeat()
    beat.beat()
    return beat


def test_x11_healthz_is_ok_when_the_worker_beats_and_nothing_waits(
    client, org, beating, django_assert_num_queries
):
    with django_assert_num_queries(4):  # heartbeats, messages waiting, first late clock, backup
        response, body = get(client)
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["worker"]["ok"] and body["checks"]["worker"]["workers"] == 1
    assert 0 <= body["checks"]["worker"]["heartbeat_age_seconds"] < 60
    assert body["checks"]["outbox"] == {"ok": True, "backlog": 0, "oldest_seconds": 0.0}
    assert body["checks"]["deadlines"] == {"ok": True, "overdue": 0, "lag_seconds": 0.0}
    assert response["Cache-Control"].startswith("max-age=0")


def test_x11_a_stopped_worker_is_degraded_and_strict_monitors_get_503(client, beating, settings):
    settings.WORKER_POLL_SECONDS = 5
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=False):
        response, body = get(client)
        assert response.status_code == 200 and body["status"] == "degraded"
        assert body["checks"]["worker"]["ok"] is False
        assert body["checks"]["worker"]["heartbeat_age_seconds"] == pytest.approx(61, abs=1)
        assert get(client, "/healthz?strict=1")[0].status_code == 503
    beating.stop()
    response, body = get(client)
    assert body["checks"]["worker"] == {"ok": False, "workers": 0, "heartbeat_age_seconds": None}


def test_x11_a_backlog_and_late_clocks_show_until_the_worker_catches_up(client, org, people):
    dispatched(org, people)
    later = timezone.now() + dt.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        worker.Heartbeat().beat()
        _, body = get(client)
        assert body["status"] == "degraded"
        outbox, clocks = body["checks"]["outbox"], body["checks"]["deadlines"]
        assert not outbox["ok"] and outbox["backlog"] >= 1 and outbox["oldest_seconds"] >= 3 * 3600
        assert not clocks["ok"] and clocks["overdue"] >= 1 and clocks["lag_seconds"] > 3600
        worker.run_once(at=later, echo=lambda _: None)
        _, body = get(client)
        assert body["status"] == "ok", body


def test_x11_no_recent_backup_is_degraded_when_nightly_backups_are_on(
    client, org, beating, settings
):
    settings.BACKUP_NIGHTLY = True
    _, body = get(client)
    assert body["checks"]["backup"] == {"ok": False, "last_age_hours": None}
    backups.create()
    _, body = get(client)
    assert body["checks"]["backup"] == {"ok": True, "last_age_hours": 0.0}
    with time_machine.travel(timezone.now() + dt.timedelta(hours=27), tick=False):
        worker.Heartbeat().beat()
        _, body = get(client)
        assert body["checks"]["backup"] == {"ok": False, "last_age_hours": 27.0}


def test_x11_healthz_answers_503_when_the_database_is_out_of_reach(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.Figures, "read", staticmethod(unreachable))
    response, body = get(client)
    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "connection refused"}


def metric(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = rf"^{name}(\{{{re.escape(wanted)}\}})? (\S+)$" if labels else rf"^{name} (\S+)$"
    found = re.search(pattern, text, re.M)
    assert found, f"{name} {labels} not in the metrics"
    return float(found.groups()[-1])


def test_x11_metrics_carry_request_latency_and_the_queues(client, org, people, beating):
    dispatched(org, people)
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert (
        metric(text, "infocenter_request_seconds_count", method="GET", status="2xx", view="healthz")
        >= 1
    )
    assert metric(text, "infocenter_outbox_backlog", channel="in_app") >= 1
    assert metric(text, "infocenter_workers") == 1
    assert metric(text, "infocenter_deadlines_overdue") == 0
    assert metric(text, "infocenter_last_backup_age_seconds") == -1
    assert "infocenter_deadline_lag_seconds" in text and "infocenter_up" in text


def test_x11_metrics_are_refused_through_a_proxy_or_from_elsewhere_without_the_token(
    client, db, settings
):
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 403
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403  # the token is now asked of everyone
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    ok = client.get("/metrics", REMOTE_ADDR="10.0.0.8", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert ok.status_code == 200
