"""Browser journey of IT-4: the IT staffer drafts last year's assessment from the records, edits
and submits it; the information-center head comments and signs on the pad; it prints on A4 and
downloads as a Word document with the four sections. Chinese UI, Debian's Chromium."""

import pytest
from django.utils import timezone, translation
from docx import Document
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.staffwork import figures
from infocenter.staffwork.figures import REVIEW, SECTIONS, Figure
from infocenter.staffwork.models import Assessment, AssessmentState
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1


def zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


@pytest.fixture
def staff(org, root, monkeypatch):
    monkeypatch.setitem(
        figures.PROVIDERS,
        "journey",
        lambda person, *, year: [Figure("终端注册率", "100%", "安防系统注册率达到100%。", REVIEW)],
    )
    site = org["a"]
    return {
        "it": make_person(root, "zhenghao", Role.IT_STAFF, site=site),
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
    }


def test_it4_assessment_drafted_edited_submitted_signed_printed_and_downloaded(
    browser, live_server, staff
):
    base = live_server.url
    it = session(browser, base, "zhenghao")
    it.goto(f"{base}/staffwork/assessments/")
    it.locator("#id_year").fill(str(YEAR))
    it.get_by_test_id("draft-form").locator("button[type=submit]").click()
    expect(it.get_by_test_id("state")).to_have_text(zh(AssessmentState.DRAFT.label))
    expect(it.get_by_test_id("section").first).to_contain_text("安防系统注册率达到100%。")
    expect(it.get_by_test_id("figures")).to_contain_text("终端注册率")

    it.get_by_test_id("edit").click()
    it.locator("#id_review").fill("参与完成金税三期网络建设工作。\n安防系统注册率达到100%。")
    it.locator("#id_problems").fill("缺少系统学习专业知识的时间。")
    it.locator("#id_plans").fill("向领导同事请教学，向书本系统学。")
    it.locator("#id_shortcomings").fill("专业知识不够系统全面。")
    it.get_by_test_id("edit-form").locator("button[type=submit]").click()
    expect(it.get_by_test_id("section").first).to_contain_text("金税三期")
    step(it, "submit").locator("button[type=submit]").click()
    expect(it.get_by_test_id("state")).to_have_text(zh(AssessmentState.SUBMITTED.label))
    expect(it.get_by_test_id("edit")).to_have_count(0)
    url = it.url

    head = session(browser, base, "zhouming")
    head.goto(url)
    sign = step(head, "sign")
    sign.locator("#sign_comment").fill("工作扎实，同意。")
    sign.locator("canvas").scroll_into_view_if_needed()
    box = sign.locator("canvas").bounding_box()
    head.mouse.move(box["x"] + 20, box["y"] + 40)
    head.mouse.down()
    for i in range(1, 12):
        head.mouse.move(box["x"] + 20 + i * 20, box["y"] + 40 + (i % 3) * 25)
    head.mouse.up()
    sign.locator("button[type=submit]").click()
    expect(head.get_by_test_id("state")).to_contain_text(zh(AssessmentState.SIGNED.label))
    expect(head.get_by_test_id("locked")).to_be_visible()
    expect(head.get_by_test_id("head")).to_contain_text("工作扎实，同意。")
    assessment = Assessment.objects.get(person=staff["it"], year=YEAR)
    assert assessment.signature and assessment.figures[0]["label"] == "终端注册率"

    printed = head.context.new_page()
    printed.goto(f"{url}print/")
    body = printed.locator("main.sheet")
    for label in SECTIONS.values():
        expect(body).to_contain_text(zh(label))
    expect(body).to_contain_text("终端注册率")
    signature = body.locator("img")
    expect(signature).to_have_count(1)
    assert printed.evaluate("(img) => img.naturalWidth", signature.element_handle()) > 0

    with it.expect_download() as download:
        it.goto(url)
        it.get_by_test_id("docx").click()
    doc = Document(str(download.value.path()))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [zh(label) for label in SECTIONS.values()] == headings[:4]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "终端注册率" in cells and "100%" in cells
    assert len(doc.inline_shapes) == 1
