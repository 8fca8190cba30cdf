"""Shared fixtures: the test database, an organisation built through the services, one person
per role, and a chat-group robot served over real HTTP on 127.0.0.1."""

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client, TestCase, override_settings
from rest_framework.test import APIClient

from infocenter.core import services
from infocenter.core.choices import Role
from infocenter.core.models import Department

PASSWORD = "Test-Passw0rd!"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEPT_ROLES = {Role.DEPT_HEAD, Role.DEPT_STAFF}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite each run, and each xdist worker of a run, gets its own test database file in
    pytest's temporary directory for that run (``popen-gw0/``, ``popen-gw1/`` … under xdist),
    never a file in the checkout that two runs could share. A file, not ``:memory:``: the
    concurrency tests give each thread its own connection, which needs SQLite's file locking
    (an in-memory database is shared-cache, where a second writer fails at once with "database
    table is locked"). PostgreSQL test databases get pytest-django's worker suffix
    (``test_infocenter_gw0`` …)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.getbasetemp() / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    """Pages render without a collected manifest; mail stays in memory; media and backups in
    tmp, no nightly backup.

    WhiteNoise looks static files up when asked instead of listing every collected file when
    its middleware starts: Django's test client starts the middleware anew for each client,
    and that listing cost 0.1 s per client, most of the time of the view tests. No test asks
    the test client for a static file; the browser tests get them from the live server's
    static-files handler."""
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_NIGHTLY = False  # on in the tests of the nightly backup
    # tests travel days ahead with signed-in clients; the idle-session test sets its own
    settings.SESSION_COOKIE_AGE = 366 * 24 * 3600
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _short_demo_history(monkeypatch):
    """The demo's past is a week long in tests of its other records (each loads the whole
    demo); tests/test_ux10_demo_history.py loads its three months."""
    from infocenter import demo

    monkeypatch.setattr(demo, "HISTORY_DAYS", 7)


@pytest.fixture
def root(db):
    return build_root()


@pytest.fixture
def org(root):
    return build_org(root)


@pytest.fixture
def people(root, org):
    return build_people(root, org)


@contextlib.contextmanager
def rolled_back():
    """Undoes in the database whatever is done inside, the way Django's TestCase undoes a test:
    a transaction nested in the test's own (a savepoint), in which the services' durable
    transactions may still run."""
    atomics = TestCase._enter_atomics()
    try:
        yield
    finally:
        TestCase._rollback_atomics(atomics)


@contextlib.contextmanager
def kept_for_module(django_db_blocker):
    """The transaction of a module-scoped fixture: what the fixture builds inside the block
    (with the database open: ``django_db_blocker.unblock()``) stays for the module's tests,
    whose own transactions nest in it, and is rolled back after the module, or at once when
    building it fails."""
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            TestCase._rollback_atomics(atomics)


@pytest.fixture(scope="module")
def org_once(django_db_setup, django_db_blocker):
    """``root``, ``org`` and ``people`` built once for a whole test module, for modules of many
    tests that only need that organisation to exist (as Django's ``TestCase.setUpTestData``).
    They are built in a transaction that each test's own transaction nests in, so what a test
    writes is still rolled back after it, and the whole organisation is rolled back after the
    module. A module overrides ``root``, ``org`` and ``people`` with deep copies of these, so no
    test sees another's changes to the objects in memory. Never for transactional tests
    (``transaction=True``, ``live_server``), which need committed data."""
    with kept_for_module(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            root = build_root()
            org = build_org(root)
            world = {"root": root, "org": org, "people": build_people(root, org)}
        yield world


def build_root():
    return services.bootstrap_superuser(username="root", full_name="超级管理员", password=PASSWORD)


def build_org(root):
    """重庆分公司 with two sites, A and B, each with five departments and one building."""
    company = services.create_company(root, name="测试物业", code="test")
    branch = services.create_branch(root, company=company, name="重庆分公司", code="cq")
    sites = {}
    for code, name in (("sa", "江岸花园"), ("sb", "嘉陵商务中心")):
        site = services.create_site(root, branch=branch, name=name, code=code)
        for dname, dcode in (
            ("客服部", "kf"),
            ("工程部", "gc"),
            ("秩序部", "zx"),
            ("环境部", "hj"),
            ("信息中心", "xx"),
        ):
            services.create_department(root, site=site, name=dname, code=dcode)
        services.create_building(
            root, site=site, name="1栋", floors=3, units=["1单元"], rooms_per_floor=2
        )
        sites[code] = site
    return {"company": company, "branch": branch, "a": sites["sa"], "b": sites["sb"]}


def make_person(root, username, role, *, site=None, department=None, branch=None):
    person = services.create_person(
        root, username=username, full_name=f"测试{username}", password=PASSWORD, phone="13900000000"
    )
    services.assign_role(
        root, person=person, role=role, site=site, department=department, branch=branch
    )
    return person


def build_people(root, org):
    """One person per role at site A (department roles in 工程部)."""
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    return {
        role: make_person(
            root, f"u_{role}", role, site=site, department=gc if role in DEPT_ROLES else None
        )
        for role in Role.values
    }


@pytest.fixture
def client_for():
    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def api_for():
    def _client(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _client


class Robot(BaseHTTPRequestHandler):
    """A chat-group robot endpoint: answers as configured, records what it received. Each
    ``robot`` server has its own subclass, so its lists belong to one test."""

    received: list
    answers: list
    keys: list

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, answer = self.answers.pop(0) if self.answers else (200, {"errcode": 0})
        if status == 200 and answer.get("errcode", answer.get("code", 0)) == 0:
            self.received.append(body)
            self.keys.append(self.headers.get("Idempotency-Key"))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    """A robot on a free port of 127.0.0.1: its URL, and its handler class (``answers`` to
    give, ``received`` messages)."""
    handler = type("Robot", (Robot,), {"received": [], "answers": [], "keys": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", handler
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 that refuses connections: bound by the test but never listening, so
    nothing else can take it meanwhile (a fixed "closed" port may be open on some machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
