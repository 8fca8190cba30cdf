"""IT-2: the endpoint registry's services: add, edit with a version, retire; MAC and IP checked
and normalised, unique per site; every refusal in words; each role's permission."""

import pytest

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import AuditEvent, Department
from infocenter.staffwork.services import endpoints as services

from .helpers_endpoints import registry


def test_it2_mac_and_ip_are_normalised():
    assert services.normalise_mac("3c-52-82-1a-2b-3c") == "3C:52:82:1A:2B:3C"
    assert services.normalise_mac("3c52.821a.2b3c") == "3C:52:82:1A:2B:3C"
    assert services.normalise_mac("3C:52:82:1A:2B") is None
    assert services.normalise_mac("") == ""
    assert services.normalise_ip(" 10.1.2.3 ") == "10.1.2.3"
    assert services.normalise_ip("10.1.2.300") is None


def test_it2_add_endpoint_normalises_and_audits(keeper, site):
    endpoint = services.add_endpoint(
        keeper, site=site, user_name=" 张伟 ", mac="3c-52-82-1a-2b-3c", ip="10.1.2.3"
    )
    assert (endpoint.user_name, endpoint.mac, endpoint.ip) == (
        "张伟",
        "3C:52:82:1A:2B:3C",
        "10.1.2.3",
    )
    event = AuditEvent.objects.get(kind="endpoint.added", subject_id=str(endpoint.pk))
    assert event.data["mac"] == "3C:52:82:1A:2B:3C"


def test_it2_bad_mac_ip_and_nothing_to_identify_are_refused(keeper, site):
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, mac="zz", ip="10.1")
    assert refused.value.field_errors["mac"] == [
        "Enter a MAC address of 12 hexadecimal digits, e.g. 3C:52:82:1A:2B:3C."
    ]
    assert refused.value.field_errors["ip"] == ["Enter an IPv4 address, e.g. 10.1.2.3."]
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, user_name="张伟")
    assert refused.value.field_errors["non_field_errors"] == [
        "Enter at least the MAC address, the IP address or the asset tag."
    ]


def test_it2_mac_and_asset_tag_are_unique_per_site_among_endpoints_in_use(keeper, site, org, root):
    first = services.add_endpoint(keeper, site=site, mac="3c:52:82:1a:2b:3c", asset_tag="ZC-1")
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, mac="3C-52-82-1A-2B-3C", asset_tag="ZC-1")
    assert refused.value.field_errors["mac"] == [
        "Another endpoint of this site has this MAC address."
    ]
    assert refused.value.field_errors["asset_tag"] == [
        "Another endpoint of this site has this asset tag."
    ]
    services.add_endpoint(root, site=org["b"], mac="3c:52:82:1a:2b:3c")  # another site: fine
    services.retire_endpoint(keeper, first, version=first.version, reason="报废")
    services.add_endpoint(keeper, site=site, mac="3c:52:82:1a:2b:3c", asset_tag="ZC-1")


def test_it2_department_of_another_site_is_refused(keeper, site, org):
    other = Department.objects.get(site=org["b"], code="xx")
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, asset_tag="ZC-9", department=other)
    assert refused.value.field_errors["department"] == ["The department belongs to another site."]


def test_it2_edit_checks_the_version_and_audits_before_and_after(keeper, site, people):
    endpoint = registry(keeper, site, 1)[0]
    changed = services.update_endpoint(
        keeper,
        endpoint,
        version=endpoint.version,
        user_name="王强",
        mac=endpoint.mac,
        ip=endpoint.ip,
        asset_tag=endpoint.asset_tag,
        department=endpoint.department,
        real_name_bound=True,
    )
    assert changed.version == endpoint.version + 1 and changed.real_name_on is not None
    event = AuditEvent.objects.get(kind="endpoint.changed", subject_id=str(endpoint.pk))
    assert event.data["changes"]["user_name"] == ["张伟", "王强"]
    assert event.data["changes"]["real_name_bound"] == ["False", "True"]
    with pytest.raises(StaleEdit) as stale:
        services.update_endpoint(
            people[Role.IC_HEAD], endpoint, version=endpoint.version, asset_tag="ZC-0001"
        )
    assert "王强" in str(stale.value.message)


def test_it2_retired_endpoint_is_kept_and_read_only(keeper, site):
    endpoint = registry(keeper, site, 1)[0]
    with pytest.raises(ValidationFailed) as refused:
        services.retire_endpoint(keeper, endpoint, version=endpoint.version, reason=" ")
    assert refused.value.field_errors["reason"] == ["Say why the endpoint is retired."]
    retired = services.retire_endpoint(keeper, endpoint, version=endpoint.version, reason="报废")
    assert retired.retired_at is not None
    with pytest.raises(Conflict) as refused:
        services.update_endpoint(keeper, retired, version=retired.version, asset_tag="ZC-2")
    assert "is retired and read-only" in str(refused.value.message)
    assert AuditEvent.objects.filter(kind="endpoint.retired", subject_id=str(endpoint.pk)).exists()


@pytest.mark.parametrize("role", [Role.IT_STAFF, Role.IC_HEAD])
def test_it2_it_staff_and_the_head_keep_the_registry(people, site, role):
    assert services.add_endpoint(people[role], site=site, asset_tag=f"ZC-{role}")


@pytest.mark.parametrize(
    "role", [Role.BRANCH_GM, Role.AUDITOR, Role.PROCESSOR, Role.MR_MAINTAINER, Role.SYSADMIN]
)
def test_it2_other_roles_may_not_keep_the_registry(people, site, role):
    with pytest.raises(PermissionDenied) as refused:
        services.add_endpoint(people[role], site=site, asset_tag="ZC-1")
    assert str(refused.value.message) == (
        "Your roles do not allow you to keep the endpoint registry and reconcile it here."
    )


def test_it2_it_staff_of_one_site_may_not_keep_another_sites_registry(keeper, org):
    with pytest.raises(PermissionDenied):
        services.add_endpoint(keeper, site=org["b"], asset_tag="ZC-1")


def test_it2_the_user_linked_must_work_at_the_endpoints_site(keeper, site, org, root):
    from tests.conftest import make_person

    elsewhere = make_person(root, "b_it", Role.IT_STAFF, site=org["b"])
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, mac="3c:52:82:00:00:77", person=elsewhere)
    assert refused.value.field_errors["person"] == ["The person does not work at this site."]


def test_it2_a_real_name_is_bound_only_with_the_users_name(keeper, site):
    with pytest.raises(ValidationFailed) as refused:
        services.add_endpoint(keeper, site=site, mac="3c:52:82:00:00:78", real_name_bound=True)
    assert refused.value.field_errors["real_name_bound"] == [
        "A real name can be bound only with the user's name."
    ]
    named = services.add_endpoint(
        keeper, site=site, mac="3c:52:82:00:00:79", user_name="张伟", real_name_bound=True
    )
    assert named.real_name_bound and named.real_name_on
