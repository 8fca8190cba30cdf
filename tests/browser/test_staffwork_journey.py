"""The IT staffer's year in one browser journey (IT-2, IT-1, IT-4): 郑浩 imports the backend
export of the security system, resolves the differences until both rates show 100 %, confirms
the two work-log entries proposed from his backup checks, drafts the year-end assessment from
those records, edits and submits it; 周明, the information-center head, comments and signs; it
prints on A4 and downloads as a Word document with the four sections and the head's comment.
Chinese UI, Debian's Chromium; the steps are in staffwork_steps."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.staffwork.models import Assessment, Difference, WorkEntry
from infocenter.staffwork.models.endpoints import DifferenceState
from tests.conftest import make_person

from . import staffwork_steps as steps
from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Year-end: the two nights checked (Tuesday and Wednesday) fall in this week and this year.
THURSDAY = dt.datetime(2026, 12, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def year_end():
    with time_machine.travel(THURSDAY, tick=True):
        yield THURSDAY.date()


@pytest.fixture
def staff(year_end, org, root):
    site = org["a"]
    head = make_person(root, "zhouming", Role.IC_HEAD, site=site)
    it = steps.it_staffer(root, site, "zhenghao", endpoints=6)
    return {
        "site": site,
        "it": it,
        "head": head,
        "checked": steps.two_nights_checked(head, it, site, year_end),
    }


def test_it1_it2_it4_it_staffers_year_from_import_to_signed_assessment(
    browser, live_server, staff, year_end, tmp_path
):
    base, site = live_server.url, staff["site"]
    it = session(browser, base, "zhenghao")

    # IT-2: the backend export imported, its three differences resolved, both rates at 100 %.
    steps.import_backend_export(it, base, site, tmp_path, differences=3)
    steps.resolve_differences(it, base, site, differences=3)
    assert not Difference.objects.filter(state=DifferenceState.OPEN).exists()
    steps.expect_rates_at_100(it, base, site)

    # IT-1: the two proposed entries confirmed with the hours spent, seen in this week's view.
    steps.confirm_proposals(it, base, zip(staff["checked"], ("1", "0.5"), strict=True))
    assert WorkEntry.objects.filter(person=staff["it"]).count() == 2
    steps.expect_week(it, base, text="门禁数据库每日备份", total="1.5", kind="电脑与网络维护")

    # IT-4: the year-end assessment drafted from those records, edited and submitted.
    steps.draft_assessment(it, base, year_end.year)
    figures = it.get_by_test_id("figures")
    for label in ("注册率", "实名率"):
        expect(figures.locator("tr", has_text=label)).to_contain_text("100.0 %")
    expect(figures).to_contain_text("电脑与网络维护")
    expect(it.get_by_test_id("section").first).to_contain_text("终端注册率达到 100.0%")
    url = steps.edit_and_submit(
        it,
        {
            "review": "参与完成金税三期网络建设工作。\n安防系统注册率、实名率均达到100%。",
            "problems": "缺少系统学习专业知识的时间。",
            "plans": "向领导同事请教学，向书本系统学。",
            "shortcomings": "专业知识不够系统全面。",
        },
    )

    # The head comments and signs on the pad.
    head = session(browser, base, "zhouming")
    steps.comment_and_sign(head, url, "工作扎实，同意。")
    assessment = Assessment.objects.get(person=staff["it"], year=year_end.year)
    assert assessment.signature and assessment.head_comment == "工作扎实，同意。"
    assert {"注册率", "实名率"} <= {figure["label"] for figure in assessment.figures}

    # On A4 with the four sections, the figures and the signature; as .docx with the same.
    sheet = steps.open_print(head, url)
    expect(sheet).to_contain_text("金税三期")
    expect(sheet).to_contain_text("注册率")
    doc = steps.download_docx(it, url)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert (
        headings[:4] == steps.HEADINGS == ["年度工作回顾", "面临的问题", "今后工作打算", "主要不足"]
    )
    texts = [p.text for p in doc.paragraphs]
    assert "工作扎实，同意。" in texts and "参与完成金税三期网络建设工作。" in "\n".join(texts)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "注册率" in cells and "100.0 %" in cells
    assert len(doc.inline_shapes) == 1
