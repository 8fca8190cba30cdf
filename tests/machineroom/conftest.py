import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from infocenter.core.choices import Role
from infocenter.machineroom.services import access as services
from infocenter.machineroom.services import inspections


@pytest.fixture(autouse=True)
def _english():
    """Services' messages compared in English (the pages are tested in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def site(org):
    return org["a"]


@pytest.fixture
def room(root, site):
    return services.add_room(root, site=site, name="中心机房", location="物业楼三楼")


@pytest.fixture
def head(people):
    return people[Role.IC_HEAD]


@pytest.fixture
def maintainer(people):
    return people[Role.MR_MAINTAINER]


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


@pytest.fixture
def ask(people, room, maintainer, now):
    """A request by the 工程部 head for an outside unit, escorted by the maintainer."""

    def _ask(
        kind="visit", *, people_coming=("王师傅",), starts_at=None, ends_at=None, by=None, **extra
    ):
        return services.request_access(
            by or people[Role.DEPT_HEAD],
            room=room,
            kind=kind,
            organisation="重庆电信",
            applicant="王师傅",
            phone="13800138000",
            people=list(people_coming),
            purpose="更换光猫",
            starts_at=starts_at or now - hours(1),
            ends_at=ends_at or now + hours(4),
            escort=maintainer,
            **({"scope": "三楼机柜布线"} if kind == "construction" else {}) | extra,
        )

    return _ask


@pytest.fixture
def approved(ask, head):
    def _approved(kind="visit", **kwargs):
        record = ask(kind, **kwargs)
        return services.approve_request(head, record, version=record.version, note="同意")

    return _approved


def page_budget(budget):
    """A page's query budget; ``"inbox"`` is the approvals inbox: its own queries, then one per
    source of approvals."""
    from infocenter.machineroom import approvals

    return 7 + len(approvals.sources()) if budget == "inbox" else budget


def photo(name="p.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def checklist(maintainer, site, room):
    c = inspections.add_checklist(
        maintainer, site=site, name="机房日常巡检", target="area", room=room
    )
    for label, kind, extra in [
        ("机房温度", "reading", {"unit": "°C", "min_value": Decimal(18), "max_value": Decimal(27)}),
        ("机房湿度", "reading", {"unit": "%", "min_value": Decimal(40), "max_value": Decimal(70)}),
        ("UPS 运行状态", "check", {"photo_required": True}),
        ("灭火器压力", "check", {}),
    ]:
        c.refresh_from_db()
        inspections.add_checklist_item(
            maintainer, c, version=c.version, label=label, kind=kind, **extra
        )
    c.refresh_from_db()
    return c


@pytest.fixture
def open_round(maintainer, checklist):
    return inspections.start_round(maintainer, checklist=checklist)
