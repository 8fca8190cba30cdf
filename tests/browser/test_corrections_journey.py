"""Browser journey of SD-12's return for correction: the data manager returns a handed-over
batch naming a problem on a work order; the assistant it is returned to finds it on a phone,
marks it fixed, and the form goes back in the next hand-over."""

import pytest
import time_machine
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import ProblemState
from infocenter.servicedesk.models import BatchProblem
from tests.conftest import make_person
from tests.servicedesk.test_archive import complete, last_week_form, monday_last_week

from .test_servicedesk_journey import SATURDAY, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sd12_returned_problem_is_fixed_from_a_phone(browser, live_server, org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    people = {
        Role.PROCESSOR: make_person(root, "wangfang", Role.PROCESSOR, site=site),
        Role.DEPT_HEAD: make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
        Role.DEPT_STAFF: make_person(root, "zhaoqiang", Role.DEPT_STAFF, site=site, department=gc),
        Role.CS_ASSISTANT: make_person(root, "lina", Role.CS_ASSISTANT, site=site),
        Role.DATA_MANAGER: make_person(root, "sunli", Role.DATA_MANAGER, site=site),
    }
    base = live_server.url
    with time_machine.travel(SATURDAY, tick=True):
        form, order = complete(people, last_week_form(people, org), gc)
        batch = services.submit_archive_batch(
            people[Role.PROCESSOR], site=site, week_start=monday_last_week()
        )
        # 资料员: returns the batch, naming the problem on the order.
        dm = session(browser, base, "sunli")
        dm.goto(f"{base}/servicedesk/archive/{batch.pk}/")
        returning = dm.get_by_test_id("return-form")
        returning.locator(f'input[name="problem_o{order.pk}"]').fill("签字不清")
        returning.get_by_role("button", name="退回更正").click()
        expect(dm.get_by_test_id("batch-problems")).to_contain_text("签字不清")
        # 客服助理, on a phone: the problem waits on the home page and in the queue.
        phone = session(browser, base, "lina", phone=True)
        expect(phone.locator("body")).to_contain_text("签字不清")
        phone.goto(f"{base}/servicedesk/corrections/?mine=true")
        row = phone.get_by_test_id("problem").filter(has_text="签字不清")
        expect(row.get_by_role("link", name="去更正")).to_be_visible()
        row.locator('input[name="note"]').fill("已请业主重新签字")
        row.get_by_role("button", name="标记已改正").click()
        expect(phone.locator(".alert-success")).to_contain_text("签字不清")
        assert BatchProblem.objects.get().state == ProblemState.FIXED
        again = services.submit_archive_batch(
            people[Role.PROCESSOR], site=site, week_start=monday_last_week()
        )
        assert list(again.forms.all()) == [form]
