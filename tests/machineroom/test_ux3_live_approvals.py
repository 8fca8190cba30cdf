"""UX 11, issue 14 item 3: the head's approvals inbox answers its poll with the inbox alone,
or 204 while nothing waiting changed."""

from django.urls import reverse

from infocenter.core.choices import Role

POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_LIVE": "1"}


def test_ux3_approvals_poll_answers_the_inbox_then_204_then_the_new_request(
    ask, head, client_for, django_assert_max_num_queries
):
    client = client_for(head)
    first_request = ask()
    page = client.get(reverse("machineroom:approvals")).content.decode()
    assert '<div id="queue"' in page and 'hx-trigger="live-poll"' in page
    first = client.get(reverse("machineroom:approvals"), **POLL)
    html = first.content.decode()
    assert html.startswith('<div id="queue"') and first_request.serial in html
    assert "<html" not in html
    with django_assert_max_num_queries(5):
        unchanged = client.get(
            reverse("machineroom:approvals"), **POLL, HTTP_X_LIVE_STAMP=first["X-Live-Stamp"]
        )
    assert unchanged.status_code == 204
    second_request = ask(people_coming=("李师傅",))
    again = client.get(
        reverse("machineroom:approvals"), **POLL, HTTP_X_LIVE_STAMP=first["X-Live-Stamp"]
    )
    assert again.status_code == 200 and second_request.serial in again.content.decode()


def test_ux3_approvals_poll_is_refused_to_others(people, client_for):
    client = client_for(people[Role.DEPT_HEAD])
    assert client.get(reverse("machineroom:approvals"), **POLL).status_code == 403
