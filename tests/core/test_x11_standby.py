"""X-11 (issue 17, item 7): reports, dashboards and exports read from a hot standby, and from
the primary while the standby is down or lags. The standby is real: a second PostgreSQL cluster
kept by streaming replication from a first (``bench.standby``), the installation in a child
process configured with both, as ``infocenter serve`` would be."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import RequestFactory

from bench.standby import PGBIN, Pair
from infocenter.core import standby


@pytest.mark.parametrize(
    ("method", "path", "read_there"),
    [
        ("get", "/reports/?kind=month", True),
        ("get", "/reports/export.xlsx?kind=month", True),
        ("get", "/api/v1/reports/?kind=month", True),
        ("get", "/servicedesk/dashboard/", True),
        ("get", "/servicedesk/register/export.xlsx", True),
        ("get", "/machineroom/equipment/export.xlsx", True),
        ("head", "/servicedesk/dashboard/", True),
        # the control room's own pages, and anything that writes, stay on the primary
        ("get", "/servicedesk/register/", False),
        ("get", "/servicedesk/inbox/", False),
        ("post", "/reports/?kind=month", False),
        ("get", "/no/such/page/", False),
    ],
)
def test_x11_standby_takes_the_reports_dashboards_and_exports_only(method, path, read_there):
    assert standby.routed(getattr(RequestFactory(), method)(path)) is read_there


def test_x11_standby_not_configured_reads_stay_on_the_primary():
    assert not standby.configured()
    with standby.reading():
        assert not standby.in_use()
    assert standby.StandbyRouter().allow_migrate("standby", "core") is False
    assert standby.StandbyRouter().db_for_write(None) == "default"


SCENE = r"""
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client
from bench.standby import Cluster
from infocenter.core import standby
from infocenter.core.models import User

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
out = {}
replica = Cluster(Path(sys.argv[1]), "standby", int(sys.argv[2]))


def on_standby(sql):
    with connections["standby"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def read_there():
    with standby.reading():
        return Group.objects.count(), standby.in_use()


def until(condition, seconds=20):
    ends = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < ends, "timed out"
        time.sleep(0.05)


s = standby.state(fresh=True)
out["first"] = [s.usable, s.lag_seconds, s.reason]
Group.objects.create(name="a")
until(lambda: on_standby("SELECT count(*) FROM auth_group") == 1)
# the standby stops replaying: a write on the primary is not there yet
on_standby("SELECT pg_wal_replay_pause()")
Group.objects.create(name="b")
time.sleep(0.2)
standby.state(fresh=True)
out["paused, within the lag"] = [*read_there(), Group.objects.count()]
time.sleep(1.5)
s = standby.state(fresh=True)
out["paused, lagging"] = [s.usable, s.reason, *read_there()]
on_standby("SELECT pg_wal_replay_resume()")
until(lambda: standby.state(fresh=True).usable)
out["resumed"] = [*read_there()]
# a request of the managers' pages whose standby dies after it was last looked at
boss = User.objects.create_superuser("boss", password="Infocenter@2026x")
client = Client()
client.force_login(boss)
assert standby.state(fresh=True).usable
replica.stop("immediate")
response = client.get("/servicedesk/dashboard/")
out["dashboard while the standby died"] = [response.status_code, standby.state().reason[:6]]
s = standby.state(fresh=True)
out["down"] = [s.usable, s.reason[:11], *read_there()]
out["health down"] = Client().get("/healthz").json()["checks"]["standby"]["ok"]
response = client.get("/servicedesk/dashboard/")
out["dashboard while it is down"] = [response.status_code]
replica.start()
until(lambda: standby.state(fresh=True).usable)
out["back"] = [*read_there()]
out["health back"] = Client().get("/healthz").json()["checks"]["standby"]
metrics = Client().get("/metrics").content.decode()
out["metrics"] = [line for line in metrics.splitlines() if line.startswith("infocenter_standby")]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def pair():
    with Pair() as pair:
        yield pair


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the standby is PostgreSQL's: the PostgreSQL run"
)
@pytest.mark.skipif(PGBIN is None, reason="needs PostgreSQL's server programs (initdb, pg_ctl)")
def test_x11_standby_reads_there_until_it_lags_or_dies_then_the_primary(pair, db):
    # the installation's schema, as migrated for the tests, on the primary; the standby
    # replays it
    pair.primary.sql("CREATE DATABASE site")
    dump = subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            connection.settings_dict["NAME"],
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pair.primary.port)]
        + ["-U", "postgres", "site"],
        input=dump.stdout,
        check=True,
        capture_output=True,
    )
    pair.caught_up()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infocenter.settings",
        "DATABASE_URL": pair.primary.url("site"),
        "INFOCENTER_STANDBY_URL": pair.standby.url("site"),
        "INFOCENTER_STANDBY_MAX_LAG_SECONDS": "1",
        "INFOCENTER_STANDBY_CHECK_SECONDS": "3600",  # looked at when the scene asks
    }
    done = subprocess.run(
        [sys.executable, "-c", SCENE, str(pair.scratch), str(pair.standby.port)],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["first"] == [True, 0.0, "ok"]
    # the standby answers the managers' reads: it has not got "b" yet, the primary has
    assert seen["paused, within the lag"] == [1, True, 2]
    # more than a second behind: the reads go to the primary, which has both
    usable, reason, *read = seen["paused, lagging"]
    assert not usable and reason.endswith("s behind the primary") and read == [2, False]
    assert seen["resumed"] == [2, True]
    # the page does not fail: it is read again from the primary
    assert seen["dashboard while the standby died"] == [200, "failed"]
    assert seen["down"] == [False, "unreachable", 2, False]
    assert seen["dashboard while it is down"] == [200]
    assert seen["back"] == [2, True]
    # monitors see it: /healthz and the metrics
    assert seen["health down"] is False
    assert seen["health back"] == {"ok": True, "lag_seconds": 0.0, "reason": "ok"}
    assert seen["metrics"] == [
        "infocenter_standby_usable 1.0",
        "infocenter_standby_lag_seconds 0.0",
    ]
