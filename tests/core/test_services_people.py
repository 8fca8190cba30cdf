"""ORG-2, ORG-3: system administrators add people with their first role in one step, grant
and revoke roles; refusals name the field."""

import pytest
from django.urls import reverse

from infocenter.core import permissions, services
from infocenter.core.choices import Role
from infocenter.core.exceptions import PermissionDenied, ValidationFailed
from infocenter.core.models import AuditEvent, Department, RoleAssignment, User
from tests.conftest import PASSWORD


def test_org2_add_staff_creates_person_and_role_together(org, people):
    admin = people[Role.SYSADMIN]
    gc = Department.objects.get(site=org["a"], code="gc")
    person = services.add_staff(
        admin,
        site=org["a"],
        role=Role.DEPT_STAFF,
        department=gc,
        username="liqiang",
        full_name="李强",
        password=PASSWORD,
        specialties="电梯维保",
    )
    assert person.check_password(PASSWORD)
    assert list(person.role_assignments.values_list("role", "department")) == [
        (Role.DEPT_STAFF, gc.pk)
    ]
    kinds = list(
        AuditEvent.objects.filter(subject_id=str(person.pk), subject_type="core.user")
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == ["person.created", "role.assigned"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "u_processor"}, "username"),  # taken
        ({"password": "123"}, "password"),
        ({"role": Role.DEPT_HEAD, "department": None}, "department"),
        ({"role": "king"}, "role"),
    ],
)
def test_org2_add_staff_refusals_leave_nothing_behind(org, people, changes, field):
    admin = people[Role.SYSADMIN]
    before = User.objects.count()
    data = {
        "site": org["a"],
        "role": Role.PROCESSOR,
        "department": None,
        "username": "xinren",
        "full_name": "新人",
        "password": PASSWORD,
        **changes,
    }
    with pytest.raises(ValidationFailed) as exc:
        services.add_staff(admin, **data)
    assert field in exc.value.field_errors
    assert User.objects.count() == before


def test_org2_department_of_another_site_is_refused(org, people):
    other = Department.objects.get(site=org["b"], code="gc")
    with pytest.raises(ValidationFailed) as exc:
        services.assign_role(
            people[Role.SYSADMIN],
            person=people[Role.AUDITOR],
            role=Role.DEPT_HEAD,
            site=org["a"],
            department=other,
        )
    assert "department" in exc.value.field_errors


def test_org2_only_site_administrators_manage_people(org, people):
    with pytest.raises(PermissionDenied):
        services.add_staff(
            people[Role.CS_MANAGER],
            site=org["a"],
            role=Role.PROCESSOR,
            department=None,
            username="x1",
            full_name="某",
            password=PASSWORD,
        )
    with pytest.raises(PermissionDenied):  # administrator of A, not of B
        services.add_staff(
            people[Role.SYSADMIN],
            site=org["b"],
            role=Role.PROCESSOR,
            department=None,
            username="x2",
            full_name="某",
            password=PASSWORD,
        )


def test_org2_grant_and_revoke_from_the_person_page(org, people, client_for):
    admin = client_for(people[Role.SYSADMIN])
    auditor = people[Role.AUDITOR]
    response = admin.post(
        reverse("core:role_add", kwargs={"pk": auditor.pk}),
        {"role": Role.DATA_MANAGER, "site": org["a"].pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=auditor, role=Role.DATA_MANAGER)
    permissions.forget(auditor)
    assert permissions.can(auditor, "people.view", site_id=org["a"].pk)
    page = admin.get(reverse("core:person", kwargs={"pk": auditor.pk})).content.decode()
    assert "撤销" in page and "授予角色" in page
    admin.post(reverse("core:role_revoke", kwargs={"pk": assignment.pk}))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(kind="role.revoked", subject_id=str(auditor.pk)).exists()


def test_org2_add_person_page(org, people, client_for):
    admin = client_for(people[Role.SYSADMIN])
    assert "添加人员" in admin.get(reverse("core:people")).content.decode()
    response = admin.post(
        reverse("core:person_add"),
        {
            "username": "chenlu",
            "full_name": "陈露",
            "password": PASSWORD,
            "phone": "12345",
            "role": Role.CS_ASSISTANT,
            "site": org["a"].pk,
        },
    )
    assert response.status_code == 200 and "11" in response.content.decode()  # phone refused
    response = admin.post(
        reverse("core:person_add"),
        {
            "username": "chenlu",
            "full_name": "陈露",
            "password": PASSWORD,
            "phone": "13800001111",
            "role": Role.CS_ASSISTANT,
            "site": org["a"].pk,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="chenlu").role_assignments.get().role == Role.CS_ASSISTANT
