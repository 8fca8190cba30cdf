"""SD-6, SD-7, SD-8, SD-14 are configurable per site: new clocks use the new limits, running
clocks keep theirs; only managers change them; stale and bad input are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.core.exceptions import PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import Deadline
from infocenter.servicedesk import services

LIMITS = {
    "dispatch_amount": 12,
    "dispatch_unit": "wall_hours",
    "arrange_amount": 1,
    "arrange_unit": "wall_hours",
    "report_amount": 3,
    "report_unit": "working_hours",
    "finish_amount": 3,
    "finish_unit": "working_days",
    "follow_up_amount": 2,
    "follow_up_unit": "working_days",
}


def test_sd6_new_limit_applies_to_new_forms_only(form, people, org):
    services.update_sla_policy(people[Role.CS_MANAGER], org["a"], version=1, **LIMITS)
    old = Deadline.objects.get(subject_id=str(form.pk), kind="sd.dispatch")
    assert old.due_at - old.started_at == dt.timedelta(hours=24)
    new = services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source="visit",
        reporter_kind="owner",
        reporter_name="王五",
        reporter_phone="13700000001",
        category="inquiry",
        content="问路",
    )
    clock = Deadline.objects.get(subject_id=str(new.pk), kind="sd.dispatch")
    assert clock.due_at - clock.started_at == dt.timedelta(hours=12)


def test_sd14_policy_refusals(people, org):
    with pytest.raises(PermissionDenied):
        services.update_sla_policy(people[Role.PROCESSOR], org["a"], version=1, **LIMITS)
    with pytest.raises(ValidationFailed) as exc:
        services.update_sla_policy(
            people[Role.CS_MANAGER],
            org["a"],
            version=1,
            **{**LIMITS, "finish_amount": 0, "arrange_unit": "fortnights"},
        )
    assert set(exc.value.field_errors) == {"finish_amount", "arrange_unit"}
    services.update_sla_policy(people[Role.CS_MANAGER], org["a"], version=1, **LIMITS)
    with pytest.raises(StaleEdit):
        services.update_sla_policy(people[Role.SYSADMIN], org["a"], version=1, **LIMITS)


def test_sd14_policy_page(people, org, client_for):
    client = client_for(people[Role.CS_MANAGER])
    page = client.get(reverse("servicedesk:policy")).content.decode()
    assert 'value="24"' in page and 'value="2"' in page
    response = client.post(
        reverse("servicedesk:policy"), {"site": org["a"].pk, "version": 1, **LIMITS}
    )
    assert response.status_code == 302
    assert services.policy(org["a"]).finish_amount == 3
