"""Rooms are read like the buildings they are in: only those of the actor's sites (ORG-1)."""

from infocenter.core import selectors
from infocenter.core.choices import Role
from infocenter.core.models import Room


def test_org1_rooms_for_offers_only_rooms_of_the_actors_sites(org, people):
    processor = people[Role.PROCESSOR]
    mine = selectors.rooms_for(processor)
    assert mine.exists()
    assert set(mine.values_list("unit__building__site", flat=True)) == {org["a"].pk}
    assert not mine.filter(unit__building__site=org["b"]).exists()
    assert Room.objects.filter(unit__building__site=org["b"]).exists()
    assert set(selectors.rooms_for(processor, site=org["a"])) == set(mine)
