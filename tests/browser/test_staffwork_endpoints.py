"""Browser journey of IT-2: the IT staffer downloads the sample backend export from the import
page, uploads it, chooses its columns once (guessed from its header row), previews and applies
the import, resolves the three differences one by one, and the rates page shows 100 % for both
rates. Chinese UI, Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.staffwork.models import Difference
from tests.conftest import make_person
from tests.staffwork.helpers_endpoints import registry

from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def keeper(org, root):
    person = make_person(root, "zhenghao", Role.IT_STAFF, site=org["a"])
    registry(person, org["a"], 6)
    return person


def test_it2_import_the_sample_resolve_three_differences_rates_at_100(
    browser, live_server, keeper, org, tmp_path
):
    base, site = live_server.url, org["a"]
    p = session(browser, base, "zhenghao")
    p.goto(f"{base}/staffwork/endpoints/?site={site.pk}")
    p.get_by_role("link", name="清单核对").click()
    with p.expect_download() as download:
        p.get_by_test_id("sample").click()
    sample = tmp_path / "backend-export.xlsx"
    download.value.save_as(sample)
    p.select_option("#id_kind", "backend")
    p.set_input_files("#id_file", str(sample))
    p.get_by_role("button", name="检查文件").click()
    # first time for this site and list: the header row is shown to choose the columns
    expect(p.get_by_test_id("header-row")).to_contain_text("MAC地址")
    expect(p.locator("#id_mac")).to_have_value("MAC地址")
    p.get_by_role("button", name="保存列设定").click()
    preview = p.get_by_test_id("preview")
    expect(preview).to_contain_text("对方清单中缺失")
    p.get_by_role("button", name="确认导入").click()
    rows = p.get_by_test_id("differences").locator("tbody tr")
    expect(rows).to_have_count(3)
    for _ in range(3):
        p.get_by_test_id("differences").locator("tbody tr a").first.click()
        p.get_by_test_id("resolve").get_by_role("button", name="处理").click()
        expect(p.locator("h1")).to_contain_text("已处理")
        p.goto(f"{base}/staffwork/endpoints/differences/?site={site.pk}")
    expect(p.get_by_test_id("differences")).to_contain_text("没有差异")
    assert not Difference.objects.filter(state="open").exists()
    p.goto(f"{base}/staffwork/endpoints/rates/?site={site.pk}")
    total = p.get_by_test_id("site-rates").locator("tr.fw-bold")
    expect(total.locator("[data-rate=registration]")).to_contain_text("100")
    expect(total.locator("[data-rate=real-name]")).to_contain_text("100")
    expect(p.locator("#chart-rates canvas")).to_have_count(1)
