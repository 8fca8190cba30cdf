"""IT-2: ``infocenter import_endpoints`` (dry run, progress bar, interrupted = nothing written)
and the registry, rates, import and differences through the API."""

from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from infocenter.core.choices import Role
from infocenter.staffwork.models import Difference, Endpoint, ListImport
from infocenter.staffwork.services import endpoint_lists as lists

from .helpers_endpoints import COLUMNS, registry, row, xlsx

API = "/api/v1/staffwork"


@pytest.fixture
def export(tmp_path, keeper, site):
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    endpoints = registry(keeper, site, 4)
    path = tmp_path / "backend.xlsx"
    path.write_bytes(xlsx([row(e) for e in endpoints[1:]]).read())
    return path


def _run(path, site, keeper, **options):
    call_command("import_endpoints", str(path), site=site.code, username=keeper.username, **options)


def test_it2_command_dry_run_writes_nothing(export, site, keeper, capsys):
    _run(export, site, keeper, kind="backend", dry_run=True)
    out = capsys.readouterr()
    assert "missing from their list 1" in out.out and "nothing was written" in out.out
    assert "3/3" in out.err  # tqdm's progress bar
    assert not ListImport.objects.exists() and not Difference.objects.exists()


def test_it2_command_imports_with_a_progress_bar(export, site, keeper, capsys):
    _run(export, site, keeper, kind="backend")
    out = capsys.readouterr()
    assert "3 rows reconciled" in out.out and "3/3" in out.err
    assert Difference.objects.get().problem == "missing"
    assert Endpoint.objects.filter(registered_on__isnull=False).count() == 3


def test_it2_command_interrupted_leaves_nothing_behind(export, site, keeper):
    calls = []

    def update(self, n=1):
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with mock.patch("tqdm.std.tqdm.update", update), pytest.raises(KeyboardInterrupt):
        _run(export, site, keeper, kind="backend")
    assert not ListImport.objects.exists() and not Difference.objects.exists()
    assert not Endpoint.objects.filter(registered_on__isnull=False).exists()


def test_it2_command_prints_every_bad_row_and_refuses_unmapped_lists(
    tmp_path, site, keeper, export, capsys
):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["10.1.0.300", "zz", "张伟", "", "", "", ""]]).read())
    with pytest.raises(CommandError):
        _run(bad, site, keeper, kind="backend")
    err = capsys.readouterr().err
    assert "row 2, IP address: Not an IPv4 address." in err
    assert "row 2, MAC address: Not a MAC address." in err
    with pytest.raises(CommandError, match="have not been chosen yet"):
        _run(export, site, keeper, kind="upstream")


def test_it2_registry_through_the_api(api_for, keeper, site, people):
    api = api_for(keeper)
    created = api.post(
        f"{API}/endpoints/",
        {"site": site.pk, "user_name": "张伟", "mac": "3c-52-82-1a-2b-3c", "ip": "10.1.2.3"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["mac"] == "3C:52:82:1A:2B:3C" and body["registered"] is False
    updated = api.put(
        f"{API}/endpoints/{body['id']}/",
        {
            "version": body["version"],
            "user_name": "张伟",
            "mac": body["mac"],
            "registered_on": "2026-11-01",
            "real_name_bound": True,
        },
        format="json",
    )
    assert updated.status_code == 200 and updated.json()["registered"] is True
    stale = api.put(
        f"{API}/endpoints/{body['id']}/", {"version": 1, "mac": body["mac"]}, format="json"
    )
    assert stale.status_code == 409
    listed = api.get(f"{API}/endpoints/?registered=true&site={site.pk}").json()["results"]
    assert [e["id"] for e in listed] == [body["id"]]
    assert api.get(f"{API}/endpoints/?department=abc").status_code == 400
    retired = api.post(
        f"{API}/endpoints/{body['id']}/retire/", {"version": 2, "reason": "报废"}, format="json"
    )
    assert retired.status_code == 200 and retired.json()["retired_at"]
    gm = api_for(people[Role.BRANCH_GM])
    assert gm.get(f"{API}/endpoints/").status_code == 200
    assert (
        gm.post(f"{API}/endpoints/", {"site": site.pk, "asset_tag": "x"}, format="json").status_code
        == 403
    )
    assert api_for(people[Role.PROCESSOR]).get(f"{API}/endpoints/").status_code == 403
    export = api.get(f"{API}/endpoints/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")


def test_it2_import_rates_and_differences_through_the_api(api_for, keeper, site, people):
    api = api_for(keeper)
    endpoints = registry(keeper, site, 4)
    assert (
        api.put(
            f"{API}/endpoint-mappings/",
            {"site": site.pk, "kind": "backend", "columns": COLUMNS},
            format="json",
        ).status_code
        == 200
    )
    assert (
        api.get(f"{API}/endpoint-mappings/?site={site.pk}&kind=backend").json()["columns"]
        == COLUMNS
    )
    upload = xlsx([row(e) for e in endpoints[1:]])
    preview = api.post(
        f"{API}/endpoint-imports/",
        {"site": site.pk, "kind": "backend", "file": upload, "dry_run": True},
    )
    assert preview.status_code == 200 and preview.json()["missing"] == 1
    assert not Difference.objects.exists()
    upload.seek(0)
    done = api.post(
        f"{API}/endpoint-imports/", {"site": site.pk, "kind": "backend", "file": upload}
    )
    assert done.status_code == 200 and done.json()["new"] == 1
    bad = xlsx([["10.1.0.300", "", "", "", "", "", ""]])
    refused = api.post(
        f"{API}/endpoint-imports/", {"site": site.pk, "kind": "backend", "file": bad}
    )
    assert refused.status_code == 400
    # the staff-work API clients ask for English (tests/staffwork/conftest.py)
    assert refused.json()["errors"]["rows"] == [
        {"row": 2, "errors": {"ip": ["Not an IPv4 address."]}}
    ]
    rates = api_for(people[Role.BRANCH_GM]).get(f"{API}/endpoint-rates/").json()
    assert rates["total"]["registration_rate"] == 75.0 and rates["history"]
    differences = api.get(f"{API}/endpoint-differences/?state=open").json()["results"]
    assert [d["problem"] for d in differences] == ["missing"]
    first = differences[0]
    auditor = api_for(people[Role.AUDITOR])
    assert auditor.get(f"{API}/endpoint-differences/").status_code == 200
    assert (
        auditor.post(
            f"{API}/endpoint-differences/{first['id']}/resolve/",
            {"version": first["version"], "resolution": "register"},
            format="json",
        ).status_code
        == 403
    )
    resolved = api.post(
        f"{API}/endpoint-differences/{first['id']}/resolve/",
        {"version": first["version"], "resolution": "register"},
        format="json",
    )
    assert resolved.status_code == 200 and resolved.json()["state"] == "resolved"
    rates = api.get(f"{API}/endpoint-rates/").json()
    assert (rates["total"]["registration_rate"], rates["total"]["real_name_rate"]) == (100.0, 100.0)
