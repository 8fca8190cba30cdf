"""X-11: production defaults. ``infocenter serve`` refuses the development key outside
``make run``; ``check --deploy`` is clean with a production environment behind a TLS proxy;
HSTS and the HTTPS redirect (load balancers' /healthz exempt); log-in throttling keyed on the
client's real address behind the proxy; idle sessions end."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.middleware import client_address
from tests.conftest import PASSWORD

PRODUCTION = {
    "INFOCENTER_DEV": "false",
    "INFOCENTER_SECRET_KEY": "Vq3-" + "x7Lp9_kT2mZ8rW4" * 4,
    "INFOCENTER_SECRETS_KEYS": Fernet.generate_key().decode(),
    "INFOCENTER_ALLOWED_HOSTS": "infocenter.example.com",
    "INFOCENTER_CSRF_TRUSTED_ORIGINS": "https://infocenter.example.com",
    "INFOCENTER_SECURE_COOKIES": "true",
    "INFOCENTER_PROXY_COUNT": "1",
    "INFOCENTER_SSL_REDIRECT": "true",
    "INFOCENTER_HSTS_SECONDS": "31536000",
    "INFOCENTER_HSTS_INCLUDE_SUBDOMAINS": "true",
}


def command(*args, env: dict, tmp_path) -> subprocess.CompletedProcess:
    # a clean environment as a service would have (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE in theirs, which check --deploy rightly refuses)
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ |= {"INFOCENTER_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "infocenter.cli", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_x11_serve_refuses_the_development_key_outside_make_run(tmp_path):
    refused = command("serve", "--port", "1", env={}, tmp_path=tmp_path)
    assert refused.returncode != 0
    assert "infocenter serve needs INFOCENTER_SECRET_KEY" in refused.stderr
    assert "INFOCENTER_DEV=true" in refused.stderr


def test_x11_check_deploy_is_clean_with_a_production_environment(tmp_path):
    done = command(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_x11_hsts_and_the_https_redirect_behind_the_proxy(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = True, 31536000
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200  # a load balancer asks over plain HTTP


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's, ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote itself is skipped
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "127.0.0.1"),
    ],
)
def test_x11_the_clients_address_is_the_one_the_trusted_proxy_saw(
    settings, count, forwarded, address
):
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == address


def login(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_x8_log_in_lockout_is_keyed_on_the_real_address_behind_the_proxy(people, client, settings):
    settings.PROXY_COUNT = 1
    username = people[Role.PROCESSOR].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong", "203.0.113.9")
    assert login(client, username, PASSWORD, "203.0.113.9").status_code == 429
    # the same person from another desk behind the same proxy is not locked out
    assert login(client, username, PASSWORD, "203.0.113.77").status_code == 302


def test_x11_an_idle_session_ends_and_a_used_one_goes_on(people, client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(people[Role.PROCESSOR])
    start = timezone.now()
    home = reverse("home")
    for minutes in (10, 35, 60):  # each request within 30 minutes of the one before
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(home).status_code == 200, minutes
    session = Session.objects.get()
    assert session.expire_date >= start + dt.timedelta(minutes=60 + 25)
    with time_machine.travel(start + dt.timedelta(minutes=60 + 31), tick=False):
        response = client.get(home)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
