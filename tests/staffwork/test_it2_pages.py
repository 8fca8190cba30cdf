"""IT-2 through the pages (Chinese first): the registry list and its filters, an endpoint's
page, the import (upload → columns → preview → apply) with its row errors, the differences
resolved on their page, and the rates page whose queries do not grow with the number of sites."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infocenter.core import services as core_services
from infocenter.core.choices import Role
from infocenter.staffwork.models import Difference, Endpoint, ListMapping
from infocenter.staffwork.services import endpoint_lists as lists
from infocenter.staffwork.services import endpoints as services

from .helpers_endpoints import COLUMNS, registry, row, xlsx


def test_it2_list_filters_and_detail(client_for, keeper, site):
    endpoints = registry(keeper, site, 3)
    client = client_for(keeper)
    page = client.get(reverse("staffwork:endpoints") + f"?site={site.pk}&q=王芳")
    assert page.status_code == 200
    text = page.content.decode()
    assert "终端登记" in text and "王芳" in text and "李娜" not in text
    unregistered = client.get(reverse("staffwork:endpoints") + f"?site={site.pk}&registered=false")
    assert len(unregistered.context["page"].object_list) == 3
    detail = client.get(reverse("staffwork:endpoint", args=[endpoints[0].pk])).content.decode()
    assert "新增终端" in detail  # the history
    export = client.get(reverse("staffwork:endpoints_export") + f"?site={site.pk}&q=张伟")
    assert export.status_code == 200


def test_it2_edit_on_the_page_refuses_a_stale_version(client_for, keeper, site):
    endpoint = registry(keeper, site, 1)[0]
    client = client_for(keeper)
    url = reverse("staffwork:endpoint_step", args=[endpoint.pk, "edit"])
    data = {"version": 1, "user_name": "王强", "mac": endpoint.mac, "asset_tag": "ZC-0001"}
    assert client.post(url, data).status_code == 302
    assert Endpoint.objects.get(pk=endpoint.pk).user_name == "王强"
    again = client.post(url, {**data, "user_name": "赵六"})
    assert again.status_code == 409
    bad = client.post(url, {**data, "version": 2, "mac": "zz"})
    assert bad.status_code == 400 and "MAC" in bad.content.decode()


def test_it2_import_upload_columns_preview_apply_and_resolve(client_for, keeper, site):
    endpoints = registry(keeper, site, 4)
    client = client_for(keeper)
    url = reverse("staffwork:endpoint_import") + f"?site={site.pk}"
    rows = [row(e) for e in endpoints[1:]] + [
        row(endpoints[0], mac="00-1a-2b-3c-4d-99", ip="", asset_tag="")
    ]
    uploaded = client.post(url, {"kind": "backend", "file": xlsx(rows), "site": site.pk})
    # never mapped: the header row is shown to choose the columns
    assert uploaded.status_code == 302 and "columns" in uploaded["Location"]
    mapping = client.get(uploaded["Location"])
    assert "MAC地址" in mapping.content.decode()
    assert mapping.context["form"].fields["mac"].initial == "MAC地址"  # guessed from the header
    saved = client.post(uploaded["Location"], {**COLUMNS, "site": site.pk})
    assert saved.status_code == 302
    assert ListMapping.objects.get(site=site, kind="backend").columns == COLUMNS
    preview = client.get(url)
    assert preview.context["preview"]["missing"] == 1 and preview.context["preview"]["unknown"] == 1
    assert not Difference.objects.exists()
    applied = client.post(reverse("staffwork:endpoint_import_confirm"), {"site": site.pk})
    assert applied.status_code == 302
    assert Difference.objects.filter(state="open").count() == 2
    # the second upload goes straight to the preview: the columns are remembered
    again = client.post(url, {"kind": "backend", "file": xlsx(rows), "site": site.pk})
    assert again.status_code == 200 and again.context["preview"]["kept"] == 2
    listed = client.get(reverse("staffwork:endpoint_differences") + f"?site={site.pk}")
    assert len(listed.context["page"].object_list) == 2
    for difference in Difference.objects.filter(state="open"):
        resolution = "register" if difference.problem == "missing" else "add"
        answer = client.post(
            reverse("staffwork:endpoint_difference_step", args=[difference.pk, "resolve"]),
            {"version": difference.version, "resolution": resolution, "note": ""},
        )
        assert answer.status_code == 302, answer.content.decode()[:500]
    rates = client.get(reverse("staffwork:endpoint_rates") + f"?site={site.pk}")
    assert rates.context["whole"].registration_rate == 100.0
    assert rates.context["whole"].real_name_rate == 100.0
    assert rates.context["history"]


def test_it2_row_errors_are_listed_and_nothing_is_imported(client_for, keeper, site):
    endpoints = registry(keeper, site, 2)
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    client = client_for(keeper)
    rows = [row(endpoints[0]), row(endpoints[1], ip="10.1.1.256")]
    page = client.post(
        reverse("staffwork:endpoint_import") + f"?site={site.pk}",
        {"kind": "backend", "file": xlsx(rows), "site": site.pk},
    )
    assert page.status_code == 400
    assert (
        page.context["problems"] == [(3, "IP地址", "不是 IPv4 地址。")]
        or page.context["problems"][0][0] == 3
    )
    assert page.context["preview"] is None
    assert not Difference.objects.exists()


def test_it2_sample_export_has_three_differences(client_for, keeper, site):
    registry(keeper, site, 5)
    lists.save_mapping(
        keeper,
        site=site,
        kind="backend",
        columns={
            "ip": "终端IP",
            "mac": "MAC地址",
            "user_name": "使用人",
            "asset_tag": "资产编号",
            "registered": "注册状态",
            "real_name": "实名状态",
        },
    )
    client = client_for(keeper)
    sample = client.get(reverse("staffwork:endpoint_sample") + f"?site={site.pk}")
    assert sample.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("sample.xlsx", sample.content)
    page = client.post(
        reverse("staffwork:endpoint_import") + f"?site={site.pk}",
        {"kind": "backend", "file": upload, "site": site.pk},
    )
    preview = page.context["preview"]
    assert (preview["missing"], preview["unknown"], preview["name"]) == (1, 1, 1)


def test_it2_rates_page_queries_do_not_grow_with_the_sites(
    client_for, keeper, site, org, root, people
):
    from tests.conftest import make_person

    gm = make_person(root, "gm_rates", Role.BRANCH_GM, branch=org["branch"])
    registry(keeper, site, 3)
    services.snapshot_rates(site)
    client = client_for(gm)
    url = reverse("staffwork:endpoint_rates") + f"?branch={org['branch'].pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        extra = core_services.create_site(root, branch=org["branch"], name=f"项目{n}", code=f"x{n}")
        services.snapshot_rates(extra)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["rows"]) == 7
    assert len(many) == len(few)
