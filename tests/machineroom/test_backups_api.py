"""MR-11 through the API: jobs, the register, corrections, alerts, restore tests and data-access
requests end to end; 400 for each bad field, 409 for a duplicate day, an illegal step or a stale
version, 403 for a role that may not."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from infocenter.core.choices import Role

BASE = "/api/v1/machineroom"


def days_ago(n):
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def _job(api, site, custodian, **extra):
    return api.post(
        f"{BASE}/backup-jobs/",
        {
            "site": site.pk,
            "name": "收费系统数据库每日备份",
            "system": "收费系统数据库",
            "content": "全库备份",
            "location": "NAS-01",
            "custodian": custodian.pk,
            "started_on": days_ago(10),
        }
        | extra,
        format="json",
    )


def test_mr11_api_job_register_correction_and_restore_test(api_for, head, maintainer, site, people):
    refused = _job(api_for(head), site, maintainer, encrypted=False)
    assert refused.status_code == 400 and "加密" in str(refused.json())
    assert _job(api_for(maintainer), site, maintainer).status_code in (403, 404)
    job = _job(api_for(head), site, maintainer).json()
    assert (
        job["restore_due_on"]
        == (timezone.localdate() - dt.timedelta(days=10) + dt.timedelta(days=90)).isoformat()
    )
    desk = api_for(maintainer)
    line = {"job": job["id"], "day": days_ago(1), "outcome": "success", "size": "12.5 GB"}
    created = desk.post(f"{BASE}/backup-results/", line, format="json")
    assert created.status_code == 201 and created.json()["size_bytes"] == 13421772800
    assert created.json()["encrypted"] is True  # the job's setting by default
    assert desk.post(f"{BASE}/backup-results/", line, format="json").status_code == 409
    assert (
        api_for(people[Role.AUDITOR])
        .post(f"{BASE}/backup-results/", line | {"day": days_ago(2)}, format="json")
        .status_code
        == 403
    )
    result = created.json()
    corrected = desk.post(
        f"{BASE}/backup-results/{result['id']}/correct/",
        {
            "version": result["version"],
            "reason": "实际部分失败",
            "outcome": "partial",
            "size": "6 GB",
            "encrypted": True,
        },
        format="json",
    )
    assert corrected.status_code == 201 and corrected.json()["revision"] == 2
    stale = desk.post(
        f"{BASE}/backup-results/{result['id']}/correct/",
        {
            "version": result["version"],
            "reason": "再改",
            "outcome": "success",
            "size": "6 GB",
            "encrypted": True,
        },
        format="json",
    )
    assert stale.status_code == 409
    assert len(desk.get(f"{BASE}/backup-results/?job={job['id']}").json()["results"]) == 1
    assert len(desk.get(f"{BASE}/backup-results/?job={job['id']}&all=1").json()["results"]) == 2
    alerts = desk.get(f"{BASE}/backup-alerts/?open=1").json()["results"]
    assert [a["kind"] for a in alerts] == ["partial"]
    handled = desk.post(
        f"{BASE}/backup-alerts/{alerts[0]['id']}/handle/",
        {"version": alerts[0]["version"], "handling": "已补做"},
        format="json",
    )
    assert handled.status_code == 200 and handled.json()["handled_by"] == maintainer.pk
    test = desk.post(
        f"{BASE}/restore-tests/",
        {
            "job": job["id"],
            "tested_on": days_ago(0),
            "restored": "全库备份",
            "target": "TEST-01",
            "outcome": "passed",
            "verification": "核对记录数",
            "duration_minutes": 40,
        },
        format="json",
    )
    assert test.status_code == 201
    assert (
        desk.get(f"{BASE}/backup-jobs/{job['id']}/").json()["restore_due_on"]
        == (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    )


def test_mr11_api_names_every_bad_field(api_for, head, maintainer, site):
    job = _job(api_for(head), site, maintainer).json()
    bad = api_for(maintainer).post(
        f"{BASE}/backup-results/",
        {"job": job["id"], "day": "yesterday", "outcome": "fine"},
        format="json",
    )
    assert bad.status_code == 400 and {"day", "outcome"} <= set(
        str(bad.json()).replace("'", " ").split()
    )
    size = api_for(maintainer).post(
        f"{BASE}/backup-results/",
        {"job": job["id"], "day": days_ago(1), "outcome": "success", "size": "-1 GB"},
        format="json",
    )
    assert size.status_code == 400 and "size" in str(size.json())
    test = api_for(maintainer).post(f"{BASE}/restore-tests/", {"job": job["id"]}, format="json")
    for field in ("tested_on", "restored", "target", "outcome", "verification", "duration_minutes"):
        assert field in str(test.json()), field
    assert api_for(maintainer).get(f"{BASE}/backup-alerts/?kind=nope").status_code == 400
    assert api_for(maintainer).get(f"{BASE}/backup-results/?start=soon").status_code == 400


def test_mr11_api_job_edit_is_version_checked(api_for, head, maintainer, site):
    job = _job(api_for(head), site, maintainer).json()
    edited = api_for(head).post(
        f"{BASE}/backup-jobs/{job['id']}/edit/",
        {"version": job["version"], "retention": "保留 30 天"},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["retention"] == "保留 30 天"
    assert edited.json()["name"] == job["name"]
    stale = api_for(head).post(
        f"{BASE}/backup-jobs/{job['id']}/edit/",
        {"version": job["version"], "retention": "1 年"},
        format="json",
    )
    assert stale.status_code == 409
    retired = api_for(head).post(
        f"{BASE}/backup-jobs/{job['id']}/retire/",
        {"version": edited.json()["version"]},
        format="json",
    )
    assert retired.status_code == 200 and retired.json()["retired_at"]


def test_mr11_api_data_request_from_application_to_fulfilment(
    api_for, people, head, maintainer, site
):
    asked = api_for(people[Role.PROCESSOR]).post(
        f"{BASE}/data-requests/",
        {
            "site": site.pk,
            "organisation": "区公安分局",
            "applicant": "李警官",
            "phone": "023-67700110",
            "purpose": "调查",
            "items": ["3 栋监控录像", "3 栋业主名册"],
        },
        format="json",
    )
    assert asked.status_code == 201, asked.content
    record = asked.json()
    assert [i["description"] for i in record["items"]] == ["3 栋监控录像", "3 栋业主名册"]
    fulfil = {
        "version": record["version"],
        "handed_to": "李警官",
        "provided": [{"position": 1, "form": "electronic", "extent": "1 段视频"}],
    }
    early = api_for(maintainer).post(
        f"{BASE}/data-requests/{record['id']}/fulfil/", fulfil, format="json"
    )
    assert early.status_code == 409 and "现在不能执行" in early.json()["detail"]
    assert (
        api_for(maintainer)
        .post(
            f"{BASE}/data-requests/{record['id']}/approve/",
            {"version": record["version"]},
            format="json",
        )
        .status_code
        == 403
    )
    assert any(
        record["serial"] in w["title"] for w in api_for(head).get(f"{BASE}/approvals/").json()
    )
    approved = api_for(head).post(
        f"{BASE}/data-requests/{record['id']}/approve/",
        {"version": record["version"], "approved_items": [1], "note": "仅录像"},
        format="json",
    )
    assert approved.status_code == 200 and [i["approved"] for i in approved.json()["items"]] == [
        True,
        False,
    ]
    fulfil["version"] = approved.json()["version"]
    beyond = api_for(maintainer).post(
        f"{BASE}/data-requests/{record['id']}/fulfil/",
        fulfil | {"provided": [{"position": 2, "form": "copy", "extent": "5 页"}]},
        format="json",
    )
    assert beyond.status_code == 400 and "provided" in str(beyond.json())
    assert (
        api_for(people[Role.PROCESSOR])
        .post(f"{BASE}/data-requests/{record['id']}/fulfil/", fulfil, format="json")
        .status_code
        == 403
    )
    done = api_for(maintainer).post(
        f"{BASE}/data-requests/{record['id']}/fulfil/", fulfil, format="json"
    )
    assert done.status_code == 200 and done.json()["state"] == "fulfilled"
    assert done.json()["items"][0]["provided_extent"] == "1 段视频"
    again = api_for(maintainer).post(
        f"{BASE}/data-requests/{record['id']}/cancel/",
        {"version": done.json()["version"]},
        format="json",
    )
    assert again.status_code == 409


def test_mr11_api_data_request_missing_fields_and_refusal_reason(api_for, people, head, site):
    bad = api_for(people[Role.PROCESSOR]).post(
        f"{BASE}/data-requests/", {"site": site.pk, "items": []}, format="json"
    )
    for field in ("organisation", "applicant", "phone", "purpose", "items"):
        assert field in str(bad.json()), field
    record = (
        api_for(people[Role.PROCESSOR])
        .post(
            f"{BASE}/data-requests/",
            {
                "site": site.pk,
                "organisation": "某公司",
                "applicant": "王",
                "phone": "10000",
                "purpose": "商业调查",
                "items": ["全体业主电话"],
            },
            format="json",
        )
        .json()
    )
    no_reason = api_for(head).post(
        f"{BASE}/data-requests/{record['id']}/refuse/",
        {"version": record["version"]},
        format="json",
    )
    assert no_reason.status_code == 400
    refused = api_for(head).post(
        f"{BASE}/data-requests/{record['id']}/refuse/",
        {"version": record["version"], "note": "与物业工作无关，涉及个人信息"},
        format="json",
    )
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    assert api_for(people[Role.AUDITOR]).post(
        f"{BASE}/data-requests/",
        {
            "site": site.pk,
            "organisation": "某公司",
            "applicant": "王",
            "phone": "10000",
            "purpose": "x",
            "items": ["y"],
        },
        format="json",
    ).status_code in (403, 404)


def test_mr11_the_other_sites_backups_and_requests_stay_invisible(
    api_for, client_for, org, root, people
):
    from django.urls import reverse

    from infocenter.machineroom.services import backups, data_access
    from tests.conftest import make_person

    other = org["b"]
    head_b = make_person(root, "head_b", Role.IC_HEAD, site=other)
    job = backups.add_backup_job(
        head_b,
        site=other,
        name="B 项目收费库备份",
        system="收费系统",
        content="全库",
        location="NAS",
        custodian=head_b,
    )
    result = backups.record_backup_result(
        head_b, job=job, day=timezone.localdate(), outcome="failed"
    )
    record = data_access.request_data_access(
        head_b,
        site=other,
        organisation="区公安分局",
        applicant="李警官",
        phone="110",
        purpose="调查",
        items=["录像"],
    )
    for role, person in people.items():
        client, api = client_for(person), api_for(person)
        for name, pk in (
            ("machineroom:backup_job", job.pk),
            ("machineroom:data_request", record.pk),
            ("machineroom:data_request_print", record.pk),
        ):
            assert client.get(reverse(name, args=[pk])).status_code == 404, (role, name)
        for path in (
            f"backup-jobs/{job.pk}/",
            f"backup-results/{result.pk}/",
            f"data-requests/{record.pk}/",
        ):
            assert api.get(f"{BASE}/{path}").status_code == 404, (role, path)
        for path in ("backup-jobs/", "backup-results/", "backup-alerts/", "data-requests/"):
            assert api.get(f"{BASE}/{path}").json()["results"] == [], (role, path)
    assert (
        client_for(people[Role.IC_HEAD])
        .post(
            reverse("machineroom:backup_result_correct", args=[result.pk]),
            {"version": result.version, "reason": "x", "outcome": "success", "size": "1 GB"},
        )
        .status_code
        == 404
    )


def test_mr11_api_custodians_of_other_sites_do_not_exist(api_for, head, site, root, org):
    """A backup job's custodian is one of the caller's people: a person of another site is
    refused exactly like an id that does not exist."""
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.MR_MAINTAINER, site=org["b"])
    missing = _job(api_for(head), site, SimpleNamespace(pk=999999))
    refused = _job(api_for(head), site, stranger)
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["custodian"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert missing.json()["custodian"] == ["无效主键 “999999” － 对象不存在。"]


def test_mr11_register_export_job_page_and_api_filter_the_same_way(
    api_for, client_for, head, maintainer, site
):
    """One filterset serves a job's page, the register's Excel export and the API's list of
    results: the same ``?outcome=``; a page ignores a value it does not know, the API names it."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from infocenter.machineroom.models import BackupResult

    job = _job(api_for(head), site, maintainer).json()
    desk = api_for(maintainer)
    for day, outcome in ((1, "success"), (2, "failed")):
        line = {"job": job["id"], "day": days_ago(day), "outcome": outcome, "size": "1 GB"}
        assert desk.post(f"{BASE}/backup-results/", line, format="json").status_code == 201
    failed = BackupResult.objects.get(outcome="failed")
    listed = desk.get(f"{BASE}/backup-results/?outcome=failed").json()["results"]
    assert [r["id"] for r in listed] == [failed.pk]
    page = client_for(maintainer).get(
        reverse("machineroom:backup_job", args=[job["id"]]) + "?outcome=failed"
    )
    assert [r.pk for r, _form in page.context["rows"]] == [failed.pk]
    ignored = client_for(maintainer).get(
        reverse("machineroom:backup_job", args=[job["id"]]) + "?outcome=lost"
    )
    assert ignored.status_code == 200 and len(ignored.context["rows"]) == 2
    export = client_for(maintainer).get(
        reverse("machineroom:backups_export") + f"?site={site.pk}&outcome=failed"
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert days_ago(2) in cells and days_ago(1) not in cells
    refused = desk.get(f"{BASE}/backup-results/?outcome=lost&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["outcome"]
