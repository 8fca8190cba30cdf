"""IT-2: reconciliation with the security system backend's export and the upstream unit's list:
the columns mapped once per site and list and remembered; matches by MAC, then IP, then asset
tag; each kind of difference a task with an owner; all or nothing with row errors; a new import
closes what is gone and keeps what is open; resolving the tasks brings both rates to 100 %."""

import pytest

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import AuditEvent
from infocenter.staffwork.models import Difference, Endpoint, EndpointSnapshot, ListMapping
from infocenter.staffwork.selectors import endpoints as selectors
from infocenter.staffwork.services import endpoint_lists as lists

from .helpers_endpoints import COLUMNS, csv_file, registry, row, rows_of, xlsx


@pytest.fixture
def mapped(keeper, site):
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    lists.save_mapping(keeper, site=site, kind="upstream", columns=COLUMNS)


def _import(keeper, site, rows, kind="backend", **kwargs):
    return lists.import_list(
        keeper, site=site, kind=kind, rows=rows_of(xlsx(rows), site, kind), **kwargs
    )


def _three_differences(endpoints):
    """Every endpoint but the first; the second named otherwise; one device we do not know."""
    rows = [row(e) for e in endpoints[1:]]
    rows[0] = row(endpoints[1], user_name="王芳芳")
    rows.append(
        row(endpoints[0], mac="00-1a-2b-3c-4d-99", ip="10.9.9.99", asset_tag="", user_name="访客")
    )
    return rows


def test_it2_mapping_is_remembered_per_site_and_list(keeper, site, org):
    lists.save_mapping(keeper, site=site, kind="backend", columns={"mac": "MAC地址", "ip": ""})
    assert lists.mapping_of(site, "backend") == {"mac": "MAC地址"}
    assert lists.mapping_of(site, "upstream") == {}
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    assert ListMapping.objects.get(site=site, kind="backend").columns == COLUMNS
    assert ListMapping.objects.filter(site=site).count() == 1
    assert AuditEvent.objects.filter(kind="endpoint.mapping_saved").count() == 2


def test_it2_mapping_needs_an_identifying_column_and_no_column_twice(keeper, site):
    with pytest.raises(ValidationFailed) as refused:
        lists.save_mapping(keeper, site=site, kind="backend", columns={"user_name": "使用人"})
    assert refused.value.field_errors["non_field_errors"] == [
        "Choose the column of the IP address, the MAC address or the asset tag."
    ]
    with pytest.raises(ValidationFailed) as refused:
        lists.save_mapping(
            keeper, site=site, kind="backend", columns={"mac": "MAC地址", "ip": "MAC地址"}
        )
    assert refused.value.field_errors["ip"] == ["This column is chosen for another field too."]


def test_it2_a_file_whose_columns_are_not_chosen_is_refused(keeper, site):
    with pytest.raises(ValidationFailed) as refused:
        rows_of(xlsx([]), site)
    assert refused.value.field_errors["file"] == [
        "The columns of this list have not been chosen yet."
    ]
    lists.save_mapping(keeper, site=site, kind="backend", columns={"mac": "物理地址"})
    with pytest.raises(ValidationFailed) as refused:
        rows_of(xlsx([]), site)
    assert refused.value.field_errors["file"] == ["Columns missing from the first row: 物理地址"]


def test_it2_each_kind_of_difference_is_a_task_owned_by_the_importer(keeper, site, mapped):
    endpoints = registry(keeper, site, 5)
    summary = _import(keeper, site, _three_differences(endpoints), file_name="backend.xlsx")
    assert (summary["matched"], summary["missing"], summary["unknown"], summary["name"]) == (
        4,
        1,
        1,
        1,
    )
    found = {d.problem: d for d in Difference.objects.filter(site=site, state="open")}
    assert set(found) == {"missing", "unknown", "name"}
    assert found["missing"].endpoint == endpoints[0]
    assert found["name"].endpoint == endpoints[1] and found["name"].theirs["user_name"] == "王芳芳"
    assert (
        found["unknown"].endpoint is None and found["unknown"].theirs["mac"] == "00:1A:2B:3C:4D:99"
    )
    assert {d.owner for d in found.values()} == {keeper}
    # the backend's list says which endpoints are registered and bound to a real name
    assert set(Endpoint.objects.filter(registered_on__isnull=False, real_name_bound=True)) == set(
        endpoints[1:]
    )
    assert EndpointSnapshot.objects.get(site=site, department=None).registered == 4


def test_it2_match_by_mac_then_ip_then_asset_tag(keeper, site, mapped):
    a, b, c = registry(keeper, site, 3)
    rows = [
        row(a, ip="10.7.7.7", asset_tag=""),  # MAC only
        row(b, mac="", asset_tag=""),  # IP only
        row(c, mac="", ip=""),  # asset tag only
    ]
    summary = _import(keeper, site, rows)
    assert (summary["matched"], summary["missing"], summary["unknown"]) == (3, 0, 0)


def test_it2_csv_in_gbk_is_read_like_excel(keeper, site, mapped):
    endpoints = registry(keeper, site, 2)
    rows = rows_of(csv_file([row(e) for e in endpoints]), site)
    assert [r["user_name"] for r in rows] == ["张伟", "王芳"]


def test_it2_import_is_all_or_nothing_with_row_errors(keeper, site, mapped):
    endpoints = registry(keeper, site, 3)
    rows = [
        row(endpoints[0]),
        row(endpoints[1], mac="xx-yy", registered="也许"),
        row(endpoints[0], asset_tag=""),
        ["", "", "无名", "", "", "", ""],
    ]
    with pytest.raises(ValidationFailed) as refused:
        _import(keeper, site, rows)
    assert str(refused.value.message) == "Nothing was imported: 3 rows have errors."
    problems = {p["row"]: p["errors"] for p in refused.value.field_errors["rows"]}
    assert problems[3] == {
        "mac": ["Not a MAC address."],
        "registered": ["Write 是 or 否 (yes or no), or a date."],
    }
    assert problems[4] == {"mac": ["Same device as row 2."]}
    assert problems[5] == {"mac": ["The row has no MAC address, IP address or asset tag."]}
    assert not Difference.objects.exists()
    assert not Endpoint.objects.filter(registered_on__isnull=False).exists()
    assert not AuditEvent.objects.filter(kind="endpoint.list_imported").exists()


def test_it2_dry_run_previews_and_writes_nothing(keeper, site, mapped):
    endpoints = registry(keeper, site, 5)
    summary = _import(keeper, site, _three_differences(endpoints), dry_run=True)
    assert summary["new"] == 3 and summary["closing"] == 0
    assert not Difference.objects.exists() and not EndpointSnapshot.objects.exists()


def test_it2_new_import_closes_what_is_gone_and_keeps_what_is_open(keeper, site, mapped):
    endpoints = registry(keeper, site, 5)
    _import(keeper, site, _three_differences(endpoints))
    kept = Difference.objects.get(problem="missing")
    # the name is fixed at the backend, the unknown device is gone, the first is still missing
    summary = _import(keeper, site, [row(e) for e in endpoints[1:]])
    assert (summary["new"], summary["kept"], summary["closing"]) == (0, 1, 2)
    assert list(Difference.objects.filter(state="open")) == [kept]
    gone = Difference.objects.filter(state="resolved")
    assert {d.resolution for d in gone} == {"gone"} and all(d.closed_by_id for d in gone)


def test_it2_upstream_list_has_its_own_differences_and_leaves_registration_alone(
    keeper, site, mapped
):
    endpoints = registry(keeper, site, 3)
    _import(keeper, site, [row(e) for e in endpoints[:2]], kind="upstream")
    assert Difference.objects.get(state="open").kind == "upstream"
    assert not Endpoint.objects.filter(registered_on__isnull=False).exists()


def test_it2_resolving_the_tasks_brings_both_rates_to_100(keeper, site, mapped, people):
    endpoints = registry(keeper, site, 5)
    _import(keeper, site, _three_differences(endpoints))
    rows, whole = selectors.site_rates(keeper, sites=site.branch.sites.filter(pk=site.pk))
    assert (whole.registration_rate, whole.real_name_rate) == (80.0, 80.0)
    found = {d.problem: d for d in Difference.objects.filter(state="open")}
    head = people[Role.IC_HEAD]
    missing = lists.reassign_difference(
        keeper, found["missing"], version=found["missing"].version, owner=head
    )
    assert missing.owner == head
    lists.resolve_difference(head, missing, version=missing.version, resolution="register")
    lists.resolve_difference(
        keeper, found["unknown"], version=found["unknown"].version, resolution="add", note="访客机"
    )
    lists.resolve_difference(
        keeper, found["name"], version=found["name"].version, resolution="accept_name"
    )
    rows, whole = selectors.site_rates(keeper, sites=site.branch.sites.filter(pk=site.pk))
    assert (whole.total, whole.registration_rate, whole.real_name_rate) == (6, 100.0, 100.0)
    assert Endpoint.objects.get(pk=endpoints[1].pk).user_name == "王芳芳"
    added = Endpoint.objects.get(mac="00:1A:2B:3C:4D:99")
    assert added.registered and added.real_name_bound and added.user_name == "访客"
    event = AuditEvent.objects.get(
        kind="endpoint.difference_resolved", subject_id=str(found["name"].pk)
    )
    assert event.data["endpoint_changes"] == {"user_name": ["王芳", "王芳芳"]}
    assert EndpointSnapshot.objects.get(site=site, department=None).registered == 6
    # the next import of the same list finds nothing left to do
    summary = _import(keeper, site, [row(e) for e in Endpoint.objects.filter(site=site)])
    assert (summary["new"], summary["closing"]) == (0, 0)


def test_it2_resolution_refusals(keeper, site, mapped, people):
    endpoints = registry(keeper, site, 5)
    _import(keeper, site, _three_differences(endpoints))
    found = {d.problem: d for d in Difference.objects.filter(state="open")}
    with pytest.raises(ValidationFailed) as refused:
        lists.resolve_difference(
            keeper, found["name"], version=found["name"].version, resolution="register"
        )
    assert refused.value.field_errors["resolution"] == [
        "This resolution does not fit this difference."
    ]
    with pytest.raises(ValidationFailed) as refused:
        lists.resolve_difference(
            keeper, found["name"], version=found["name"].version, resolution="keep_ours"
        )
    assert refused.value.field_errors["note"] == ["Write a note that says why."]
    with pytest.raises(PermissionDenied):
        lists.resolve_difference(
            people[Role.BRANCH_GM],
            found["name"],
            version=found["name"].version,
            resolution="accept_name",
        )
    with pytest.raises(ValidationFailed) as refused:
        lists.reassign_difference(
            keeper, found["name"], version=found["name"].version, owner=people[Role.AUDITOR]
        )
    assert "does not keep this site's endpoint registry" in str(
        refused.value.field_errors["owner"][0]
    )
    done = lists.resolve_difference(
        keeper,
        found["missing"],
        version=found["missing"].version,
        resolution="retire",
        note="已报废",
    )
    assert Endpoint.objects.get(pk=endpoints[0].pk).retired_at is not None
    with pytest.raises(Conflict) as refused:
        lists.resolve_difference(keeper, done, version=done.version, resolution="retire", note="x")
    assert str(refused.value.message) == "This difference is already resolved."


def test_it2_a_device_unknown_to_us_listed_twice_is_a_row_error_not_a_crash(keeper, site, mapped):
    """Two rows of one device the registry does not know: the second is refused as the same
    device, with nothing imported (it used to break the one-open-difference rule on confirm)."""
    registry(keeper, site, 1)
    stranger = ["10.1.9.9", "00-1A-2B-3C-4D-99", "访客", "", "", "", ""]
    with pytest.raises(ValidationFailed) as refused:
        _import(keeper, site, [stranger, list(stranger)])
    problems = {p["row"]: p["errors"] for p in refused.value.field_errors["rows"]}
    assert problems == {3: {"mac": ["Same device as row 2."]}}
    assert not Difference.objects.exists()


def test_it2_an_asset_tag_longer_than_the_registry_keeps_is_a_row_error(keeper, site, mapped):
    with pytest.raises(ValidationFailed) as refused:
        _import(keeper, site, [["10.1.9.8", "", "张伟", "", "Z" * 51, "", ""]])
    problems = {p["row"]: p["errors"] for p in refused.value.field_errors["rows"]}
    assert problems == {2: {"asset_tag": ["An asset tag has at most 50 characters."]}}


def test_it2_every_endpoint_an_import_changes_keeps_its_own_audit_record(keeper, site, mapped):
    """X-1 for imports: the backend's list marks endpoints registered in bulk, and each one's
    history still says who changed what, before and after, in an unbroken chain; a difference
    the next import closes keeps its record too."""
    from infocenter.core.audit import verify_chains

    endpoints = registry(keeper, site, 3)
    done = _import(keeper, site, [row(e) for e in endpoints[1:]])
    changed = AuditEvent.objects.filter(kind="endpoint.changed", data__import=done["import"])
    assert {int(e.subject_id) for e in changed} == {e.pk for e in endpoints[1:]}
    record = changed.get(subject_id=str(endpoints[1].pk))
    assert record.actor == keeper
    assert record.data["changes"]["real_name_bound"] == ["False", "True"]  # before, after
    again = _import(keeper, site, [row(e) for e in endpoints])  # the missing one is back
    closed = AuditEvent.objects.get(
        kind="endpoint.difference_resolved", data__import=again["import"]
    )
    assert closed.data["resolution"] == "gone"
    assert all(report.ok for report in verify_chains())
