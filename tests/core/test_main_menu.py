"""The menu bar (UX 1): drawn from the navigation registry for the user's roles, kept per
roles, language and page (``home.main_menu``), so a role granted or revoked, another language
or another page shows at once."""

from django.urls import reverse

from infocenter.core import services
from infocenter.core.choices import Role
from infocenter.core.models import RoleAssignment


def menu(client, url=None) -> str:
    """The menu bar's entries of a page."""
    body = client.get(url or reverse("home")).content.decode()
    return body[
        body.index('<ul class="navbar-nav me-auto">') : body.index(
            '<ul class="navbar-nav align-items-lg-center">'
        )
    ]


def test_ux1_a_role_granted_or_revoked_changes_the_menu_at_once(root, org, people, client_for):
    person = people[Role.PROCESSOR]
    client = client_for(person)
    before = menu(client)
    assert reverse("machineroom:rounds") not in before

    services.assign_role(root, person=person, role=Role.MR_MAINTAINER, site=org["a"])
    granted = menu(client)
    assert reverse("machineroom:rounds") in granted

    services.revoke_role(root, RoleAssignment.objects.get(user=person, role=Role.MR_MAINTAINER))
    revoked = menu(client)
    assert reverse("machineroom:rounds") not in revoked
    assert revoked == before


def test_ux1_the_menu_marks_the_page_it_is_on(people, client_for):
    client = client_for(people[Role.DEPT_HEAD])
    inbox = reverse("servicedesk:inbox")
    on_inbox = menu(client, inbox)
    on_home = menu(client)
    assert f'nav-link active" href="{inbox}"' in on_inbox
    assert f'nav-link active" href="{inbox}"' not in on_home


def test_x6_the_menu_follows_the_readers_language(people, client_for):
    client = client_for(people[Role.DEPT_HEAD])
    chinese = menu(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = menu(client)
    assert "待办派工单" in chinese
    assert "Work order inbox" in english and "待办派工单" not in english


def test_ux1_each_person_gets_their_own_menu(people, client_for):
    head = menu(client_for(people[Role.DEPT_HEAD]))
    auditor = menu(client_for(people[Role.AUDITOR]))
    inbox = reverse("servicedesk:inbox")
    assert inbox in head
    assert inbox not in auditor
