"""MR-3: items carried in or out are inspected and recorded against the visit; nothing goes
in before the inspector confirms it holds no food, drink, flammables or explosives (MR-2)."""

import pytest

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.machineroom import selectors
from infocenter.machineroom.services import access as services


def test_mr3_item_out_is_recorded_against_the_visit(approved, maintainer, head, site):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    item = services.record_item(
        maintainer,
        visit=visit,
        direction="out",
        description="旧光猫",
        quantity=1,
        identifier="HG8245",
        inspection="已拆除，外观完好",
    )
    assert item.visit == visit and item.inspected_by == maintainer
    assert list(selectors.items_for(head, site=site)) == [item]


def test_mr3_nothing_goes_in_without_the_inspection_confirmed(approved, maintainer):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    with pytest.raises(ValidationFailed) as refused:
        services.record_item(maintainer, visit=visit, direction="in", description="新光猫")
    assert "no_forbidden" in refused.value.field_errors
    assert services.record_item(
        maintainer, visit=visit, direction="in", description="新光猫", no_forbidden=True
    )


def test_mr3_refuses_bad_fields_and_a_visit_that_is_over(approved, maintainer):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    with pytest.raises(ValidationFailed) as refused:
        services.record_item(
            maintainer, visit=visit, direction="sideways", description="", quantity=0
        )
    assert {"direction", "description", "quantity"} <= set(refused.value.field_errors)
    services.sign_out(maintainer, visit, version=visit.version)
    visit.refresh_from_db()
    with pytest.raises(Conflict, match="not inside"):
        services.record_item(maintainer, visit=visit, direction="out", description="网线")


def test_mr3_only_the_desk_inspects(approved, maintainer, people):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    with pytest.raises(PermissionDenied):
        services.record_item(
            people[Role.PROCESSOR], visit=visit, direction="out", description="网线"
        )
