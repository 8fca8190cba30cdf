"""The staff-work browser steps (IT-1, IT-2, IT-4), one function per thing a person does on the
pages, and the set-up data they start from (built through the services). The journey in
test_staffwork_journey strings them together; any other staff-work browser test reuses them."""

import datetime as dt
import re

from django.utils import translation
from docx import Document
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.machineroom.services import backups
from infocenter.staffwork.figures import SECTIONS
from infocenter.staffwork.models import AssessmentState
from tests.conftest import make_person
from tests.staffwork.helpers_endpoints import registry

from .test_servicedesk_journey import step


def zh(text) -> str:
    """A source string as the Chinese pages show it."""
    with translation.override("zh-hans"):
        return str(text)


HEADINGS = [zh(label) for label in SECTIONS.values()]


# -- set-up data --------------------------------------------------------------------------------


def it_staffer(root, site, username="zhenghao", endpoints=6):
    """An IT staffer who keeps the registry of ``site``: ``endpoints`` of them, none registered."""
    person = make_person(root, username, Role.IT_STAFF, site=site)
    registry(person, site, endpoints)
    return person


def two_nights_checked(head, it, site, today: dt.date):
    """The IT staffer checked two nights' backups in the machine room (the day before ``today``
    and the one before that): the work log proposes both."""
    job = backups.add_backup_job(
        head,
        site=site,
        name="门禁数据库每日备份",
        system="门禁系统",
        content="全库备份",
        location="机房 NAS-01",
        custodian=it,
        started_on=today - dt.timedelta(days=5),
    )
    return [
        backups.record_backup_result(
            it, job=job, day=today - dt.timedelta(days=n), outcome="failed"
        )
        for n in (1, 2)
    ]


# -- IT-2: the endpoint registry ----------------------------------------------------------------


def import_backend_export(p, base, site, tmp_path, *, differences):
    """Downloads the sample backend export from the import page, uploads it, chooses its columns
    (guessed from its header row), previews and applies it; ``differences`` are listed."""
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
    expect(p.get_by_test_id("preview")).to_contain_text("对方清单中缺失")
    p.get_by_role("button", name="确认导入").click()
    expect(p.get_by_test_id("differences").locator("tbody tr")).to_have_count(differences)


def resolve_differences(p, base, site, *, differences):
    """Resolves the open differences one by one, from the list, until none is left."""
    for _ in range(differences):
        p.get_by_test_id("differences").locator("tbody tr a").first.click()
        p.get_by_test_id("resolve").get_by_role("button", name="处理").click()
        expect(p.locator("h1")).to_contain_text("已处理")
        p.goto(f"{base}/staffwork/endpoints/differences/?site={site.pk}")
    expect(p.get_by_test_id("differences")).to_contain_text("没有差异")


# "100.0 % (6/6)": every endpoint counted
ALL_OF_THEM = re.compile(r"^\s*100(\.0)? % \((\d+)/\2\)\s*$")


def expect_rates_at_100(p, base, site):
    """The rates page: the site's total row reads 100 % for both rates, and the chart is drawn."""
    p.goto(f"{base}/staffwork/endpoints/rates/?site={site.pk}")
    total = p.get_by_test_id("site-rates").locator("tr.fw-bold")
    for rate in ("registration", "real-name"):
        expect(total.locator(f"[data-rate={rate}]")).to_have_text(ALL_OF_THEM)
    expect(p.locator("#chart-rates canvas")).to_have_count(1)


# -- IT-1: the work log -------------------------------------------------------------------------


def confirm_proposals(p, base, proposals):
    """Confirms each proposed entry, ``(record, hours)``, on the proposals page, until none is left.
    Rows are found by their proposal key."""
    p.goto(f"{base}/staffwork/worklog/proposals/")
    for record, hours in proposals:
        key = f"{record._meta.app_label}.{record._meta.model_name}:{record.pk}"
        row = p.locator(f'tr[data-key="{key}"]')
        row.locator('input[name="hours"]').fill(hours)
        row.get_by_role("button", name="确认").click()
        expect(p.locator(".alert-success")).to_contain_text("已按建议添加日志")
        expect(row).to_have_count(0)
    expect(p.get_by_test_id("proposals")).to_contain_text("这段时间没有可建议的工作")


def expect_week(p, base, *, text, total, kind):
    """This week's view shows the entries (``text``), their ``total`` hours and their ``kind``."""
    p.goto(f"{base}/staffwork/worklog/week/")
    expect(p.get_by_test_id("week")).to_contain_text(text)
    expect(p.get_by_test_id("week-total")).to_have_text(total)
    expect(p.get_by_test_id("by-kind")).to_contain_text(kind)


# -- IT-4: the annual assessment ----------------------------------------------------------------


def draft_assessment(p, base, year):
    """Drafts the person's assessment of ``year`` from the list page; its page opens, a draft."""
    p.goto(f"{base}/staffwork/assessments/")
    p.locator("#id_year").fill(str(year))
    p.get_by_test_id("draft-form").locator("button[type=submit]").click()
    expect(p.get_by_test_id("state")).to_have_text(zh(AssessmentState.DRAFT.label))


def edit_and_submit(p, texts):
    """Edits the four sections (``texts`` by field name) and submits; it can no longer be edited.
    Returns the assessment's address."""
    p.get_by_test_id("edit").click()
    for field, text in texts.items():
        p.locator(f"#id_{field}").fill(text)
    p.get_by_test_id("edit-form").locator("button[type=submit]").click()
    expect(p.get_by_test_id("section").first).to_contain_text(texts["review"].splitlines()[0])
    step(p, "submit").locator("button[type=submit]").click()
    expect(p.get_by_test_id("state")).to_have_text(zh(AssessmentState.SUBMITTED.label))
    expect(p.get_by_test_id("edit")).to_have_count(0)
    return p.url


def comment_and_sign(p, url, comment):
    """The head opens the submitted assessment, comments and signs on the pad; it is locked."""
    p.goto(url)
    sign = step(p, "sign")
    sign.locator("#sign_comment").fill(comment)
    pad = sign.locator("canvas")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    p.mouse.move(box["x"] + 20, box["y"] + 40)
    p.mouse.down()
    for i in range(1, 12):
        p.mouse.move(box["x"] + 20 + i * 20, box["y"] + 40 + (i % 3) * 25)
    p.mouse.up()
    sign.locator("button[type=submit]").click()
    expect(p.get_by_test_id("state")).to_contain_text(zh(AssessmentState.SIGNED.label))
    expect(p.get_by_test_id("locked")).to_be_visible()
    expect(p.get_by_test_id("head")).to_contain_text(comment)


PAGE_RULES = """() => [...document.styleSheets].flatMap((sheet) =>
  [...sheet.cssRules].filter((rule) => rule instanceof CSSPageRule).map((rule) => rule.cssText))"""


def open_print(p, url):
    """The assessment's print page, in a new tab: A4 (its ``@page`` size), the four sections'
    headings, the head's signature drawn. Returns the sheet."""
    printed = p.context.new_page()
    printed.goto(f"{url}print/")
    pages = printed.evaluate(PAGE_RULES)
    assert any("size: a4" in rule.lower() for rule in pages), pages
    sheet = printed.locator("main.sheet")
    for heading in HEADINGS:
        expect(sheet.locator("h2", has_text=heading)).to_have_count(1)
    signature = sheet.locator("img")
    expect(signature).to_have_count(1)
    assert printed.evaluate("(img) => img.naturalWidth", signature.element_handle()) > 0
    return sheet


def download_docx(p, url):
    """Downloads the assessment as a Word document from its page; returns it opened."""
    p.goto(url)
    with p.expect_download() as download:
        p.get_by_test_id("docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    return Document(str(download.value.path()))
