import io

import pytest
from PIL import Image

from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import Category, ReporterKind, Source


def _png() -> bytes:
    """A small, whole PNG, as the signature pad draws (a signature is checked to be one)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 2), "white").save(out, "PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture
def gc(org):
    return Department.objects.get(site=org["a"], code="gc")


@pytest.fixture
def room(org):
    return Room.objects.filter(unit__building__site=org["a"]).order_by("number").first()


@pytest.fixture
def form(org, people, room):
    return services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="张三",
        reporter_phone="13800138000",
        category=Category.REPAIR,
        content="卫生间漏水",
        room=room,
    )


@pytest.fixture
def order(form, people, gc):
    return services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=gc,
        assistant=people[Role.CS_ASSISTANT],
    )
