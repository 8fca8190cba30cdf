"""UX 11, issue 14 item 3: the bell of the top bar refreshes its unread count by polling; a
poll while the unread messages are what the bell shows answers 204."""

from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.models import Notification

POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_LIVE": "1"}


def tell(person, subject="新工单"):
    return Notification.objects.create(recipient=person, subject=subject, created_at=timezone.now())


def test_ux3_every_page_has_the_polling_bell_and_the_announce_toggle(people, client_for):
    html = client_for(people[Role.PROCESSOR]).get(reverse("home")).content.decode()
    bell = html.split('id="bell"')[1].split(">")[0]
    assert f'hx-get="{reverse("core:bell")}"' in bell and "data-live" in bell
    assert 'id="bell-sm"' in html
    assert 'id="live-alerts"' in html and "infocenter/live.js" in html


def test_ux3_bell_poll_counts_and_then_answers_204(
    people, client_for, django_assert_max_num_queries
):
    person = people[Role.PROCESSOR]
    client = client_for(person)
    tell(person)
    first = client.get(reverse("core:bell"), **POLL)
    html = first.content.decode()
    assert first.status_code == 200 and html.startswith('<a id="bell"')
    assert '<span class="badge rounded-pill bg-danger" data-testid="bell-count">1</span>' in html
    assert 'id="bell-sm"' in html and 'hx-swap-oob="true"' in html
    with django_assert_max_num_queries(3):
        unchanged = client.get(
            reverse("core:bell"), **POLL, HTTP_X_LIVE_STAMP=first["X-Live-Stamp"]
        )
    assert unchanged.status_code == 204 and unchanged.content == b""
    tell(person, "又一张工单")
    again = client.get(reverse("core:bell"), **POLL, HTTP_X_LIVE_STAMP=first["X-Live-Stamp"])
    assert (
        again.status_code == 200 and 'data-testid="bell-count">2</span>' in again.content.decode()
    )


def test_ux3_bell_counts_only_the_readers_own_messages(people, client_for):
    tell(people[Role.DEPT_HEAD])
    html = client_for(people[Role.PROCESSOR]).get(reverse("core:bell"), **POLL).content.decode()
    assert "bell-count" not in html


def test_ux3_bell_needs_a_login(client):
    assert client.get(reverse("core:bell"), **POLL).status_code == 302
