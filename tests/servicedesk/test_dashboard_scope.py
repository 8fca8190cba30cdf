"""Issue 14, item 6 (X-9): the dashboard opens on the user's own scope. A branch general
manager sees every site of the branch together, compared site by site; a site's manager sees
their site; every figure opens the list that shows exactly that many rows; the general
manager's home shows the branch's key figures."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infocenter.core import services as core_services
from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk import reports, services
from infocenter.servicedesk.choices import Category, ReporterKind, Source
from tests.conftest import make_person


def _log(processor, site, category, name):
    room = Room.objects.filter(unit__building__site=site).order_by("number").first()
    return services.log_form(
        processor,
        site=site,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name=name,
        reporter_phone="13800138000",
        category=category,
        content="测试",
        room=room,
    )


def _dispatch(processor, form, assistant):
    department = Department.objects.get(site=form.site, code="gc")
    return services.dispatch_order(
        processor, form, version=form.version, department=department, assistant=assistant
    )


def _site_staff(root, site, tag):
    """A processor, an assistant and the engineering head of ``site``."""
    gc = Department.objects.get(site=site, code="gc")
    return {
        Role.PROCESSOR: make_person(root, f"p_{tag}", Role.PROCESSOR, site=site),
        Role.CS_ASSISTANT: make_person(root, f"a_{tag}", Role.CS_ASSISTANT, site=site),
        Role.DEPT_HEAD: make_person(root, f"h_{tag}", Role.DEPT_HEAD, site=site, department=gc),
    }


def _fill(root, site, tag, *, assigned=True):
    """At ``site``: a repair dispatched (arranged when ``assigned``), a complaint handled and
    called back (satisfied), a repair left undispatched. Returns the staff."""
    staff = _site_staff(root, site, tag)
    processor, assistant = staff[Role.PROCESSOR], staff[Role.CS_ASSISTANT]
    repair = _log(processor, site, Category.REPAIR, "张三")
    order = _dispatch(processor, repair, assistant)
    if assigned:
        services.assign_order(
            staff[Role.DEPT_HEAD], order, version=order.version, assignee=staff[Role.DEPT_HEAD]
        )
    complaint = _log(processor, site, Category.COMPLAINT, "李四")
    complaint = services.resolve_form(
        processor, complaint, version=complaint.version, resolution="已答复"
    )
    services.record_callback(
        assistant, complaint, version=complaint.version, outcome="satisfied", satisfaction=5
    )
    _log(processor, site, Category.REPAIR, "王五")
    return staff


@pytest.fixture
def branch_gm(root, org):
    return make_person(root, "gm", Role.BRANCH_GM, branch=org["branch"])


@pytest.fixture
def world(root, org):
    """Site A: everything in order; site B: its order never arranged. Then, 30 hours on,
    the worker breaches what is late: both undispatched repairs (dispatch time limit) and
    B's order (arrangement time limit)."""
    _fill(root, org["a"], "a")
    _fill(root, org["b"], "b", assigned=False)
    worker.run_once(at=timezone.now() + dt.timedelta(hours=30), echo=lambda _: None)
    return org


def _count(client, url) -> int:
    body = client.get(url).content.decode()
    return int(re.search(r'data-testid="count">\D*(\d+)', body).group(1))


def test_ux6_x9_branch_gm_dashboard_covers_every_site_of_the_branch(world, branch_gm, client_for):
    response = client_for(branch_gm).get(reverse("servicedesk:dashboard"))
    assert response.status_code == 200
    rows = response.context["f"]["sites"]
    assert [r["site"].name for r in rows] == sorted([world["a"].name, world["b"].name])
    body = response.content.decode()
    assert 'data-testid="comparison"' in body and 'id="chart-sites"' in body
    assert response.context["site"] is None  # all sites, not the first one


def test_ux6_x9_comparison_figures_match_the_hand_count(world, branch_gm, client_for):
    figures = client_for(branch_gm).get(reverse("servicedesk:dashboard")).context["f"]
    by_site = {r["site"].pk: r for r in figures["sites"]}
    a, b = by_site[world["a"].pk], by_site[world["b"].pk]
    for row in (a, b):
        assert (row["forms"], row["orders"]) == (3, 1)
        assert (row["callback_due"], row["called_back"], row["satisfied"]) == (3, 1, 1)
        assert (row["callback_rate"], row["satisfaction"]) == (33.3, 100.0)
        dispatch = row["clocks"][0]
        assert (dispatch["name"], dispatch["met"], dispatch["breached"]) == ("派工时限", 2, 1)
        assert row["overdue_forms"] == 1
    arrange_a, arrange_b = a["clocks"][1], b["clocks"][1]
    assert arrange_a["name"] == "安排时限"
    assert (arrange_a["met"], arrange_a["breached"], arrange_a["rate"]) == (1, 0, 100.0)
    assert (arrange_b["met"], arrange_b["breached"], arrange_b["rate"]) == (0, 1, 0.0)
    assert (a["overdue_orders"], b["overdue_orders"]) == (0, 1)
    total = figures["all"]
    assert (total["forms"], total["orders"], total["overdue_forms"]) == (6, 2, 2)
    assert [c["name"] for c in total["clocks"]] == ["派工时限", "安排时限", "反馈时限", "完成时限"]
    assert (total["clocks"][1]["met"], total["clocks"][1]["breached"]) == (1, 1)


def test_ux6_x9_every_figure_opens_a_list_of_that_many_rows(world, branch_gm, client_for):
    client = client_for(branch_gm)
    figures = client.get(reverse("servicedesk:dashboard")).context["f"]
    checked = 0
    for row in [figures["all"], *figures["sites"]]:
        pairs = [
            ("forms", "forms_url"),
            ("orders", "orders_url"),
            ("overdue_forms", "overdue_forms_url"),
            ("overdue_orders", "overdue_orders_url"),
            ("called_back", "called_back_url"),
            ("satisfied", "satisfied_url"),
        ]
        for number, url in pairs:
            assert _count(client, row[url]) == row[number], (row.get("site"), number)
            checked += 1
        for clock in row["clocks"]:
            assert _count(client, clock["met_url"]) == clock["met"], clock["name"]
            assert _count(client, clock["breached_url"]) == clock["breached"], clock["name"]
            checked += 2
    for key in ("by_category", "by_source", "by_department", "daily"):
        for label, number, url in figures[key]:
            if number:
                assert _count(client, url) == number, (key, label)
                checked += 1
    assert checked > 40


def test_ux6_x9_the_list_says_its_filters_in_words(world, branch_gm, client_for):
    client = client_for(branch_gm)
    figures = client.get(reverse("servicedesk:dashboard")).context["f"]
    late = next(r for r in figures["sites"] if r["site"] == world["b"])["clocks"][1]
    body = client.get(late["breached_url"]).content.decode()
    chips = body.split('data-testid="filters"')[1].split("</div>")[0]
    assert world["b"].name in chips and "安排时限 · 超时" in chips
    assert not re.search(r"SD-\d", body)


def test_ux6_x9_site_manager_sees_their_site_and_is_refused_another(world, people, client_for):
    client = client_for(people[Role.CS_MANAGER])  # the customer-service manager of site A
    response = client.get(reverse("servicedesk:dashboard"))
    assert response.context["site"] == world["a"]
    assert [r["site"] for r in response.context["f"]["sites"]] == [world["a"]]
    assert 'data-testid="comparison"' not in response.content.decode()
    assert client.get(reverse("servicedesk:dashboard"), {"site": world["b"].pk}).status_code == 404
    assert client.get(reverse("servicedesk:forms"), {"site": world["b"].pk}).status_code == 404
    assert client.get(reverse("servicedesk:orders"), {"site": world["b"].pk}).status_code == 404


def test_ux6_x9_the_gm_narrows_to_one_site(world, branch_gm, client_for):
    response = client_for(branch_gm).get(reverse("servicedesk:dashboard"), {"site": world["b"].pk})
    assert response.context["site"] == world["b"]
    assert response.context["f"]["all"]["forms_url"].startswith(
        reverse("servicedesk:forms") + f"?site={world['b'].pk}&"
    )
    assert response.context["f"]["all"]["overdue_orders"] == 1


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("servicedesk:dashboard")).status_code == 200
    return len(queries)


def test_ux6_x9_dashboard_query_count_is_flat_in_the_number_of_sites(
    world, root, branch_gm, client_for
):
    client = client_for(branch_gm)
    client.get(reverse("servicedesk:dashboard"))
    two = _dashboard_queries(client)
    for code in ("sc", "sd"):
        site = core_services.create_site(
            root, branch=world["branch"], name=f"新项目{code}", code=code
        )
        core_services.create_department(root, site=site, name="工程部", code="gc")
        core_services.create_building(
            root, site=site, name="1栋", floors=1, units=["1单元"], rooms_per_floor=1
        )
        _fill(root, site, code)
    client = client_for(branch_gm)  # a new request reads the new sites
    client.get(reverse("servicedesk:dashboard"))
    four = _dashboard_queries(client)
    assert len(client.get(reverse("servicedesk:dashboard")).context["f"]["sites"]) == 4
    assert four == two
    assert two <= 25


def test_ux6_x9_gm_home_shows_the_branch_key_figures(world, branch_gm, client_for):
    client = client_for(branch_gm)
    response = client.get(reverse("home"))
    body = response.content.decode()
    panel = body.split('data-panel="sd_key_figures"')[1].split("data-panel=")[0]
    assert 'data-testid="branch-figures"' in panel
    assert world["a"].name in panel and world["b"].name in panel
    figures = reports.home_figures([world["a"].pk, world["b"].pk])
    total = figures["all"]
    assert (total["today"], total["running"], total["overdue_orders"]) == (6, 2, 1)
    assert total["finish"]["name"] == "完成时限"
    for row in [total, *figures["sites"]]:
        assert _count(client, row["today_url"]) == row["today"]
        assert _count(client, row["running_url"]) == row["running"]
        assert _count(client, row["overdue_orders_url"]) == row["overdue_orders"]
    today = re.search(r'data-testid="fig-today">(\d+)<', panel).group(1)
    assert today == "6"


def test_ux6_x9_key_figures_are_for_managers_only(world, people, client_for):
    body = client_for(people[Role.PROCESSOR]).get(reverse("home")).content.decode()
    assert 'data-panel="sd_key_figures"' not in body
    body = client_for(people[Role.CS_MANAGER]).get(reverse("home")).content.decode()
    panel = body.split('data-panel="sd_key_figures"')[1].split("data-panel=")[0]
    assert world["b"].name not in panel  # one site: no table of sites


def test_ux6_filters_of_the_api_form_list_match_the_page(world, branch_gm, api_for):
    response = api_for(branch_gm).get(
        "/api/v1/servicedesk/forms/", {"clock": "sd.dispatch", "clock_state": "breached"}
    )
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_ux6_x9_lists_behind_the_figures_keep_their_query_budget(
    world, branch_gm, client_for, django_assert_max_num_queries
):
    client = client_for(branch_gm)
    client.get(reverse("servicedesk:forms"))
    with django_assert_max_num_queries(16):
        forms = client.get(reverse("servicedesk:forms"), {"clock": "sd.dispatch", "page": 1})
    with django_assert_max_num_queries(16):
        orders = client.get(reverse("servicedesk:orders"), {"open": "true", "category": "repair"})
    assert forms.context["page"].paginator.count == 6
    assert orders.context["page"].paginator.count == 2


def _new_site(root, branch, code):
    site = core_services.create_site(root, branch=branch, name=f"新项目{code}", code=code)
    core_services.create_department(root, site=site, name="工程部", code="gc")
    core_services.create_building(
        root, site=site, name="1栋", floors=1, units=["1单元"], rooms_per_floor=1
    )
    return site


def test_ux6_x9_a_figure_over_several_sites_opens_exactly_those_sites(world, root, client_for):
    """A manager of sites A and B who is also a processor at site C sees C's records in the
    lists, but the dashboard counts A and B only: every link of a figure names A and B, so
    the list shows exactly what the figure counts; a site out of sight named in such a link
    is refused, as one site always was."""
    third, hidden = _new_site(root, world["branch"], "sc"), _new_site(root, world["branch"], "sd")
    _fill(root, third, "sc")
    both = make_person(root, "mgr_ab", Role.CS_MANAGER, site=world["a"])
    core_services.assign_role(root, person=both, role=Role.CS_MANAGER, site=world["b"])
    core_services.assign_role(root, person=both, role=Role.PROCESSOR, site=third)
    client = client_for(both)
    figures = client.get(reverse("servicedesk:dashboard")).context["f"]
    assert [r["site"] for r in figures["sites"]] == sorted(
        [world["a"], world["b"]], key=lambda s: s.name
    )
    total = figures["all"]
    assert (total["forms"], total["overdue_forms"]) == (6, 2)
    a, b = sorted([world["a"].pk, world["b"].pk])
    assert total["forms_url"].startswith(reverse("servicedesk:forms") + f"?site={a}&site={b}&")
    unscoped = total["forms_url"].replace(f"site={a}&site={b}&", "")
    assert _count(client, unscoped) == 9  # what the link used to open: site C too
    checked = 0
    for row in [total, *figures["sites"]]:
        for number in ("forms", "orders", "overdue_forms", "overdue_orders", "called_back"):
            assert _count(client, row[f"{number}_url"]) == row[number], number
            checked += 1
        for clock in row["clocks"]:
            assert _count(client, clock["met_url"]) == clock["met"], clock["name"]
            assert _count(client, clock["breached_url"]) == clock["breached"], clock["name"]
            checked += 2
    for _day, count, url in figures["daily"]:
        assert _count(client, url) == count
    assert checked == 39
    home = reports.home_figures([world["a"].pk, world["b"].pk])["all"]
    assert _count(client, home["today_url"]) == home["today"] == 6
    assert _count(client, home["running_url"]) == home["running"] == 2
    out_of_sight = total["forms_url"].replace(f"site={b}", f"site={hidden.pk}")
    assert client.get(out_of_sight).status_code == 404
    assert client.get(reverse("servicedesk:orders"), {"site": [a, "x"]}).status_code == 404


def test_ux6_x9_a_form_with_two_clocks_of_a_kind_counts_once_per_outcome(
    world, branch_gm, client_for
):
    """The clock counts find each subject's clocks in one grouped query; they count subjects,
    as the list behind each figure filters them, not clocks."""
    from infocenter.core.choices import DeadlineState
    from infocenter.core.models import Deadline

    breached = Deadline.objects.get(
        site=world["a"], kind="sd.dispatch", state=DeadlineState.BREACHED
    )
    twin = Deadline.objects.get(pk=breached.pk)
    twin.pk = None
    twin.save()  # a second breached dispatch clock on the same form
    met = Deadline.objects.get(pk=breached.pk)
    met.pk, met.state = None, DeadlineState.MET
    met.save()  # and a met one: the form now counts as met and as breached
    start, end = reports.period_of(7)
    (row,) = reports.comparison([world["a"].pk], start, end)
    dispatch = row["clocks"][0]
    assert (dispatch["met"], dispatch["breached"]) == (3, 1)
    client = client_for(branch_gm)
    assert _count(client, dispatch["breached_url"]) == 1
    assert _count(client, dispatch["met_url"]) == 3
