"""UX 11, issue 14 item 3: the department inbox, the follow-up queue and the home panels answer
their own poll with the refreshable region alone, or 204 when nothing changed."""

import pytest
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.servicedesk import services

POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_LIVE": "1"}


def poll(client, url, stamp="", **params):
    return client.get(url, params, **POLL, HTTP_X_LIVE_STAMP=stamp)


def another(people, org, room, gc, content="楼道灯不亮", **fields):
    processor = people[Role.PROCESSOR]
    form = services.log_form(
        processor,
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="李四",
        reporter_phone="13800138001",
        category="repair",
        content=content,
        room=room,
        **fields,
    )
    return services.dispatch_order(
        processor, form, version=form.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )


QUEUES = [("servicedesk:inbox", Role.DEPT_HEAD), ("servicedesk:follow_up", Role.CS_ASSISTANT)]


@pytest.mark.parametrize(("name", "role"), QUEUES)
def test_ux3_queue_page_marks_its_region_and_keeps_the_filter_outside(
    order, people, client_for, name, role
):
    html = client_for(people[role]).get(reverse(name)).content.decode()
    region = html.split('<div id="queue"')[1]
    assert f'hx-get="{reverse(name)}"' in region.split(">")[0]
    assert 'hx-trigger="live-poll"' in region.split(">")[0]
    assert 'data-live-interval="20"' in region.split(">")[0]
    assert order.serial in region
    assert 'name="q"' in html.split('<div id="queue"')[0]  # the filter form is not swapped


@pytest.mark.parametrize(("name", "role"), QUEUES)
def test_ux3_queue_poll_answers_the_queue_alone(order, people, client_for, name, role):
    response = poll(client_for(people[role]), reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="queue"') and html.rstrip().endswith("</div>")
    assert order.serial in html
    assert "<nav" not in html.split("pagination")[0] and "<html" not in html
    assert 'name="q"' not in html
    assert f'data-live-stamp="{response["X-Live-Stamp"]}"' in html


@pytest.mark.parametrize(("name", "role"), QUEUES)
def test_ux3_queue_poll_with_nothing_new_is_204_and_cheap(
    order, people, client_for, name, role, django_assert_max_num_queries
):
    client = client_for(people[role])
    stamp = poll(client, reverse(name))["X-Live-Stamp"]
    with django_assert_max_num_queries(5):
        response = poll(client, reverse(name), stamp)
    assert response.status_code == 204 and response.content == b""
    assert response["X-Live-Stamp"] == stamp


def test_ux3_a_new_order_answers_the_new_queue(
    order, people, client_for, org, room, gc, django_assert_max_num_queries
):
    client = client_for(people[Role.DEPT_HEAD])
    stamp = poll(client, reverse("servicedesk:inbox"))["X-Live-Stamp"]
    new = another(people, org, room, gc)
    with django_assert_max_num_queries(12):  # no more than the whole page (test_ux_queues)
        response = poll(client, reverse("servicedesk:inbox"), stamp)
    assert response.status_code == 200 and new.serial in response.content.decode()
    assert response["X-Live-Stamp"] != stamp


def test_ux3_a_change_at_another_site_leaves_the_queue_alone(order, people, client_for, root, org):
    """The stamp follows the audit chains of the reader's sites only."""
    from infocenter.core import services as core_services

    client = client_for(people[Role.DEPT_HEAD])
    stamp = poll(client, reverse("servicedesk:inbox"))["X-Live-Stamp"]
    core_services.create_department(root, site=org["b"], name="绿化部", code="lh")
    assert poll(client, reverse("servicedesk:inbox"), stamp).status_code == 204


def test_ux3_poll_of_the_filtered_queue_keeps_the_filter(order, people, client_for, org, room, gc):
    other = another(people, org, room, gc, content="电梯异响")
    client = client_for(people[Role.DEPT_HEAD])
    html = poll(client, reverse("servicedesk:inbox"), q="电梯").content.decode()
    assert other.serial in html and order.serial not in html
    assert 'hx-get="/servicedesk/inbox/?q=' in html or "q=%E7%94%B5%E6%A2%AF" in html


def test_ux3_urgent_and_major_orders_are_listed_for_announcement(
    order, people, client_for, org, room, gc
):
    urgent = another(people, org, room, gc, priority="urgent")
    major = another(people, org, room, gc, major=True)
    html = poll(client_for(people[Role.DEPT_HEAD]), reverse("servicedesk:inbox")).content.decode()
    marked = html.split('data-live-urgent="')[1].split('"')[0].split()
    assert marked == [urgent.get_absolute_url(), major.get_absolute_url()]


@pytest.mark.parametrize(("name", "role"), QUEUES)
def test_ux3_poll_is_refused_to_those_the_queue_is_not_for(order, people, client_for, name, role):
    assert poll(client_for(people[Role.AUDITOR]), reverse(name)).status_code == 403


def test_ux3_home_poll_answers_the_panels_alone_then_204(
    order, people, client_for, org, room, gc, django_assert_max_num_queries
):
    client = client_for(people[Role.DEPT_HEAD])
    page = client.get(reverse("home")).content.decode()
    assert '<div id="home-panels"' in page and 'hx-get="/"' in page
    first = poll(client, reverse("home"))
    html = first.content.decode()
    assert html.startswith('<div id="home-panels"') and order.serial in html
    assert "Hello" not in html and "你好" not in html  # the greeting stays
    with django_assert_max_num_queries(5):
        assert poll(client, reverse("home"), first["X-Live-Stamp"]).status_code == 204
    urgent = another(people, org, room, gc, priority="urgent")
    html = poll(client, reverse("home"), first["X-Live-Stamp"]).content.decode()
    assert urgent.serial in html
    assert urgent.get_absolute_url() in html.split('data-live-urgent="')[1].split('"')[0]


def test_ux3_branch_roles_poll_their_branchs_sites_cheaply(
    order, people, client_for, root, org, django_assert_max_num_queries
):
    """A branch role's stamp reads the chains of every site of the branch: a change at site B
    refreshes the GM's home, and an unchanged poll stays within six queries."""
    from infocenter.core import services as core_services
    from tests.conftest import make_person

    gm = make_person(root, "u_gm_live", Role.BRANCH_GM, branch=org["branch"])
    client = client_for(gm)
    stamp = poll(client, reverse("home"))["X-Live-Stamp"]
    with django_assert_max_num_queries(6):
        assert poll(client, reverse("home"), stamp).status_code == 204
    core_services.create_department(root, site=org["b"], name="绿化部", code="lh")
    assert poll(client, reverse("home"), stamp).status_code == 200
