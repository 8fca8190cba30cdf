"""MR-11 through the API and the list pages: the data-access requests filter the same way on the
page, the Excel export and the API; a site the caller does not belong to is refused like one that
does not exist."""

import io

from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.machineroom.services import data_access

BASE = "/api/v1/machineroom/data-requests/"


def _ask(person, site, organisation):
    return data_access.request_data_access(
        person,
        site=site,
        organisation=organisation,
        applicant="李警官",
        phone="023-67700110",
        purpose="调查电动车被盗案",
        items=["3 栋监控录像"],
    )


def test_mr11_page_export_and_api_filter_the_same_way(people, head, site, client_for, api_for):
    """One filterset serves the data-access requests' page, their Excel export and the API list:
    the same ``?state=``; a page ignores a value it does not know, the API names it."""
    from openpyxl import load_workbook

    waiting = _ask(people[Role.PROCESSOR], site, "区公安分局")
    refused = _ask(people[Role.PROCESSOR], site, "街道办")
    data_access.refuse_data_request(head, refused, version=refused.version, note="无正当理由")
    client = client_for(head)
    page = client.get(reverse("machineroom:data_requests") + "?state=refused").content.decode()
    assert refused.serial in page and waiting.serial not in page
    export = client.get(reverse("machineroom:data_requests_export") + "?state=refused")
    cells = {
        c
        for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in r
    }
    assert refused.serial in cells and waiting.serial not in cells
    listed = api_for(head).get(f"{BASE}?state=refused").json()["results"]
    assert [r["serial"] for r in listed] == [refused.serial]
    ignored = client.get(reverse("machineroom:data_requests") + "?state=lost").content.decode()
    assert refused.serial in ignored and waiting.serial in ignored
    answer = api_for(head).get(f"{BASE}?state=lost&site={site.pk}")
    assert answer.status_code == 400 and list(answer.json()) == ["state"]


def test_mr11_api_a_site_of_another_organisation_does_not_exist(people, org, api_for):
    """A request is recorded only at one of the caller's sites: another site's id is refused
    exactly like an id that does not exist."""
    body = {
        "organisation": "区公安分局",
        "applicant": "李警官",
        "phone": "023-67700110",
        "purpose": "调查电动车被盗案",
        "items": ["3 栋监控录像"],
    }
    desk = api_for(people[Role.PROCESSOR])
    missing = desk.post(BASE, body | {"site": 999999}, format="json")
    elsewhere = desk.post(BASE, body | {"site": org["b"].pk}, format="json")
    assert missing.status_code == elsewhere.status_code == 404
    assert missing.json() == elsewhere.json()
