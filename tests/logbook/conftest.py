import datetime as dt

import pytest
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.models import Building, Department
from tests.conftest import make_person


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
def gc(site):
    return Department.objects.get(site=site, code="gc")


@pytest.fixture
def building(site):
    return Building.objects.get(site=site, name="1栋")


@pytest.fixture
def processor2(root, site):
    """The incoming processor of the next shift."""
    return make_person(root, "u_processor2", Role.PROCESSOR, site=site)


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)
