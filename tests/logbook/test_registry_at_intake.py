"""LOG-3 at intake (source 4.3.3): as soon as the caller's building is known, the intake page
shows what is in force there from the information registry (outage, works, event, until when),
so the processor answers on the spot; the same answer over the API, by building."""

import pytest
from django.urls import reverse

from infocenter.core import services as core_services
from infocenter.core.choices import Role
from infocenter.core.models import Building, Room
from infocenter.logbook import selectors, services

from .conftest import hours


@pytest.fixture
def other_building(root, site):
    return core_services.create_building(
        root, site=site, name="2栋", floors=2, units=["1单元"], rooms_per_floor=2
    )


@pytest.fixture
def entries(people, site, gc, building, other_building, now):
    processor = people[Role.PROCESSOR]

    def entry(title, kind, *, buildings=(), starts=-1, ends=3):
        return services.record_entry(
            processor,
            site=site,
            department=gc,
            kind=kind,
            title=title,
            starts_at=now + hours(starts),
            ends_at=now + hours(ends) if ends is not None else None,
            changed_at=now - hours(1),
            channel="phone",
            reported_by="张伟",
            buildings=list(buildings),
        )

    return {
        "here": entry("1栋停水", "water_outage", buildings=[building], ends=2),
        "site": entry("小区消防演练", "community_event", ends=None),
        "there": entry("2栋停电", "power_outage", buildings=[other_building]),
        "later": entry("1栋电梯检修", "major_repair", buildings=[building], starts=5, ends=8),
    }


def test_log3_in_force_at_a_building_names_it_or_the_whole_site(entries, people, building):
    rows = list(selectors.in_force_at_building(people[Role.PROCESSOR], building=building))
    assert [e.title for e in rows] == ["1栋停水", "小区消防演练"]  # soonest ending first


def test_log3_intake_fragment_by_building_or_room(client_for, people, entries, building):
    client = client_for(people[Role.PROCESSOR])
    page = client.get(
        reverse("logbook:in_force"), {"building": building.pk}, HTTP_HX_REQUEST="true"
    )
    text = page.content.decode()
    assert page.status_code == 200 and "1栋停水" in text and "小区消防演练" in text
    assert "2栋停电" not in text and "1栋电梯检修" not in text
    room = Room.objects.filter(unit__building=building).first()
    by_room = client.get(reverse("logbook:in_force"), {"room": room.pk}).content.decode()
    assert "1栋停水" in by_room
    assert client.get(reverse("logbook:in_force")).content.decode().strip() == ""


def test_log3_nothing_in_force_is_said(client_for, people, building):
    text = client_for(people[Role.PROCESSOR]).get(
        reverse("logbook:in_force"), {"building": building.pk}
    )
    assert 'data-testid="in-force"' in text.content.decode()


def test_log3_other_sites_building_is_not_found(client_for, people, org):
    theirs = Building.objects.get(site=org["b"])
    client = client_for(people[Role.PROCESSOR])
    assert client.get(reverse("logbook:in_force"), {"building": theirs.pk}).status_code == 404
    assert client.get(reverse("logbook:in_force"), {"building": "x"}).status_code == 404


def test_log3_intake_page_loads_the_registry_when_the_building_is_known(client_for, people):
    text = client_for(people[Role.PROCESSOR]).get(reverse("servicedesk:intake")).content.decode()
    assert 'id="in-force"' in text and reverse("logbook:in_force") in text
    assert "caller-chosen" in text  # a caller chosen elsewhere on the page shows it too


def test_log3_api_in_force_by_building(api_for, people, entries, building, org):
    client = api_for(people[Role.PROCESSOR])
    answer = client.get(reverse("lb-entry-in-force"), {"building": building.pk})
    assert answer.status_code == 200
    assert [e["title"] for e in answer.json()] == ["1栋停水", "小区消防演练"]
    assert answer.json()[0]["ends_at"] is not None
    theirs = Building.objects.get(site=org["b"])
    assert client.get(reverse("lb-entry-in-force"), {"building": theirs.pk}).status_code == 404
    assert client.get(reverse("lb-entry-in-force")).status_code == 404


def test_log3_in_force_query_budget(
    client_for, people, entries, building, django_assert_max_num_queries
):
    client = client_for(people[Role.PROCESSOR])
    client.get(reverse("logbook:in_force"), {"building": building.pk})
    with django_assert_max_num_queries(8):
        client.get(reverse("logbook:in_force"), {"building": building.pk})
