"""The load drill's people (issue 17, item 3), for Locust: a control room's day on the demo
site 江岸花园, each person as they work, the pages they look at and the API steps they take.
``bench/load.py`` runs it; it reads the scene (tokens, passwords, ids) from ``LOAD_SCENE``.

Work is shared: several users play each person, so two of them may reach for the same order.
A step the state no longer allows or a stale version is refused (409), as the rules say; that
is counted under its own name ("… (refused, taken by another)"), never as an error. Everything
else that is not 2xx, and any server error, is an error.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import HttpUser, between, events, task

SCENE = json.loads(os.environ.get("LOAD_SCENE", "{}"))
API = "/api/v1/servicedesk"
# the crash drill (bench/chaos.py) keeps every write the server acknowledged, a JSON line each,
# to find them in the database afterwards
ACKS = (
    open(os.environ["LOAD_ACKS"], "a", buffering=1)  # noqa: SIM115 — open for the whole run
    if os.environ.get("LOAD_ACKS")
    else None
)
# the failover drill (bench/standby.py) keeps every failed request with its moment
FAILURES = (
    open(os.environ["LOAD_FAILURES"], "a", buffering=1)  # noqa: SIM115 — open for the whole run
    if os.environ.get("LOAD_FAILURES")
    else None
)


@events.request.add_listener
def keep_failure(request_type, name, response_time, response_length, exception=None, **kwargs):
    if FAILURES is not None and exception is not None:
        line = {"at": time.time(), "request": f"{request_type} {name}", "error": str(exception)}
        FAILURES.write(json.dumps(line, ensure_ascii=False)[:500] + "\n")


def failed(response, detail) -> str:
    """The failure's text: the status and what came back, or that nothing came back (the
    connection refused or cut: the server's process was down)."""
    if not response.status_code:
        return f"no answer (connection): {response.error}"
    return f"{response.status_code} {detail}"


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)  # a person reads, types, answers the phone
    username = ""

    def on_start(self):
        person = SCENE["people"][self.username]
        self.api = {"Authorization": f"Token {person['token']}"}
        self.client.get("/login/", name="log-in page")
        csrf = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/login/",
            {"username": self.username, "password": SCENE["password"], "csrfmiddlewaretoken": csrf},
            headers={"Referer": self.host + "/login/"},
            name="log in",
        )

    def page(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(failed(response, response.url))

    def get_json(self, path: str, name: str) -> list:
        with self.client.get(path, headers=self.api, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(failed(response, response.text[:200]))
                return []
            return response.json().get("results", [])

    def step(self, path: str, body: dict, name: str) -> dict | None:
        """A workflow step; a 409 (taken by another, or already done) is the rules refusing."""
        # signed in on the pages too, as the person's browser is: the session is tried first,
        # so the request carries the CSRF token as the pages' own requests do
        headers = {**self.api, "X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        headers["Referer"] = self.host + "/"
        with self.client.post(
            path, json=body, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code in (200, 201):
                answer = response.json()
                if ACKS is not None:
                    ACKS.write(
                        json.dumps(
                            {"at": time.time(), "step": name, "path": path, "answer": answer}
                        )
                        + "\n"
                    )
                return answer
            if response.status_code == 409:
                response.success()
                self.environment.events.request.fire(
                    request_type="POST",
                    name=f"{name} (refused, taken by another)",
                    response_time=response.elapsed.total_seconds() * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
                return None
            response.failure(failed(response, response.text[:300]))
            return None


class Processor(Person):
    """信息处理员: takes calls, logs and dispatches them, closes verified orders in the register,
    checks the register."""

    weight = 15
    username = "wangfang"

    @task(4)
    def log_and_dispatch(self):
        resident = random.choice(SCENE["residents"])
        self.step(
            f"{API}/forms/log-and-dispatch/",
            {
                "site": SCENE["site"],
                "source": "phone",
                "reporter_kind": resident["kind"],
                "reporter_name": resident["name"],
                "reporter_phone": resident["phone"],
                "category": "repair",
                "content": f"压力测试：{random.choice(['楼道灯不亮', '水管漏水', '门禁失灵'])}",
                "room": resident["room"],
                "department": SCENE["department"],
                "assistant": SCENE["assistant"],
            },
            "API log and dispatch",
        )

    @task(2)
    def close(self):
        """消档: a verified order is closed in the register; its form is then resolved and
        waits for the assistant's callback."""
        orders = self.get_json(
            f"{API}/orders/?state=verified&department={SCENE['department']}",
            "API orders to close",
        )
        if orders:
            order = random.choice(orders[:10])
            self.step(
                f"{API}/orders/{order['id']}/close/",
                {"version": order["version"]},
                "API close in register",
            )

    @task(2)
    def register(self):
        self.page("/servicedesk/register/", "page: register")

    @task(1)
    def search(self):
        resident = random.choice(SCENE["residents"])
        self.page(f"/search/suggest/?q={resident['phone'][-4:]}", "page: search suggest")

    @task(1)
    def home(self):
        self.page("/", "page: home")


class Head(Person):
    """工程部主管: signs for the department's new orders and arranges the technician."""

    weight = 5
    username = "zhangwei"

    @task(3)
    def arrange(self):
        orders = self.get_json(
            f"{API}/orders/?state=dispatched&department={SCENE['department']}",
            "API orders to sign for",
        )
        if not orders:
            return
        order = random.choice(orders[:10])
        done = self.step(
            f"{API}/orders/{order['id']}/acknowledge/",
            {"version": order["version"]},
            "API acknowledge",
        )
        if done:
            self.step(
                f"{API}/orders/{order['id']}/assign/",
                {"version": done["version"], "assignee": SCENE["technician"]},
                "API assign",
            )

    @task(2)
    def inbox(self):
        self.page("/servicedesk/inbox/", "page: inbox")


class Technician(Person):
    """维修技工: starts the orders arranged for him and reports them done, signed."""

    weight = 12
    username = "zhaoqiang"

    @task(3)
    def work(self):
        orders = self.get_json(
            f"{API}/orders/?assignee={SCENE['technician']}&state=assigned", "API my orders"
        )
        if not orders:
            return
        order = random.choice(orders[:10])
        started = self.step(
            f"{API}/orders/{order['id']}/start/", {"version": order["version"]}, "API start"
        )
        if started:
            self.step(
                f"{API}/orders/{order['id']}/report/",
                {
                    "version": started["version"],
                    "result": "已更换，试用正常",
                    "outcome": "done",
                    "signed_by_customer": "业主本人",
                },
                "API report",
            )

    @task(2)
    def inbox(self):
        self.page("/servicedesk/inbox/", "page: inbox")


class Assistant(Person):
    """客服助理: verifies the reported orders and calls the customer back."""

    weight = 8
    username = "lina"

    @task(2)
    def verify(self):
        orders = self.get_json(
            f"{API}/orders/?assistant={SCENE['assistant']}&state=reported", "API orders to verify"
        )
        if orders:
            order = random.choice(orders[:10])
            self.step(
                f"{API}/orders/{order['id']}/verify/", {"version": order["version"]}, "API verify"
            )

    @task(2)
    def call_back(self):
        forms = self.get_json(
            f"{API}/forms/?site={SCENE['site']}&state=resolved", "API forms to call back"
        )
        if forms:
            form = random.choice(forms[:10])
            self.step(
                f"{API}/forms/{form['id']}/callback/",
                {
                    "version": form["version"],
                    "outcome": "satisfied",
                    "satisfaction": 5,
                    "notes": "",
                    # the result told to the customer, and to the colleague who filed a staff
                    # form (SD-10 asks for both)
                    "customer_told": True,
                    "filer_told": bool(form.get("filed_by")),
                },
                "API callback",
            )

    @task(1)
    def follow_up(self):
        self.page("/servicedesk/follow-up/", "page: follow-up queue")


class Manager(Person):
    """分公司总经理: the dashboard and last month's report."""

    weight = 5
    username = "chenguodong"

    @task(3)
    def dashboard(self):
        self.page("/servicedesk/dashboard/", "page: dashboard")

    @task(1)
    def report(self):
        self.page("/reports/?kind=month", "page: last month's report")

    @task(1)
    def home(self):
        self.page("/", "page: home")


class Maintainer(Person):
    """机房维护员: the access desk, the rounds and the equipment ledger."""

    weight = 5
    username = "wulei"

    @task(2)
    def desk(self):
        self.page("/machineroom/", "page: access desk")

    @task(2)
    def rounds(self):
        self.page("/machineroom/rounds/", "page: rounds")

    @task(1)
    def ledger(self):
        self.page("/machineroom/equipment/", "page: equipment ledger")
