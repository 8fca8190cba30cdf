"""Staff work's test fixtures: the site's IT staffer, a colleague, the information-center head,
and the records of the other apps an IT staffer did (the sources of the work log's proposals),
each built through its app's services."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from infocenter.core import services
from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.staffwork.services import worklog
from tests.conftest import make_person
from tests.servicedesk.conftest import PNG  # a small, whole PNG, as the signature pad draws


@pytest.fixture(autouse=True)
def _english():
    """Services' messages compared in English (the pages are tested in Chinese where they say)."""
    with translation.override("en"):
        yield


@pytest.fixture
def site(org):
    return org["a"]


@pytest.fixture
def it(people):
    return people[Role.IT_STAFF]


@pytest.fixture
def keeper(it):
    """The IT staffer as the keeper of the endpoint registry (IT-2)."""
    return it


@pytest.fixture
def colleague(root, site):
    return make_person(root, "it2", Role.IT_STAFF, site=site)


@pytest.fixture
def head(people):
    return people[Role.IC_HEAD]


def content(**values) -> worklog.EntryContent:
    base = {"kind": "maintenance", "day": dt.date(2026, 11, 30), "hours": Decimal("2")}
    return worklog.EntryContent(**(base | values))


def entry(person, site, **values):
    return worklog.add_entry(person, site=site, content=content(**values))


def pdf(name="证书.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def jpeg():
    from PIL import Image  # noqa: PLC0415  (only the rounds' photos need it)

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def machine_room_work(root, org, people, needs):
    """Machine-room records the maintainer did, with the maintainer also keeping a work log (an
    IT staffer at the site): a backup checked, a loan handed out, a data request fulfilled, a
    change implemented, an inspection round done."""
    from infocenter.machineroom.services import data_access, inspections  # noqa: PLC0415
    from tests.test_permission_matrix import (  # noqa: PLC0415  (the matrix's record builders)
        change_objects,
        ctx_objects,
        mr_objects,
    )

    maintainer = people[Role.MR_MAINTAINER]
    services.assign_role(root, person=maintainer, role=Role.IT_STAFF, site=org["a"])
    ctx = ctx_objects(org, people)
    ctx["head"], ctx["maintainer"] = people[Role.IC_HEAD], maintainer
    mr_objects(ctx, people, set(needs) | {"checklist"})
    if "data_approved" in needs:
        request = ctx["data_request"]
        ctx["data_done"] = data_access.fulfil_data_request(
            maintainer,
            request,
            version=request.version,
            handed_to="李警官",
            provided=[{"position": 1, "form": "electronic", "extent": "1 段视频"}],
        )
    if "done_round" in needs:
        record = inspections.start_round(maintainer, checklist=ctx["checklist"])
        found = {
            r.pk: {"outcome": "pass", "reading": Decimal("22"), "photo": jpeg()}
            for r in record.results.all()
        }
        ctx["done_round"] = inspections.record_results(
            maintainer, record, version=record.version, entries=found, submit=True
        )
    change_objects(ctx, people, set(needs) & {"change_done_central"})
    return maintainer, ctx


def handled_order(root, org, people):
    """A work order of 信息中心 the IT staffer handled (assigned, started, reported)."""
    from infocenter.servicedesk import services as sd  # noqa: PLC0415

    it, processor = people[Role.IT_STAFF], people[Role.PROCESSOR]
    xx = Department.objects.get(site=org["a"], code="xx")
    services.assign_role(root, person=it, role=Role.DEPT_HEAD, site=org["a"], department=xx)
    form = sd.log_form(
        processor,
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="张三",
        reporter_phone="13800138000",
        category="repair",
        content="门禁系统无法刷卡",
    )
    order = sd.dispatch_order(
        processor, form, version=form.version, department=xx, assistant=people[Role.CS_ASSISTANT]
    )
    order = sd.assign_order(it, order, version=order.version, assignee=it)
    order = sd.start_order(it, order, version=order.version)
    return sd.report_result(it, order, version=order.version, result="已修复", signature_png=PNG)


@pytest.fixture
def en_client_for():
    """Pages asked for in English, so that tests can assert the exact messages."""

    def _client(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def api_for():
    """API clients that ask for English, so the refusals compare with the source strings."""
    from rest_framework.test import APIClient  # noqa: PLC0415

    def _client(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return _client
