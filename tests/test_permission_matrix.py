"""ORG-1, ORG-2, X-8: every role against every page and endpoint that exists. Each case
lists the roles allowed; every other role is refused (403, or 404 where the object is hidden).
Then every role is tried against the other site's objects, which must stay invisible.

Adding a URL without adding it here fails ``test_org2_matrix_covers_every_route``."""

import copy
import datetime as dt
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from infocenter.core import services
from infocenter.core.choices import OverrideKind, Role
from infocenter.core.models import Building, Department, RoleAssignment, User
from tests.conftest import rolled_back

ALL = frozenset(Role.values)
ADMIN = frozenset({Role.SYSADMIN})
AUDIT = frozenset({Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD})

# Routes that are not role-scoped pages: Django's admin (superusers only, tested below), the
# language switch, the API root listing and format-suffix variants of router routes.
# healthz and metrics are for load balancers and monitors, not roles: tests/core/test_x11_health.py
NOT_IN_MATRIX = {"set_language", "api-root", "login", "logout", "healthz", "metrics"}


@dataclass
class Case:
    name: str  # URL name
    allowed: frozenset
    method: str = "get"
    kwargs: callable = lambda ctx: {}
    data: callable = lambda ctx: {}
    query: str = ""
    ok: tuple = (200,)
    json: bool = False
    needs: tuple = ()
    extra_query: callable = lambda ctx: ""


def ctx_objects(org, people):
    a = org["a"]
    return {
        "site": a,
        "building": Building.objects.filter(site=a).first(),
        "person": people[Role.PROCESSOR],
        "gc": Department.objects.get(site=a, code="gc"),
        "auditor": people[Role.AUDITOR],
        "assistant": people[Role.CS_ASSISTANT],
        "tech": people[Role.DEPT_STAFF],
        "policy_version": _policy_version(a),
        # a list filter saved by the processor: only its owner may remove it
        "saved_filter": services.save_filter(
            people[Role.PROCESSOR], list_name="servicedesk:register", name="报修", query="x=1"
        ),
    }


def _policy_version(site):
    from infocenter.servicedesk.services import policy

    return policy(site).version


INTAKE = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
FOLLOW_UP = frozenset({Role.CS_ASSISTANT, Role.CS_MANAGER})
DEPARTMENT = frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF, Role.BRANCH_GM})
RECEIVE = frozenset({Role.DEPT_HEAD, Role.BRANCH_GM})
STAFF_FILING = ALL - {Role.AUDITOR}  # SD-17
RECEIVERS = frozenset({Role.DEPT_HEAD, Role.BRANCH_GM, Role.CS_MANAGER, Role.SYSADMIN})


def sd_objects(ctx, people, needs=None):
    """Per-role service-desk records in the states the cases need: a logged form, a form with
    an order dispatched to 工程部, and orders assigned, started, reported (signed), verified,
    plus a resolved form waiting for its callback."""
    from infocenter.servicedesk import services as sd
    from tests.servicedesk.conftest import PNG

    processor, head, tech = people[Role.PROCESSOR], people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    needs = set(needs or SD_KEYS)

    def new_form():
        return sd.log_form(
            processor,
            site=ctx["site"],
            source="phone",
            reporter_kind="owner",
            reporter_name="张三",
            reporter_phone="13800138000",
            category="repair",
            content="漏水",
        )

    def new_order(until):
        form = new_form()
        order = sd.dispatch_order(
            processor,
            form,
            version=form.version,
            department=ctx["gc"],
            assistant=people[Role.CS_ASSISTANT],
        )
        steps = [
            ("assign", lambda o: sd.assign_order(head, o, version=o.version, assignee=tech)),
            ("start", lambda o: sd.start_order(tech, o, version=o.version)),
            (
                "report",
                lambda o: sd.report_result(
                    tech, o, version=o.version, result="修好了", signature_png=PNG
                ),
            ),
            ("verify", lambda o: sd.verify_order(people[Role.CS_ASSISTANT], o, version=o.version)),
        ]
        for name, step in steps:
            if until == "dispatch":
                break
            order = step(order)
            if name == until:
                break
        return form, order

    if "logged_form" in needs:
        ctx["logged_form"] = new_form()
        ctx["resident"] = ctx["logged_form"].resident
    if needs & {"order", "dispatched_form"}:
        ctx["dispatched_form"], ctx["order"] = new_order("dispatch")
    for key, until in (
        ("assigned_order", "assign"),
        ("started_order", "start"),
        ("signed_order", "report"),
        ("verified_order", "verify"),
    ):
        if key in needs:
            ctx[key] = new_order(until)[1]
    if "assigned_order" in needs:
        ctx["photo"] = sd.add_order_photo(
            head, ctx["assigned_order"], upload=_photo(), stage="before"
        )
    if "batch" in needs:
        from tests.servicedesk.test_archive import complete, last_week_form, monday_last_week

        complete(people, last_week_form(people, {"a": ctx["site"]}), ctx["gc"])
        ctx["batch"] = sd.submit_archive_batch(
            processor, site=ctx["site"], week_start=monday_last_week()
        )
    if "problem" in needs:
        from infocenter.servicedesk.models import BatchProblem
        from tests.servicedesk.test_archive import complete, last_week_form, monday_last_week

        form, order = complete(people, last_week_form(people, {"a": ctx["site"]}), ctx["gc"])
        batch = sd.submit_archive_batch(processor, site=ctx["site"], week_start=monday_last_week())
        sd.return_archive_batch(
            people[Role.DATA_MANAGER],
            batch,
            version=batch.version,
            note="",
            problems=[sd.NamedProblem(form=form, order=order, problem="签字不清")],
        )
        ctx["problem"] = BatchProblem.objects.get(batch=batch)
    if needs & {"major_form", "reported_major"}:
        _major_objects(ctx, people, needs)
    if "resolved_form" in needs:
        form = new_form()
        ctx["resolved_form"] = sd.resolve_form(
            processor, form, version=form.version, resolution="已答复"
        )
    if "returned_form" in needs:
        form, order = new_order("dispatch")
        sd.return_order(head, order, version=order.version, reason="缺配件")
        form.refresh_from_db()
        ctx["returned_form"] = form
    staff_objects(ctx, people, needs)


def staff_objects(ctx, people, needs):
    """SD-17, SD-11: a staff form waiting for receipt, one with a photo dispatched to 工程部
    (every role sees it), internal feedback logged, and one referred to the branch's 综合管理部
    at the office site."""
    from infocenter.core.choices import DepartmentLevel
    from infocenter.servicedesk import services as sd

    processor, maintainer = people[Role.PROCESSOR], people[Role.MR_MAINTAINER]

    def filed(category="repair", photos=()):
        return sd.submit_form(
            maintainer, site=ctx["site"], category=category, content="灯坏了", photos=photos
        )

    def confirmed(form):
        return sd.confirm_receipt(processor, form, version=form.version)

    if "submitted_form" in needs:
        ctx["submitted_form"] = filed()
    if "photo_form" in needs:
        form = confirmed(filed(photos=[_photo()]))
        sd.dispatch_order(
            processor,
            form,
            version=form.version,
            department=ctx["gc"],
            assistant=people[Role.CS_ASSISTANT],
        )
        ctx["photo_form"] = form
        ctx["form_photo"] = attachments_of(form).get()
    if needs & {"internal_form", "referred_form"}:
        superuser = User.objects.get(is_superuser=True)
        office = services.create_site(
            superuser, branch=ctx["site"].branch, name="重庆分公司本部", code="cqbb"
        )
        ctx["office_department"] = services.create_department(
            superuser, site=office, name="分公司综合管理部", code="zh", level=DepartmentLevel.BRANCH
        )
        ctx["internal_form"] = confirmed(filed("internal"))
    if "referred_form" in needs:
        form = confirmed(filed("internal"))
        ctx["referred_form"] = sd.refer_form(
            processor, form, version=form.version, department=ctx["office_department"]
        )


def attachments_of(subject):
    from infocenter.core.attachments import attachments_of

    return attachments_of(subject)


def _major_objects(ctx, people, needs):
    """Major events (SD-15) dispatched to 工程部, so every role of site A sees them: one waiting
    for its written report, one reported and waiting for the leaders' instructions."""
    from infocenter.servicedesk import services as sd

    processor = people[Role.PROCESSOR]
    for key in ("major_form", "reported_major"):
        if key not in needs:
            continue
        form = sd.log_form(
            processor,
            site=ctx["site"],
            source="phone",
            reporter_kind="owner",
            reporter_name="张三",
            reporter_phone="13800138000",
            category="complaint",
            content="车库进水",
            major=True,
        )
        sd.dispatch_order(
            processor,
            form,
            version=form.version,
            department=ctx["gc"],
            assistant=people[Role.CS_ASSISTANT],
        )
        form.refresh_from_db()
        if key == "reported_major":
            form = sd.report_major_event(processor, form, version=form.version, report="进水")
        ctx[key] = form


def _photo():
    from tests.servicedesk.test_photos import image_file

    return image_file(size=(40, 30))


def lb_objects(ctx, people, needs):
    """Per-role register records: a handover waiting for the processor, a missed call, a current
    registry entry of 工程部, a contact and a document with a PDF version."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from infocenter.logbook import services as lb
    from tests.conftest import make_person

    processor = people[Role.PROCESSOR]
    if "handover" in needs:
        other = User.objects.filter(username="u_processor2").first() or make_person(
            User.objects.get(username="root"), "u_processor2", Role.PROCESSOR, site=ctx["site"]
        )
        ctx["handover"] = lb.hand_over(
            other, site=ctx["site"], incoming=processor, shift="白班", equipment_state="正常"
        )
    if "answered_call" in needs:
        ctx["answered_call"] = lb.log_call(
            processor, site=ctx["site"], number="13800138000", caller="张三", subject="咨询停水"
        )
    if "missed_call" in needs:
        ctx["missed_call"] = lb.log_missed_call(processor, site=ctx["site"], number="13800138000")
    if "entry" in needs:
        now = timezone.now()
        ctx["entry"] = lb.record_entry(
            processor,
            site=ctx["site"],
            department=ctx["gc"],
            kind="power_outage",
            title="检修停电",
            starts_at=now,
            changed_at=now,
            channel="phone",
            reported_by="王工",
        )
    if "contact" in needs:
        ctx["contact"] = lb.add_contact(
            processor, site=ctx["site"], category="police", name="张警官", phone="110"
        )
    if "document" in needs:
        ctx["document"] = lb.add_document(
            processor, site=ctx["site"], category="fire", title="重庆市消防条例"
        )
        ctx["document_version"] = lb.add_document_version(
            processor,
            ctx["document"],
            label="2021",
            effective_from=dt.date(2021, 1, 1),
            upload=SimpleUploadedFile("fire.pdf", b"%PDF-1.4 test"),
        )


def _empty_contacts_sheet():
    from tests.logbook.test_directory import xlsx

    return xlsx([])


def _empty_residents_sheet():
    from tests.servicedesk.test_residents_register import xlsx

    return xlsx([])


CONTROL_ROOM = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
PHONE = CONTROL_ROOM | {Role.CS_ASSISTANT}
REPORTING = CONTROL_ROOM | {Role.DEPT_HEAD, Role.DEPT_STAFF}
DIRECTORY = CONTROL_ROOM | {Role.SYSADMIN}
LIBRARY = CONTROL_ROOM | {Role.DATA_MANAGER}
LB_POLICY = frozenset({Role.CS_MANAGER, Role.SYSADMIN})
ENTRY_DATA = {
    "department": None,
    "kind": "water_outage",
    "title": "停水",
    "starts_at": "2026-11-26T09:00",
    "changed_at": "2026-11-26T08:00",
    "channel": "phone",
    "reported_by": "王工",
}


def _entry_data(c):
    return {**ENTRY_DATA, "department": c["gc"].pk, "site": c["site"].pk}


LB_CASES = [
    Case("logbook:handovers", ALL),
    Case(
        "logbook:handovers",
        {Role.PROCESSOR},
        "post",
        ok=(400,),  # allowed; nobody else to hand over to
        data=lambda c: {"shift": "白班", "equipment_state": "正常", "incoming": c["me"].pk},
    ),
    Case("logbook:handover", ALL, kwargs=lambda c: {"pk": c["handover"].pk}, needs=("handover",)),
    Case(
        "logbook:handover_accept",
        {Role.PROCESSOR},
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["handover"].pk},
        data=lambda c: {"version": c["handover"].version},
        needs=("handover",),
    ),
    Case(
        "logbook:handover_print",
        ALL,
        kwargs=lambda c: {"pk": c["handover"].pk},
        needs=("handover",),
    ),
    Case("logbook:handovers_export", ALL),
    Case("logbook:calls", ALL),
    Case(
        "logbook:calls",
        PHONE,
        "post",
        ok=(302,),
        data=lambda c: {
            "kind": "call",
            "direction": "in",
            "number": "13800138000",
            "subject": "咨询",
        },
    ),
    Case("logbook:call", ALL, kwargs=lambda c: {"pk": c["missed_call"].pk}, needs=("missed_call",)),
    Case(
        "logbook:call_step",
        PHONE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["missed_call"].pk, "step": "call_back"},
        data=lambda c: {"version": c["missed_call"].version, "subject": "已回电"},
        needs=("missed_call",),
    ),
    Case("logbook:calls_print", ALL),
    Case("logbook:calls_export", ALL),
    Case("logbook:whereabouts", ALL),
    Case(
        "logbook:whereabouts",
        ALL,
        "post",
        ok=(302,),
        data=lambda c: {"status": "meeting", "place": "三楼会议室"},
    ),
    Case("logbook:registry", ALL),
    Case("logbook:in_force", ALL, extra_query=lambda c: f"?building={c['building'].pk}"),
    Case("logbook:entry_new", REPORTING),
    Case("logbook:entry_new", REPORTING, "post", ok=(302,), data=_entry_data),
    Case("logbook:entry", ALL, kwargs=lambda c: {"pk": c["entry"].pk}, needs=("entry",)),
    Case(
        "logbook:entry_step",
        REPORTING,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["entry"].pk, "step": "end"},
        data=lambda c: {"version": c["entry"].version},
        needs=("entry",),
    ),
    Case("logbook:registry_print", ALL),
    Case("logbook:registry_export", ALL),
    Case("logbook:late_reports", ALL),
    Case("logbook:contacts", ALL, query="?q=zjg"),
    Case("logbook:contact_new", DIRECTORY),
    Case(
        "logbook:contact_new",
        DIRECTORY,
        "post",
        ok=(302,),
        data=lambda c: {"category": "emergency", "name": "火警", "phone": "119"},
    ),
    Case(
        "logbook:contact", DIRECTORY, kwargs=lambda c: {"pk": c["contact"].pk}, needs=("contact",)
    ),
    Case(
        "logbook:contact_remove",
        DIRECTORY,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["contact"].pk},
        data=lambda c: {"version": c["contact"].version},
        needs=("contact",),
    ),
    Case("logbook:contacts_import", DIRECTORY),
    Case("logbook:contacts_export", ALL),
    Case("logbook:contacts_template", ALL),
    Case("logbook:library", ALL),
    Case("logbook:document_new", LIBRARY),
    Case("logbook:document", ALL, kwargs=lambda c: {"pk": c["document"].pk}, needs=("document",)),
    Case(
        "logbook:document",
        LIBRARY,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["document"].pk},
        data=lambda c: {"label": "2024", "effective_from": "2024-01-01"},
        needs=("document",),
    ),
    Case(
        "logbook:document_file",
        ALL,
        kwargs=lambda c: {"pk": c["document"].pk, "version": c["document_version"].pk},
        needs=("document",),
    ),
    Case("lb-handover-list", ALL, json=True),
    Case(
        "lb-handover-list",
        {Role.PROCESSOR},
        "post",
        ok=(400,),
        json=True,  # allowed; nobody to hand over to
        data=lambda c: {
            "site": c["site"].pk,
            "incoming": c["me"].pk,
            "shift": "白班",
            "equipment_state": "正常",
        },
    ),
    Case(
        "lb-handover-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["handover"].pk},
        needs=("handover",),
    ),
    Case(
        "lb-handover-accept",
        {Role.PROCESSOR},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["handover"].pk},
        data=lambda c: {"version": c["handover"].version},
        needs=("handover",),
    ),
    Case(
        "lb-handover-draft",
        {Role.PROCESSOR},
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}",
    ),
    Case("lb-call-list", ALL, json=True),
    Case(
        "lb-call-list",
        PHONE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "number": "13800138000", "subject": "咨询"},
    ),
    Case(
        "lb-call-missed",
        PHONE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "number": "13800138000"},
    ),
    Case(
        "lb-call-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["missed_call"].pk},
        needs=("missed_call",),
    ),
    Case(
        "lb-call-call-back",
        PHONE,
        "post",
        ok=(201,),
        json=True,
        kwargs=lambda c: {"pk": c["missed_call"].pk},
        data=lambda c: {"version": c["missed_call"].version, "subject": "已回电"},
        needs=("missed_call",),
    ),
    Case(
        "lb-call-make-form",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["answered_call"].pk},
        data=lambda c: {"version": c["answered_call"].version, "category": "inquiry"},
        needs=("answered_call",),
    ),
    Case("lb-entry-list", ALL, json=True),
    Case(
        "lb-entry-list",
        REPORTING,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            **_entry_data(c),
            "starts_at": "2026-11-26T09:00:00+08:00",
            "changed_at": "2026-11-26T08:00:00+08:00",
        },
    ),
    Case(
        "lb-entry-detail", ALL, json=True, kwargs=lambda c: {"pk": c["entry"].pk}, needs=("entry",)
    ),
    Case("lb-entry-now", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}&q=停电"),
    Case("lb-entry-late", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "lb-entry-in-force",
        ALL,
        json=True,
        extra_query=lambda c: f"?building={c['building'].pk}",
    ),
    Case(
        "lb-entry-reschedule",
        REPORTING,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["entry"].pk},
        data=lambda c: {
            "version": c["entry"].version,
            "starts_at": c["entry"].starts_at.isoformat(),
            "ends_at": None,
        },
        needs=("entry",),
    ),
    Case(
        "lb-entry-end",
        REPORTING,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["entry"].pk},
        data=lambda c: {"version": c["entry"].version},
        needs=("entry",),
    ),
    Case(
        "lb-entry-withdraw",
        REPORTING,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["entry"].pk},
        data=lambda c: {"version": c["entry"].version, "note": "取消"},
        needs=("entry",),
    ),
    Case("lb-whereabouts-list", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "lb-whereabouts-list", ALL, "post", ok=(201,), json=True, data=lambda c: {"status": "out"}
    ),
    Case("lb-contact-list", ALL, json=True),
    Case(
        "lb-contact-list",
        DIRECTORY,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "category": "emergency",
            "name": "火警",
            "phone": "119",
        },
    ),
    Case(
        "lb-contact-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["contact"].pk},
        needs=("contact",),
    ),
    Case(
        "lb-contact-detail",
        DIRECTORY,
        "put",
        json=True,
        kwargs=lambda c: {"pk": c["contact"].pk},
        data=lambda c: {
            "version": c["contact"].version,
            "category": "police",
            "name": "张警官",
            "phone": "110",
        },
        needs=("contact",),
    ),
    Case(
        "lb-contact-remove",
        DIRECTORY,
        "post",
        ok=(204,),
        json=True,
        kwargs=lambda c: {"pk": c["contact"].pk},
        data=lambda c: {"version": c["contact"].version},
        needs=("contact",),
    ),
    Case(
        "lb-contact-import-file",
        DIRECTORY,
        "post",
        ok=(400,),  # allowed; the file holds no contacts
        data=lambda c: {"site": c["site"].pk, "file": _empty_contacts_sheet()},
    ),
    Case("lb-document-list", ALL, json=True),
    Case(
        "lb-document-list",
        LIBRARY,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "category": "fire", "title": "消防法"},
    ),
    Case(
        "lb-document-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["document"].pk},
        needs=("document",),
    ),
    Case(
        "lb-document-versions",
        LIBRARY,
        "post",
        ok=(201,),
        kwargs=lambda c: {"pk": c["document"].pk},
        data=lambda c: {"label": "2024", "effective_from": "2024-01-01"},
        needs=("document",),
    ),
    Case("lb-policy", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "lb-policy",
        LB_POLICY,
        "put",
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "version": 1,
            "report_within_hours": 6,
            "accept_within_minutes": 30,
            "call_back_within_minutes": 30,
        },
    ),
    Case(
        "lb-handovers-export",
        ALL,
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30",
    ),
    Case(
        "lb-calls-export",
        ALL,
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30",
    ),
    Case(
        "lb-registry-export",
        ALL,
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30",
    ),
    Case("lb-contacts-export", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("logbook:policy", LB_POLICY),
    Case(
        "logbook:policy",
        LB_POLICY,
        "post",
        ok=(302,),
        data=lambda c: {
            "version": 1,
            "report_within_hours": 6,
            "accept_within_minutes": 30,
            "call_back_within_minutes": 30,
        },
    ),
]


def _correction_data(c):
    from django.utils import timezone

    form = c["logged_form"]
    return {
        "version": form.version,
        "reporter_phone": "13800138000",
        "reporter_name": "张三",
        "reporter_kind": "owner",
        "source": "phone",
        "category": "complaint",
        "priority": "normal",
        "content": "漏水",
        "received_at": timezone.localtime(form.received_at).strftime("%Y-%m-%dT%H:%M"),
        "reason": "类别错",
    }


SD_KEYS = (
    "batch",
    "logged_form",
    "order",
    "dispatched_form",
    "assigned_order",
    "started_order",
    "signed_order",
    "verified_order",
    "resolved_form",
    "problem",
    "submitted_form",
    "photo_form",
    "internal_form",
    "referred_form",
    "returned_form",
    "major_form",
    "reported_major",
)


CASES = [
    Case("home", ALL),
    Case("password_change", ALL),
    Case("core:sites", ALL),
    Case("core:site", ALL, kwargs=lambda c: {"pk": c["site"].pk}),
    Case("core:site_edit", ADMIN, kwargs=lambda c: {"pk": c["site"].pk}),
    Case(
        "core:site_edit",
        ADMIN,
        "post",
        kwargs=lambda c: {"pk": c["site"].pk},
        ok=(302,),
        data=lambda c: {
            "version": c["site"].version,
            "name": "改名",
            "address": "",
            "workday_start": "09:00",
            "workday_end": "18:00",
        },
    ),
    Case(
        "core:department_add",
        ADMIN,
        "post",
        kwargs=lambda c: {"pk": c["site"].pk},
        ok=(302,),
        data=lambda c: {"name": "财务部", "code": "cw"},
    ),
    Case(
        "core:building_add",
        ADMIN,
        "post",
        kwargs=lambda c: {"pk": c["site"].pk},
        ok=(302,),
        data=lambda c: {"name": "9栋", "floors": 2, "units": "1单元", "rooms_per_floor": 1},
    ),
    Case("core:building", ALL, kwargs=lambda c: {"pk": c["building"].pk}),
    Case(
        "core:webhook_add",
        ADMIN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["site"].pk},
        data=lambda c: {
            "department": c["gc"].pk,
            "channel": "wecom",
            "url": "http://127.0.0.1:9/hook",
        },
    ),
    Case("core:webhook_remove", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["webhook"].pk}),
    Case("core:people", ALL),
    Case("core:person", ALL, kwargs=lambda c: {"pk": c["person"].pk}),
    Case("core:person_add", ADMIN),
    Case(
        "core:person_add",
        ADMIN,
        "post",
        ok=(302,),
        data=lambda c: {
            "username": f"new_{c['me'].username}",
            "full_name": "新同事",
            "password": "Test-Passw0rd!",
            "role": Role.PROCESSOR,
            "site": c["site"].pk,
        },
    ),
    Case(
        "core:role_add",
        ADMIN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["auditor"].pk},
        data=lambda c: {"role": Role.DATA_MANAGER, "site": c["site"].pk},
    ),
    Case("core:role_revoke", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["assignment"].pk}),
    Case("core:profile_edit", ADMIN | {Role.PROCESSOR}, kwargs=lambda c: {"pk": c["person"].pk}),
    Case("core:calendar", ALL),
    Case(
        "core:calendar_override_add",
        ADMIN,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "date": "2026-12-28", "kind": "holiday"},
    ),
    Case(
        "core:calendar_override_remove",
        ADMIN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["override"].pk},
    ),
    Case("core:audit", AUDIT),
    Case("core:outbox", ADMIN),
    Case("core:notifications", ALL),
    Case("core:bell", ALL),
    Case("search", ALL, query="?q=张三"),
    Case("search_suggest", ALL, query="?q=zs"),
    # Service desk
    Case("servicedesk:intake", INTAKE),
    Case(
        "servicedesk:intake",
        INTAKE,
        "post",
        ok=(302,),
        data=lambda c: {
            "reporter_phone": "13912345678",
            "reporter_name": "李四",
            "reporter_kind": "owner",
            "source": "phone",
            "category": "repair",
            "priority": "normal",
            "content": "门坏了",
        },
    ),
    Case("servicedesk:resident_lookup", INTAKE | FOLLOW_UP, query="?q=张三"),
    Case("servicedesk:register", ALL),
    Case(
        "servicedesk:register_export",
        ALL,
        query="?start=2026-11-01&end=2026-11-30",
        kwargs=lambda c: {},
        extra_query=lambda c: f"&site={c['site'].pk}",
    ),
    Case(
        "servicedesk:form_print",
        ALL,
        kwargs=lambda c: {"pk": c["dispatched_form"].pk},
        needs=("order",),
    ),
    Case("servicedesk:order_print", ALL, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)),
    Case("servicedesk:inbox", DEPARTMENT),
    Case("servicedesk:follow_up", FOLLOW_UP),
    # issue 14 item 8: several orders at once, each through its own service
    Case(
        "servicedesk:inbox_assign",
        RECEIVE,
        "post",
        ok=(302,),
        needs=("order",),
        data=lambda c: {"item": [c["order"].pk], "assignee": c["tech"].pk},
    ),
    Case("servicedesk:to_close", INTAKE),
    Case(
        "servicedesk:close_several",
        INTAKE,
        "post",
        ok=(302,),
        needs=("verified_order",),
        data=lambda c: {"item": [c["verified_order"].pk]},
    ),
    Case("servicedesk:search", ALL, query="?q=张三", ok=(302,)),
    Case(
        "servicedesk:form", ALL, kwargs=lambda c: {"pk": c["dispatched_form"].pk}, needs=("order",)
    ),
    Case(
        "servicedesk:form_step",
        INTAKE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["logged_form"].pk, "step": "resolve"},
        needs=("logged_form",),
        data=lambda c: {"version": c["logged_form"].version, "resolution": "已答复"},
    ),
    Case("servicedesk:submit", STAFF_FILING),
    Case(
        "servicedesk:submit",
        STAFF_FILING,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "category": "repair", "content": "灯坏了"},
    ),
    Case("servicedesk:mine", ALL),
    Case("servicedesk:referred", DEPARTMENT),
    Case(
        "servicedesk:form_photo",
        ALL,
        kwargs=lambda c: {"pk": c["photo_form"].pk, "photo": c["form_photo"].pk},
        needs=("photo_form",),
    ),
    Case(
        "servicedesk:form_step",
        INTAKE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["submitted_form"].pk, "step": "confirm_receipt"},
        needs=("submitted_form",),
        data=lambda c: {"version": c["submitted_form"].version},
    ),
    Case("servicedesk:order", ALL, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)),
    Case(
        "servicedesk:order_step",
        RECEIVE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["order"].pk, "step": "acknowledge"},
        needs=("order",),
        data=lambda c: {"version": c["order"].version},
    ),
    Case(
        "servicedesk:order_photo_add",
        DEPARTMENT,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["assigned_order"].pk},
        needs=("assigned_order",),
        data=lambda c: {"stage": "before", "upload": _photo()},
    ),
    Case(
        "servicedesk:order_photo",
        ALL,
        kwargs=lambda c: {"pk": c["assigned_order"].pk, "photo": c["photo"].pk},
        needs=("assigned_order",),
    ),
    Case(
        "servicedesk:signature",
        ALL,
        kwargs=lambda c: {"pk": c["signed_order"].pk},
        needs=("signed_order",),
    ),
    Case("servicedesk:policy", {Role.CS_MANAGER, Role.SYSADMIN}),
    Case(
        "servicedesk:policy",
        {Role.CS_MANAGER, Role.SYSADMIN},
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "version": c["policy_version"],
            "dispatch_amount": 24,
            "dispatch_unit": "wall_hours",
            "arrange_amount": 2,
            "arrange_unit": "wall_hours",
            "report_amount": 4,
            "report_unit": "wall_hours",
            "finish_amount": 2,
            "finish_unit": "working_days",
            "follow_up_amount": 1,
            "follow_up_unit": "working_days",
        },
    ),
    Case("servicedesk:dashboard", {Role.BRANCH_GM, Role.CS_MANAGER, Role.AUDITOR}),
    # the lists behind the dashboard's figures: everyone, each within their scope
    Case("servicedesk:forms", ALL, query="?clock=sd.dispatch&clock_state=breached"),
    Case("servicedesk:forms", ALL, extra_query=lambda c: f"?site={c['site'].pk}&overdue=true"),
    Case("servicedesk:orders", ALL, query="?open=true&category=repair"),
    Case("servicedesk:orders", ALL, extra_query=lambda c: f"?site={c['site'].pk}&reissued=false"),
    Case("servicedesk:archive", ALL),
    Case(
        "servicedesk:archive",
        INTAKE,
        "post",
        ok=(400,),  # allowed, but nothing is waiting
        data=lambda c: {"site": c["site"].pk, "week_start": "2026-11-16"},
    ),
    Case(
        "servicedesk:archive",
        INTAKE,
        "post",
        ok=(200,),  # the preview of a week's hand-over writes nothing
        data=lambda c: {"site": c["site"].pk, "week_start": "2026-11-18", "preview": "1"},
    ),
    Case("servicedesk:batch", ALL, kwargs=lambda c: {"pk": c["batch"].pk}, needs=("batch",)),
    Case(
        "servicedesk:batch_approve",
        {Role.DATA_MANAGER},
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["batch"].pk},
        needs=("batch",),
        data=lambda c: {"version": c["batch"].version},
    ),
    Case(
        "servicedesk:batch_return",
        {Role.DATA_MANAGER},
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["batch"].pk},
        needs=("batch",),
        data=lambda c: {"version": c["batch"].version, "note": "补签字"},
    ),
    # Service desk: corrections and voids (SD-3), the corrections queue (SD-12)
    Case("servicedesk:corrections", ALL),
    Case(
        "servicedesk:form_correct",
        INTAKE,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
    ),
    Case(
        "servicedesk:form_correct",
        INTAKE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=_correction_data,
    ),
    Case(
        "servicedesk:form_void",
        INTAKE,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
    ),
    Case(
        "servicedesk:form_void",
        INTAKE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["logged_form"].version, "reason": "duplicate"},
    ),
    Case(
        "servicedesk:order_correct",
        INTAKE,
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
    ),
    Case(
        "servicedesk:order_correct",
        INTAKE,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
        data=lambda c: {
            "version": c["order"].version,
            "department": c["gc"].pk,
            "instructions": "带梯子",
            "reason": "补充说明",
        },
    ),
    Case(
        "servicedesk:problem_fix",
        INTAKE | {Role.CS_ASSISTANT},  # the control room, and the assistant it was returned to
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["problem"].pk},
        needs=("problem",),
        data=lambda c: {"version": c["problem"].version, "note": "已重签"},
    ),
    # Service desk API
    Case("sd-form-list", ALL, json=True),
    Case(
        "sd-form-list",
        INTAKE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "source": "intercom",
            "reporter_kind": "staff",
            "reporter_name": "保安",
            "category": "internal",
            "content": "门禁坏了",
        },
    ),
    Case(
        "sd-form-log-and-dispatch",
        INTAKE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "source": "intercom",
            "reporter_kind": "staff",
            "reporter_name": "保安",
            "category": "repair",
            "content": "门禁坏了",
            "department": c["gc"].pk,
            "assistant": c["assistant"].pk,
        },
    ),
    Case(
        "sd-form-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["dispatched_form"].pk},
        needs=("order",),
    ),
    Case(
        "sd-form-resolve",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["logged_form"].version, "resolution": "已答复"},
    ),
    Case(
        "sd-form-dispatch-order",
        INTAKE,
        "post",
        ok=(201,),
        json=True,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=lambda c: {
            "version": c["logged_form"].version,
            "department": c["gc"].pk,
            "assistant": c["assistant"].pk,
        },
    ),
    Case(
        "sd-form-redispatch",
        INTAKE,
        "post",
        ok=(201,),
        json=True,
        kwargs=lambda c: {"pk": c["returned_form"].pk},
        needs=("returned_form",),
        data=lambda c: {
            "version": c["returned_form"].version,
            "department": c["gc"].pk,
            "assistant": c["assistant"].pk,
        },
    ),
    Case(
        "sd-form-pending",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["returned_form"].pk},
        needs=("returned_form",),
        data=lambda c: {
            "version": c["returned_form"].version,
            "until": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
            "reason": "等厂家配件",
        },
    ),
    Case(
        "sd-form-callback",
        FOLLOW_UP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["resolved_form"].pk},
        needs=("resolved_form",),
        data=lambda c: {
            "version": c["resolved_form"].version,
            "outcome": "satisfied",
            "satisfaction": 5,
        },
    ),
    Case(
        "sd-form-submit",
        STAFF_FILING,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "category": "repair", "content": "灯坏了"},
    ),
    Case("sd-form-mine", ALL, json=True),
    Case("sd-form-referred", DEPARTMENT, json=True),
    Case(
        "sd-form-confirm-receipt",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["submitted_form"].pk},
        needs=("submitted_form",),
        data=lambda c: {"version": c["submitted_form"].version},
    ),
    Case(
        "sd-form-refer",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["internal_form"].pk},
        needs=("internal_form",),
        data=lambda c: {
            "version": c["internal_form"].version,
            "department": c["office_department"].pk,
        },
    ),
    # Only the people of the department it is referred to (at the office site): no role here.
    Case(
        "sd-form-reply",
        frozenset(),
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["referred_form"].pk},
        needs=("referred_form",),
        data=lambda c: {"version": c["referred_form"].version, "reply": "已答复"},
    ),
    Case(
        "sd-form-hand-back",
        frozenset(),
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["referred_form"].pk},
        needs=("referred_form",),
        data=lambda c: {"version": c["referred_form"].version},
    ),
    Case("sd-order-list", ALL, json=True),
    Case(
        "sd-order-detail", ALL, json=True, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)
    ),
    Case(
        "sd-order-acknowledge",
        RECEIVE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
        data=lambda c: {"version": c["order"].version},
    ),
    Case(
        "sd-order-assign",
        RECEIVE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
        data=lambda c: {"version": c["order"].version, "assignee": c["tech"].pk},
    ),
    Case(
        "sd-order-start",
        DEPARTMENT - {Role.BRANCH_GM},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["assigned_order"].pk},
        needs=("assigned_order",),
        data=lambda c: {"version": c["assigned_order"].version},
    ),
    Case(
        "sd-order-report",
        DEPARTMENT - {Role.BRANCH_GM},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["started_order"].pk},
        needs=("started_order",),
        data=lambda c: {
            "version": c["started_order"].version,
            "result": "好了",
            "signed_by_customer": "张三",
        },
    ),
    Case(
        "sd-order-return-order",
        DEPARTMENT,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
        data=lambda c: {"version": c["order"].version, "reason": "缺配件"},
    ),
    Case(
        "sd-order-verify",
        FOLLOW_UP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["signed_order"].pk},
        needs=("signed_order",),
        data=lambda c: {"version": c["signed_order"].version},
    ),
    Case(
        "sd-order-close",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["verified_order"].pk},
        needs=("verified_order",),
        data=lambda c: {"version": c["verified_order"].version},
    ),
    Case(
        "sd-register-export",
        ALL,
        json=True,
        query="?start=2026-11-01&end=2026-11-30",
        extra_query=lambda c: f"&site={c['site'].pk}",
    ),
    Case("sd-policy", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "sd-policy",
        {Role.CS_MANAGER, Role.SYSADMIN},
        "put",
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "version": c["policy_version"],
            "follow_up_amount": 2,
            "follow_up_unit": "working_days",
        },
    ),
    Case("sd-batch-list", ALL, json=True),
    Case(
        "sd-batch-list",
        INTAKE,
        "post",
        ok=(400,),
        json=True,  # allowed, but nothing is waiting
        data=lambda c: {"site": c["site"].pk, "week_start": "2026-11-16"},
    ),
    Case(
        "sd-batch-detail", ALL, json=True, kwargs=lambda c: {"pk": c["batch"].pk}, needs=("batch",)
    ),
    Case(
        "sd-batch-approve",
        {Role.DATA_MANAGER},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["batch"].pk},
        needs=("batch",),
        data=lambda c: {"version": c["batch"].version},
    ),
    Case(
        "sd-batch-return-batch",
        {Role.DATA_MANAGER},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["batch"].pk},
        needs=("batch",),
        data=lambda c: {"version": c["batch"].version, "note": "补签"},
    ),
    Case(
        "sd-batch-return-batch",
        {Role.DATA_MANAGER},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["batch"].pk},
        needs=("batch",),
        data=lambda c: {
            "version": c["batch"].version,
            "problems": [{"form": c["batch"].forms.get().pk, "problem": "签字不清"}],
        },
    ),
    Case(
        "sd-form-correct",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=lambda c: {
            "version": c["logged_form"].version,
            "reason": "类别错",
            "category": "complaint",
        },
    ),
    Case(
        "sd-form-void",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["logged_form"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["logged_form"].version, "reason": "prank"},
    ),
    Case(
        "sd-order-correct",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["order"].pk},
        needs=("order",),
        data=lambda c: {"version": c["order"].version, "reason": "补充", "instructions": "带梯子"},
    ),
    Case("sd-problem-list", ALL, json=True),
    Case(
        "sd-problem-detail",
        INTAKE | {Role.CS_ASSISTANT, Role.DATA_MANAGER},
        json=True,
        kwargs=lambda c: {"pk": c["problem"].pk},
        needs=("problem",),
    ),
    Case(
        "sd-problem-fix",
        INTAKE | {Role.CS_ASSISTANT},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["problem"].pk},
        needs=("problem",),
        data=lambda c: {"version": c["problem"].version},
    ),
    Case("sd-resident-list", ALL, json=True, query="?q=zs"),
    Case(
        "sd-resident-list",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "name": "赵六", "phone": "13611112222"},
    ),
    Case(
        "sd-resident-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
    ),
    Case("servicedesk:residents", ALL),
    Case("servicedesk:resident_add", INTAKE | FOLLOW_UP),
    Case(
        "servicedesk:resident_add",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "name": "赵六",
            "phone": "13611112222",
            "kind": "owner",
        },
    ),
    Case("servicedesk:residents_export", ALL),
    Case("servicedesk:residents_import", INTAKE | FOLLOW_UP),
    Case(
        "servicedesk:residents_import",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(400,),  # allowed; the file holds no residents
        data=lambda c: {"site": c["site"].pk, "file": _empty_residents_sheet()},
    ),
    Case("servicedesk:residents_import_confirm", INTAKE | FOLLOW_UP, "post", ok=(302,)),
    Case(
        "servicedesk:resident",
        ALL,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
    ),
    Case(
        "servicedesk:resident_edit",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {
            "version": c["resident"].version,
            "name": "张三",
            "phone": "13800138000",
            "kind": "owner",
        },
    ),
    Case(
        "servicedesk:resident_move_out",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["resident"].version},
    ),
    Case(
        "servicedesk:resident_merge",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(400,),  # allowed; a resident is not merged into themselves
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["resident"].version, "into": c["resident"].pk},
    ),
    Case(
        "servicedesk:room_lookup",
        ALL,
        query="?q=1-1-101",
        extra_query=lambda c: f"&site={c['site'].pk}",
    ),
    Case(
        "sd-resident-detail",
        INTAKE | FOLLOW_UP,
        "put",
        json=True,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {
            "version": c["resident"].version,
            "name": "张三",
            "phone": "13800138000",
            "kind": "owner",
        },
    ),
    Case(
        "sd-resident-move-out",
        INTAKE | FOLLOW_UP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {"version": c["resident"].version},
    ),
    Case(
        "sd-resident-merge",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(400,),  # allowed; a resident is not merged into themselves
        json=True,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
        data=lambda c: {
            "version": c["resident"].version,
            "into": c["resident"].pk,
            "into_version": c["resident"].version,
        },
    ),
    Case(
        "sd-resident-history",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["resident"].pk},
        needs=("logged_form",),
    ),
    Case(
        "sd-resident-import-file",
        INTAKE | FOLLOW_UP,
        "post",
        ok=(400,),  # allowed; the file holds no residents
        data=lambda c: {"site": c["site"].pk, "file": _empty_residents_sheet()},
    ),
    Case(
        "sd-resident-export",
        ALL,
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}",
    ),
    Case(
        "sd-rooms-lookup",
        ALL,
        json=True,
        query="?q=1-1-101",
        extra_query=lambda c: f"&site={c['site'].pk}",
    ),
    # SD-5 designated receivers, X-7 dashboard, major events and order photos
    Case("core:department", ALL, kwargs=lambda c: {"pk": c["gc"].pk}),
    Case(
        "core:department",
        RECEIVERS,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["gc"].pk},
        data=lambda c: {"version": c["gc"].version, "receivers": [c["tech"].pk]},
    ),
    Case(
        "department-receivers",
        RECEIVERS,
        "put",
        json=True,
        kwargs=lambda c: {"pk": c["gc"].pk},
        data=lambda c: {"version": c["gc"].version, "receivers": [c["tech"].pk]},
    ),
    Case(
        "sd-dashboard",
        {Role.BRANCH_GM, Role.CS_MANAGER, Role.AUDITOR},
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}",
    ),
    Case("sd-major-event-list", ALL, json=True),
    Case(
        "sd-major-event-detail",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["major_form"].pk},
        needs=("major_form",),
    ),
    Case(
        "sd-major-event-report",
        INTAKE,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["major_form"].pk},
        needs=("major_form",),
        data=lambda c: {"version": c["major_form"].version, "report": "车库B2进水"},
    ),
    Case(
        "sd-major-event-instructions",
        {Role.CS_MANAGER, Role.BRANCH_GM},
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["reported_major"].pk},
        needs=("reported_major",),
        data=lambda c: {"version": c["reported_major"].version, "instructions": "抽水"},
    ),
    Case(
        "sd-order-photos",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["assigned_order"].pk},
        needs=("assigned_order",),
    ),
    Case(
        "sd-order-photos",
        DEPARTMENT,
        "post",
        ok=(201,),
        kwargs=lambda c: {"pk": c["assigned_order"].pk},
        needs=("assigned_order",),
        data=lambda c: {"stage": "after", "upload": _photo()},
    ),
    Case(
        "sd-order-photo",
        ALL,
        json=True,
        kwargs=lambda c: {"pk": c["assigned_order"].pk, "photo": c["photo"].pk},
        needs=("assigned_order",),
    ),
    Case("core:notifications_read", ALL, "post", ok=(302,)),
    Case(
        "core:filter_delete",
        frozenset({Role.PROCESSOR}),
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["saved_filter"].pk},
    ),
    Case(
        "core:filter_save",
        ALL,
        "post",
        ok=(302,),
        data=lambda c: {
            "list": "servicedesk:register",
            "name": "本月报修",
            "query": "category=repair",
        },
    ),
    # API
    Case("api-schema", ALL),
    Case("api-docs", ALL),
    Case("site-list", ALL, json=True),
    Case("site-detail", ALL, kwargs=lambda c: {"pk": c["site"].pk}, json=True),
    Case(
        "site-detail",
        ADMIN,
        "patch",
        kwargs=lambda c: {"pk": c["site"].pk},
        json=True,
        data=lambda c: {
            "version": c["site"].version,
            "name": "新",
            "workday_start": "09:00",
            "workday_end": "18:00",
        },
    ),
    Case("department-list", ALL, json=True),
    Case(
        "department-list",
        ADMIN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "name": "财务部", "code": "cw"},
    ),
    Case("department-detail", ALL, kwargs=lambda c: {"pk": c["gc"].pk}, json=True),
    Case("building-list", ALL, json=True),
    Case(
        "building-list",
        ADMIN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "name": "9栋", "floors": 2},
    ),
    Case("building-detail", ALL, kwargs=lambda c: {"pk": c["building"].pk}, json=True),
    Case("person-list", ALL, json=True),
    Case("person-detail", ALL, kwargs=lambda c: {"pk": c["person"].pk}, json=True),
    Case("person-me", ALL, json=True),
    Case(
        "person-list",
        ADMIN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "username": f"api_{c['me'].username}",
            "full_name": "新同事",
            "password": "Test-Passw0rd!",
            "role": Role.DEPT_STAFF,
            "site": c["site"].pk,
            "department": c["gc"].pk,
        },
    ),
    Case("role-assignment-list", ALL, json=True),
    Case(
        "role-assignment-list",
        ADMIN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"user": c["person"].pk, "role": Role.AUDITOR, "site": c["site"].pk},
    ),
    Case(
        "role-assignment-detail",
        ADMIN,
        "delete",
        ok=(204,),
        json=True,
        kwargs=lambda c: {"pk": c["assignment"].pk},
    ),
    Case("calendar-override-list", ALL, json=True),
    Case(
        "calendar-override-list",
        ADMIN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "date": "2026-12-28", "kind": "holiday"},
    ),
    Case("calendar-override-detail", ALL, kwargs=lambda c: {"pk": c["override"].pk}, json=True),
    Case(
        "calendar-override-detail",
        ADMIN,
        "delete",
        ok=(204,),
        json=True,
        kwargs=lambda c: {"pk": c["override"].pk},
    ),
    Case("api-add-working-days", ALL, json=True, query="?start=2026-02-13T09:00:00%2B08:00&days=2"),
    Case("api-working-day", ALL, json=True, query="?date=2026-02-14"),
    Case("notification-list", ALL, json=True),
    Case("notification-mark-read", ALL, "post", json=True, data=lambda c: {}),
    Case("audit-event-list", AUDIT, json=True),
    Case(
        "api-token",
        ALL,
        "post",
        json=True,
        data=lambda c: {"username": c["me"].username, "password": "Test-Passw0rd!"},
    ),
]


def mr_objects(ctx, people, needs):
    """Machine-room records: the site's room always; a request waiting for the head (asked by
    the 工程部 head, escorted by the maintainer), an approved visit and construction, and a
    visitor inside on the approved visit."""
    from django.utils import timezone

    from infocenter.machineroom.models import MachineRoom
    from infocenter.machineroom.services import access as mr

    root = User.objects.get(username="root")
    ctx["room"] = MachineRoom.objects.filter(site=ctx["site"]).first() or mr.add_room(
        root, site=ctx["site"], name="中心机房"
    )
    now = timezone.now()

    def ask(kind="visit"):
        return mr.request_access(
            people[Role.DEPT_HEAD],
            room=ctx["room"],
            kind=kind,
            organisation="重庆电信",
            applicant="王师傅",
            phone="13800138000",
            people=["王师傅"],
            purpose="更换光猫",
            scope="布线",
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=4),
            escort=people[Role.MR_MAINTAINER],
        )

    if "request" in needs:
        ctx["request"] = ask()
    if {"approved", "visit"} & set(needs):
        record = ask()
        ctx["approved"] = mr.approve_request(people[Role.IC_HEAD], record, version=record.version)
    if "construction" in needs:
        record = ask("construction")
        ctx["construction"] = mr.approve_request(
            people[Role.IC_HEAD], record, version=record.version
        )
    if {"visit", "item"} & set(needs):
        record = ctx.get("approved")
        if record is None:
            asked = ask()
            record = mr.approve_request(people[Role.IC_HEAD], asked, version=asked.version)
        ctx["visit"] = mr.sign_in_visitor(people[Role.MR_MAINTAINER], request=record, name="王师傅")
    from infocenter.machineroom.services import security

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    if {"key", "issued_key", "lost_key"} & set(needs):
        ctx["key"] = security.add_key(
            maintainer, site=ctx["site"], label="机房正门钥匙", opens="机房正门"
        )
    if "issued_key" in needs:
        ctx["key"] = security.hand_over_key(
            maintainer, ctx["key"], version=ctx["key"].version, to=maintainer
        )
    if "lost_key" in needs:
        security.report_key_lost(
            maintainer, ctx["key"], version=ctx["key"].version, description="遗失", remedy="换锁"
        )
        ctx["key"].refresh_from_db()
    if "credential" in needs:
        ctx["credential"] = security.add_credential(
            head,
            site=ctx["site"],
            system="核心交换机",
            account="admin",
            level="admin",
            custodian=head,
            last_rotated_on=dt.date(2026, 10, 1),
        )
    if "report" in needs:
        ctx["report"] = security.report_security(
            maintainer,
            site=ctx["site"],
            kind="weakness",
            description="机房后门门禁失灵",
            remedy="报修门禁",
        )
    if "item" in needs:
        ctx["item"] = mr.record_item(
            people[Role.MR_MAINTAINER], visit=ctx["visit"], direction="out", description="旧光猫"
        )
    needs = set(needs)
    _mr11_objects(ctx, people, needs)
    if any(n.startswith("change") for n in needs):
        change_objects(ctx, people, needs)
    _equipment_objects(ctx, people, needs)
    _duty_objects(ctx, people, needs)
    _inspection_objects(ctx, people, needs)


def _mr11_objects(ctx, people, needs):
    """Backups and data access (MR-11): a daily job looked after by the maintainer, a failed day
    (its alert), a restore test, a data-access request waiting for the head and an approved one."""
    from django.utils import timezone

    from infocenter.machineroom.services import backups, data_access

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    if {"backup_job", "backup_result", "backup_alert", "restore_test"} & needs:
        ctx["backup_job"] = backups.add_backup_job(
            head,
            site=ctx["site"],
            name="收费系统数据库每日备份",
            system="收费系统数据库",
            content="全库备份",
            location="NAS-01",
            custodian=maintainer,
            started_on=timezone.localdate() - dt.timedelta(days=10),
        )
    if {"backup_result", "backup_alert"} & needs:
        ctx["backup_result"] = backups.record_backup_result(
            maintainer,
            job=ctx["backup_job"],
            day=timezone.localdate() - dt.timedelta(days=2),
            outcome="failed",
        )
        ctx["backup_alert"] = ctx["backup_job"].alerts.get()
    if "restore_test" in needs:
        ctx["restore_test"] = backups.record_restore_test(
            maintainer,
            job=ctx["backup_job"],
            tested_on=timezone.localdate(),
            restored="全库备份",
            target="TEST-01",
            outcome="passed",
            verification="核对记录数",
            duration_minutes=30,
        )
    if {"data_request", "data_approved"} & needs:
        ctx["data_request"] = data_access.request_data_access(
            people[Role.DEPT_HEAD],
            site=ctx["site"],
            organisation="区公安分局",
            applicant="李警官",
            phone="110",
            purpose="调查",
            items=["3 栋监控录像"],
        )
    if "data_approved" in needs:
        ctx["data_request"] = data_access.approve_data_request(
            head, ctx["data_request"], version=ctx["data_request"].version
        )


def _equipment_objects(ctx, people, needs):
    """Equipment-ledger records (MR-13): a spare board, a loan waiting for the head, an approved
    one, one handed out, a procurement and a consumption report."""
    from decimal import Decimal

    from django.utils import timezone

    from infocenter.machineroom.rules.equipment import LedgerLine, PurchaseLine
    from infocenter.machineroom.services import equipment as eq
    from infocenter.machineroom.services import loans

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    if not needs & {"equipment", "loan", "approved_loan", "lent_loan", "procurement", "eq_report"}:
        return
    ctx["equipment"] = eq.add_equipment(
        maintainer,
        site=ctx["site"],
        line=LedgerLine(category="spare", name="主控板", serial="BD-1", quantity=1),
    )
    toner = eq.add_equipment(
        maintainer,
        site=ctx["site"],
        line=LedgerLine(category="consumable", name="硒鼓", quantity=5),
    )
    if needs & {"loan", "approved_loan", "lent_loan"}:
        loan = loans.request_loan(
            maintainer,
            site=ctx["site"],
            lines=[(ctx["equipment"], 1)],
            purpose="调试",
            borrower=people[Role.DEPT_HEAD],
            due_on=timezone.localdate(),
        )
        if needs & {"approved_loan", "lent_loan"}:
            loan = loans.approve_loan(head, loan, version=loan.version)
        if "lent_loan" in needs:
            loan = loans.hand_out_loan(maintainer, loan, version=loan.version)
        ctx["loan"] = loan
    if "procurement" in needs:
        ctx["procurement"] = eq.record_procurement(
            maintainer,
            site=ctx["site"],
            supplier="供应商",
            purchased_on=timezone.localdate(),
            received_by=maintainer,
            lines=[PurchaseLine(into=toner, quantity=1, unit_price=Decimal("10"))],
        )
    if "eq_report" in needs:
        toner.refresh_from_db()  # a purchase may have added to it
        ctx["eq_report"] = eq.report_equipment(
            maintainer, toner, version=toner.version, kind="consumption", description="打印"
        )


def _duty_objects(ctx, people, needs):
    """Duty records (MR-1, MR-5, MR-6): today's roster (the maintainer on duty, IT staff on call),
    its done checklist, a closing, an alert, a fire alarm and a power outage called out, and power
    and fire-system requests by the 工程部 head."""
    from django.utils import timezone

    from infocenter.machineroom.models import DutyAlert
    from infocenter.machineroom.services import access as mr
    from infocenter.machineroom.services import duty, safety

    head, maintainer, today = people[Role.IC_HEAD], people[Role.MR_MAINTAINER], timezone.localdate()
    if {"roster", "duty_check", "alert"} & set(needs):
        days = duty.plan_roster(
            head,
            room=ctx["room"],
            start=today,
            end=today + dt.timedelta(days=1),
            people=[maintainer, people[Role.IT_STAFF]],
            on_call=[people[Role.IT_STAFF]],
        )
        ctx["roster"], ctx["roster2"] = days
    if "duty_check" in needs:
        ctx["duty_check"] = duty.record_duty_check(
            maintainer,
            ctx["roster"],
            version=ctx["roster"].version,
            results={c: (True, "") for c in _duty_items()},
        )
    if "closing" in needs:
        other_room = mr.add_room(head, site=ctx["site"], name="弱电间")  # nobody inside there
        ctx["closing"] = duty.record_closing(
            maintainer, room=other_room, results={c: (True, "") for c in _closing_items()}
        )
    if "alert" in needs:
        duty.check_day(ctx["site"], timezone.now())
        ctx["alert"] = DutyAlert.objects.first()
    for need, kind in (("event", "fire"), ("outage", "power_outage")):
        if need in needs:
            ctx[need] = safety.report_event(
                maintainer, room=ctx["room"], kind=kind, description="演练"
            )
    now = timezone.now()
    period = {"starts_at": now + dt.timedelta(hours=1), "ends_at": now + dt.timedelta(hours=4)}
    if {"power", "approved_power"} & set(needs):
        ctx["power"] = safety.request_power(
            people[Role.DEPT_HEAD],
            room=ctx["room"],
            equipment="热风机",
            watts=2000,
            supply="检修箱",
            reason="除湿",
            lines_checked=True,
            **period,
        )
    if "approved_power" in needs:
        ctx["power"] = safety.approve_permit(head, ctx["power"], version=ctx["power"].version)
    if {"fire", "approved_fire"} & set(needs):
        ctx["fire"] = safety.request_fire_change(
            people[Role.DEPT_HEAD],
            room=ctx["room"],
            kind="state",
            equipment="气体灭火控制器",
            current="自动",
            proposed="手动",
            reason="施工",
            safeguards="专人值守",
            **period,
        )
    if "approved_fire" in needs:
        ctx["fire"] = safety.approve_permit(head, ctx["fire"], version=ctx["fire"].version)


def _duty_items():
    from infocenter.machineroom.choices import DutyItem

    return DutyItem.values


def _closing_items():
    from infocenter.machineroom.choices import ClosingItem

    return ClosingItem.values


def _jpeg():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def _inspection_objects(ctx, people, needs):
    """MR-9 records: a checklist with a reading and a check, its schedule, an open round (one
    with a photo), an alarm (responded) and a fault (checked, reported)."""
    from infocenter.machineroom.services import incidents, inspections

    maintainer, site, needs = people[Role.MR_MAINTAINER], ctx["site"], set(needs)
    if needs & {"checklist", "schedule", "paused_schedule", "round", "photo_round"}:
        c = inspections.add_checklist(
            maintainer, site=site, name="机房日常巡检", target="area", room=ctx["room"]
        )
        inspections.add_checklist_item(
            maintainer,
            c,
            version=c.version,
            label="温度",
            kind="reading",
            unit="°C",
            min_value=18,
            max_value=27,
        )
        c.refresh_from_db()
        ctx["check_item"] = inspections.add_checklist_item(
            maintainer, c, version=c.version, label="UPS", kind="check"
        )
        c.refresh_from_db()
        ctx["checklist"] = c
    if needs & {"schedule", "paused_schedule"}:
        ctx["schedule"] = inspections.add_schedule(
            maintainer, checklist=ctx["checklist"], name="每日巡检", rule="FREQ=DAILY;BYHOUR=8"
        )
    if "paused_schedule" in needs:
        ctx["schedule"] = inspections.set_schedule_active(
            maintainer, ctx["schedule"], version=ctx["schedule"].version, active=False
        )
    if needs & {"round", "photo_round"}:
        ctx["round"] = inspections.start_round(maintainer, checklist=ctx["checklist"])
    if "photo_round" in needs:
        ctx["result"] = ctx["round"].results.get(label="UPS")
        ctx["round"] = inspections.record_results(
            maintainer,
            ctx["round"],
            version=ctx["round"].version,
            entries={ctx["result"].pk: {"outcome": "pass", "photo": _jpeg()}},
        )
    if needs & {"alarm", "responded_alarm"}:
        ctx["alarm"] = incidents.log_alarm(
            maintainer, site=site, device="核心交换机", text="风扇故障", severity="major"
        )
    if "responded_alarm" in needs:
        ctx["alarm"] = incidents.respond_to_alarm(
            maintainer, ctx["alarm"], version=ctx["alarm"].version, response="更换风扇"
        )
    if needs & {"fault", "checked_fault", "reported_fault"}:
        ctx["fault"] = incidents.log_fault(
            maintainer,
            site=site,
            kind="line",
            description="专线中断",
            local_findings="光猫 LOS 红灯" if needs - {"fault"} else "",
        )
    if "reported_fault" in needs:
        ctx["fault"] = incidents.report_upstream(
            maintainer, ctx["fault"], version=ctx["fault"].version, upstream_unit="中国电信"
        )


MR_VIEW = frozenset(
    {Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF, Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM}
)
MR_DESK = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF})
MR_APPROVE = frozenset({Role.IC_HEAD})
MR_REQUEST = ALL - {Role.AUDITOR}
MR_MANAGE = frozenset({Role.IC_HEAD, Role.SYSADMIN})
MR_REQUEST_SEEN = MR_VIEW | {Role.DEPT_HEAD}  # the site's registers, and the person who asked
MR_CHECKLISTS = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER})


def _request_data(c):
    return {
        "room": c["room"].pk,
        "kind": "visit",
        "organisation": "电信",
        "applicant": "王",
        "phone": "10000",
        "people": "王师傅",
        "purpose": "巡检",
        "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T11:00",
        "escort": c["me"].pk,
    }


def _request_json(c):
    return {
        **_request_data(c),
        "people": ["王师傅"],
        "starts_at": "2026-12-01T09:00:00+08:00",
        "ends_at": "2026-12-01T11:00:00+08:00",
    }


def _ledger_sheet():
    from tests.machineroom.test_equipment_import import sheet

    return sheet([{"category": "spare", "name": "电源模块"}])


def _line_data(c):
    return {
        "version": c["equipment"].version,
        "category": "spare",
        "name": "主控板",
        "serial": "BD-1",
        "quantity": 1,
        "status": "in_use",
        "location": "B2",
    }


def _loan_data(c):
    return {
        "site": c["site"].pk,
        "borrower": c["head"].pk,
        "purpose": "调试",
        "due_on": "2030-01-01",
    }


LOAN_SEEN = MR_VIEW | {Role.DEPT_HEAD}  # the site's registers, and the borrower
EQ = lambda c: {"pk": c["equipment"].pk}  # noqa: E731
LOAN = lambda c: {"pk": c["loan"].pk}  # noqa: E731
LOAN_VERSION = lambda c: {"version": c["loan"].version}  # noqa: E731

EQUIPMENT_CASES = [
    Case("machineroom:equipment", MR_VIEW),
    Case("machineroom:equipment_new", MR_DESK),
    Case(
        "machineroom:equipment_new",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "category": "spare",
            "name": "电源模块",
            "quantity": 1,
            "status": "spare",
        },
    ),
    Case("machineroom:equipment_print", MR_VIEW),
    Case("machineroom:equipment_export", MR_VIEW),
    Case("machineroom:equipment_template", MR_VIEW),
    Case("machineroom:equipment_import", MR_DESK),
    Case(
        "machineroom:equipment_import",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "file": _ledger_sheet()},
    ),
    Case("machineroom:equipment_item", MR_VIEW, needs=("equipment",), kwargs=EQ),
    Case(
        "machineroom:equipment_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("equipment",),
        kwargs=lambda c: {"pk": c["equipment"].pk, "step": "edit"},
        data=_line_data,
    ),
    Case(
        "machineroom:equipment_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("equipment",),
        kwargs=lambda c: {"pk": c["equipment"].pk, "step": "dispose"},
        data=lambda c: {"version": c["equipment"].version, "reason": "报废"},
    ),
    Case("machineroom:loans", MR_VIEW),
    Case("machineroom:loan_new", MR_DESK),
    Case(
        "machineroom:loan_new",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("equipment",),
        data=lambda c: {
            **_loan_data(c),
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": c["equipment"].pk,
            "lines-0-quantity": 1,
        },
    ),
    Case("machineroom:loan", LOAN_SEEN, needs=("loan",), kwargs=LOAN),
    Case("machineroom:loan_print", LOAN_SEEN, needs=("loan",), kwargs=LOAN),
    Case(
        "machineroom:loan_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("loan",),
        kwargs=lambda c: {"pk": c["loan"].pk, "step": "approve"},
        data=LOAN_VERSION,
    ),
    Case(
        "machineroom:loan_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("approved_loan",),
        kwargs=lambda c: {"pk": c["loan"].pk, "step": "hand_out"},
        data=LOAN_VERSION,
    ),
    Case("machineroom:procurements", MR_VIEW),
    Case("machineroom:procurement_new", MR_DESK),
    Case(
        "machineroom:procurement_new",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "supplier": "供应商",
            "purchased_on": "2026-01-05",
            "received_by": c["head"].pk,
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-category": "consumable",
            "lines-0-name": "扎带",
            "lines-0-quantity": 2,
            "lines-0-unit_price": "5",
        },
    ),
    Case(
        "machineroom:procurement",
        MR_VIEW,
        needs=("procurement",),
        kwargs=lambda c: {"pk": c["procurement"].pk},
    ),
    Case("machineroom:equipment_reports", MR_VIEW),
    Case("mr-equipment-list", ALL, json=True),
    Case(
        "mr-equipment-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "category": "spare", "name": "电源模块"},
    ),
    Case("mr-equipment-detail", MR_VIEW, json=True, needs=("equipment",), kwargs=EQ),
    Case(
        "mr-equipment-detail",
        MR_DESK,
        "put",
        json=True,
        needs=("equipment",),
        kwargs=EQ,
        data=_line_data,
    ),
    Case(
        "mr-equipment-dispose",
        MR_APPROVE,
        "post",
        json=True,
        needs=("equipment",),
        kwargs=EQ,
        data=lambda c: {"version": c["equipment"].version, "reason": "报废"},
    ),
    Case(
        "mr-equipment-report",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("equipment",),
        kwargs=EQ,
        data=lambda c: {
            "version": c["equipment"].version,
            "kind": "loss",
            "description": "丢失",
            "responsible": c["head"].pk,
        },
    ),
    Case(
        "mr-equipment-import-file",
        MR_DESK,
        "post",
        ok=(201,),
        data=lambda c: {"site": c["site"].pk, "file": _ledger_sheet()},
    ),
    Case("mr-equipment-export", MR_VIEW, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("mr-equipment-report-list", ALL, json=True),
    Case(
        "mr-equipment-report-detail",
        MR_VIEW,
        json=True,
        needs=("eq_report",),
        kwargs=lambda c: {"pk": c["eq_report"].pk},
    ),
    Case("mr-loan-list", ALL, json=True),
    Case(
        "mr-loan-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("equipment",),
        data=lambda c: {**_loan_data(c), "lines": [{"equipment": c["equipment"].pk}]},
    ),
    Case("mr-loan-detail", LOAN_SEEN, json=True, needs=("loan",), kwargs=LOAN),
    Case(
        "mr-loan-approve",
        MR_APPROVE,
        "post",
        json=True,
        needs=("loan",),
        kwargs=LOAN,
        data=LOAN_VERSION,
    ),
    Case(
        "mr-loan-refuse",
        MR_APPROVE,
        "post",
        json=True,
        needs=("loan",),
        kwargs=LOAN,
        data=lambda c: {"version": c["loan"].version, "note": "不同意"},
    ),
    Case(
        "mr-loan-hand-out",
        MR_DESK,
        "post",
        json=True,
        needs=("approved_loan",),
        kwargs=LOAN,
        data=LOAN_VERSION,
    ),
    Case(
        "mr-loan-return",
        MR_DESK,
        "post",
        json=True,
        needs=("lent_loan",),
        kwargs=LOAN,
        data=LOAN_VERSION,
    ),
    Case(
        "mr-loan-cancel",
        MR_DESK,
        "post",
        json=True,
        needs=("loan",),
        kwargs=LOAN,
        data=LOAN_VERSION,
    ),
    Case("mr-procurement-list", ALL, json=True),
    Case(
        "mr-procurement-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "supplier": "供应商",
            "purchased_on": "2026-01-05",
            "received_by": c["head"].pk,
            "lines": [{"category": "consumable", "name": "扎带", "quantity": 2, "unit_price": "5"}],
        },
    ),
    Case(
        "mr-procurement-detail",
        MR_VIEW,
        json=True,
        needs=("procurement",),
        kwargs=lambda c: {"pk": c["procurement"].pk},
    ),
]


MR_CASES = [
    Case("machineroom:desk", MR_VIEW),
    Case(
        "machineroom:sign_in_staff",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {"room": c["room"].pk},
    ),
    Case(
        "machineroom:sign_in_visitor",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("approved",),
        data=lambda c: {"request": c["approved"].pk, "name": "王师傅"},
    ),
    Case(
        "machineroom:refusal",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "room": c["room"].pk,
            "name": "陌生人",
            "reason": "无审批",
        },
    ),
    Case(
        "machineroom:sign_out",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("visit",),
        kwargs=lambda c: {"pk": c["visit"].pk},
        data=lambda c: {"version": c["visit"].version},
    ),
    Case("machineroom:requests", ALL),
    Case("machineroom:request_new", MR_REQUEST),
    Case("machineroom:request_new", MR_REQUEST, "post", ok=(302,), data=_request_data),
    Case("machineroom:request_phone", MR_DESK),
    Case(
        "machineroom:request",
        MR_REQUEST_SEEN,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
    ),
    Case(
        "machineroom:request_print",
        MR_REQUEST_SEEN,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
    ),
    Case(
        "machineroom:request_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk, "step": "approve"},
        data=lambda c: {"version": c["request"].version},
    ),
    Case("machineroom:approvals", MR_APPROVE),
    Case(
        "machineroom:approvals_approve", MR_APPROVE, "post", ok=(302,), data=lambda c: {"item": []}
    ),
    Case("machineroom:log", MR_VIEW),
    Case("machineroom:log_print", MR_VIEW),
    Case("machineroom:log_export", MR_VIEW),
    Case("machineroom:items", MR_VIEW),
    Case(
        "machineroom:item_new",
        MR_DESK,
        needs=("visit",),
        extra_query=lambda c: f"?visit={c['visit'].pk}",
    ),
    Case("machineroom:items_print", MR_VIEW),
    Case("machineroom:items_export", MR_VIEW),
    Case("machineroom:rooms", MR_MANAGE),
    Case("mr-room-list", ALL, json=True),
    Case(
        "mr-room-list",
        MR_MANAGE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "name": f"机房{c['me'].pk}"},
    ),
    Case("mr-room-detail", MR_REQUEST, json=True, kwargs=lambda c: {"pk": c["room"].pk}),
    Case("mr-request-list", ALL, json=True),
    Case("mr-request-list", MR_REQUEST, "post", ok=(201,), json=True, data=_request_json),
    Case(
        "mr-request-detail",
        MR_REQUEST_SEEN,
        json=True,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
    ),
    Case(
        "mr-request-approve",
        MR_APPROVE,
        "post",
        json=True,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
        data=lambda c: {"version": c["request"].version},
    ),
    Case(
        "mr-request-refuse",
        MR_APPROVE,
        "post",
        json=True,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
        data=lambda c: {"version": c["request"].version, "note": "不同意"},
    ),
    Case(
        "mr-request-cancel",
        MR_DESK | {Role.DEPT_HEAD},
        "post",
        json=True,
        needs=("request",),
        kwargs=lambda c: {"pk": c["request"].pk},
        data=lambda c: {"version": c["request"].version},
    ),
    Case(
        "mr-request-close",
        MR_DESK,
        "post",
        json=True,
        needs=("approved",),
        kwargs=lambda c: {"pk": c["approved"].pk},
        data=lambda c: {"version": c["approved"].version},
    ),
    Case(
        "mr-request-release",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("construction",),
        kwargs=lambda c: {"pk": c["construction"].pk},
        data=lambda c: {"version": c["construction"].version, "note": "已清理"},
    ),
    Case(
        "mr-request-phone",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "room": c["room"].pk,
            "organisation": "电信",
            "applicant": "赵",
            "phone": "10000",
            "people": ["赵工"],
            "purpose": "光缆中断",
            "head": c["head"].pk,
            "ends_at": "2030-01-01T10:00:00+08:00",
            "escort": c["me"].pk,
        },
    ),
    Case("mr-visit-list", ALL, json=True),
    Case(
        "mr-visit-detail",
        MR_VIEW,
        json=True,
        needs=("visit",),
        kwargs=lambda c: {"pk": c["visit"].pk},
    ),
    Case("mr-visit-inside", MR_VIEW, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "mr-visit-staff",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"room": c["room"].pk},
    ),
    Case(
        "mr-visit-visitor",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("approved",),
        data=lambda c: {"request": c["approved"].pk, "name": "王师傅"},
    ),
    Case(
        "mr-visit-refusal",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"room": c["room"].pk, "name": "陌生人", "reason": "无审批"},
    ),
    Case(
        "mr-visit-sign-out",
        MR_DESK,
        "post",
        json=True,
        needs=("visit",),
        kwargs=lambda c: {"pk": c["visit"].pk},
        data=lambda c: {"version": c["visit"].version},
    ),
    Case("mr-item-list", ALL, json=True),
    Case(
        "mr-item-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("visit",),
        data=lambda c: {"visit": c["visit"].pk, "direction": "out", "description": "旧光猫"},
    ),
    Case(
        "mr-item-detail", MR_VIEW, json=True, needs=("item",), kwargs=lambda c: {"pk": c["item"].pk}
    ),
    Case("mr-approvals", MR_APPROVE, json=True),
    Case("machineroom:keys", MR_VIEW),
    Case(
        "machineroom:key_new",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "label": "机柜钥匙", "opens": "机柜 A1"},
    ),
    Case(
        "machineroom:key_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("key",),
        kwargs=lambda c: {"pk": c["key"].pk, "step": "hand_over"},
        data=lambda c: {"version": c["key"].version, "to": c["head"].pk},
    ),
    Case("machineroom:credentials", MR_VIEW),
    Case(
        "machineroom:credential_new",
        MR_APPROVE,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "system": "防火墙",
            "account": "admin",
            "level": "admin",
            "custodian": c["head"].pk,
            "last_rotated_on": "2026-10-01",
            "rotate_every_days": 90,
        },
    ),
    Case(
        "machineroom:credential_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("credential",),
        kwargs=lambda c: {"pk": c["credential"].pk, "step": "rotate"},
        data=lambda c: {"version": c["credential"].version},
    ),
    Case("machineroom:reports", MR_VIEW),
    Case(
        "machineroom:reports",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "kind": "weakness",
            "description": "门禁失灵",
            "remedy": "报修",
        },
    ),
    Case("machineroom:report", MR_VIEW, needs=("report",), kwargs=lambda c: {"pk": c["report"].pk}),
    Case(
        "machineroom:report",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("report",),
        kwargs=lambda c: {"pk": c["report"].pk},
        data=lambda c: {"version": c["report"].version},
    ),
    Case(
        "machineroom:report_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("report",),
        kwargs=lambda c: {"pk": c["report"].pk, "step": "acknowledge"},
        data=lambda c: {"version": c["report"].version},
    ),
    Case("mr-key-list", ALL, json=True),
    Case(
        "mr-key-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "label": "机柜钥匙", "opens": "机柜 A1"},
    ),
    Case("mr-key-detail", MR_VIEW, json=True, needs=("key",), kwargs=lambda c: {"pk": c["key"].pk}),
    Case(
        "mr-key-hand-over",
        MR_DESK,
        "post",
        json=True,
        needs=("key",),
        kwargs=lambda c: {"pk": c["key"].pk},
        data=lambda c: {"version": c["key"].version, "to": c["head"].pk},
    ),
    Case(
        "mr-key-return",
        MR_DESK,
        "post",
        json=True,
        needs=("issued_key",),
        kwargs=lambda c: {"pk": c["key"].pk},
        data=lambda c: {"version": c["key"].version},
    ),
    Case(
        "mr-key-lost",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("key",),
        kwargs=lambda c: {"pk": c["key"].pk},
        data=lambda c: {"version": c["key"].version, "description": "遗失", "remedy": "换锁"},
    ),
    Case(
        "mr-key-found",
        MR_DESK,
        "post",
        json=True,
        needs=("lost_key",),
        kwargs=lambda c: {"pk": c["key"].pk},
        data=lambda c: {"version": c["key"].version},
    ),
    Case("mr-credential-list", ALL, json=True),
    Case(
        "mr-credential-list",
        MR_APPROVE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "system": "防火墙",
            "account": "admin",
            "level": "admin",
            "custodian": c["head"].pk,
            "last_rotated_on": "2026-10-01",
        },
    ),
    Case(
        "mr-credential-detail",
        MR_VIEW,
        json=True,
        needs=("credential",),
        kwargs=lambda c: {"pk": c["credential"].pk},
    ),
    Case(
        "mr-credential-rotate",
        MR_APPROVE,
        "post",
        json=True,
        needs=("credential",),
        kwargs=lambda c: {"pk": c["credential"].pk},
        data=lambda c: {"version": c["credential"].version},
    ),
    Case(
        "mr-credential-custodian",
        MR_APPROVE,
        "post",
        json=True,
        needs=("credential",),
        kwargs=lambda c: {"pk": c["credential"].pk},
        data=lambda c: {"version": c["credential"].version, "custodian": c["head"].pk},
    ),
    Case(
        "mr-credential-retire",
        MR_APPROVE,
        "post",
        json=True,
        needs=("credential",),
        kwargs=lambda c: {"pk": c["credential"].pk},
        data=lambda c: {"version": c["credential"].version},
    ),
    Case("mr-report-list", ALL, json=True),
    Case(
        "mr-report-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "kind": "weakness",
            "description": "门禁失灵",
            "remedy": "报修",
        },
    ),
    Case(
        "mr-report-detail",
        MR_VIEW,
        json=True,
        needs=("report",),
        kwargs=lambda c: {"pk": c["report"].pk},
    ),
    Case(
        "mr-report-acknowledge",
        MR_APPROVE,
        "post",
        json=True,
        needs=("report",),
        kwargs=lambda c: {"pk": c["report"].pk},
        data=lambda c: {"version": c["report"].version},
    ),
    *EQUIPMENT_CASES,
]

# Backups and data access (MR-11): the register is read by the information center, the auditor
# and the branch; results and restore tests by information-center staff; jobs and decisions by
# the head; an alert is dealt with by the job's custodian (the maintainer) or the head.
MR_CUSTODIAN = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER})


def _job_data(c):
    return {
        "site": c["site"].pk,
        "name": f"备份{c['me'].pk}",
        "system": "门禁系统",
        "content": "刷卡记录",
        "frequency": "daily",
        "location": "NAS-01",
        "important": "on",
        "encrypted": "on",
        "custodian": c["head"].pk,
        "restore_every_days": 90,
    }


def _result_data(c):
    return {
        "day": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "outcome": "success",
        "size": "1 GB",
        "encrypted": "on",
    }


def _restore_data(c):
    return {
        "tested_on": dt.date.today().isoformat(),
        "restored": "全库备份",
        "target": "TEST-01",
        "outcome": "passed",
        "verification": "核对记录数",
        "duration_minutes": 30,
    }


def _correct_data(c):
    return {
        "version": c["backup_result"].version,
        "reason": "补录大小",
        "outcome": "success",
        "size": "1 GB",
        "encrypted": "on",
    }


def _data_request_json(c):
    return {
        "site": c["site"].pk,
        "organisation": "区公安分局",
        "applicant": "李警官",
        "phone": "110",
        "purpose": "调查",
        "items": ["3 栋监控录像"],
    }


def _job_pk(c):
    return {"pk": c["backup_job"].pk}


def _dr_pk(c):
    return {"pk": c["data_request"].pk}


MR_CASES += [
    Case("machineroom:backups", MR_VIEW),
    Case("machineroom:backup_job_new", MR_APPROVE, "post", ok=(302,), data=_job_data),
    Case("machineroom:backups_print", MR_VIEW),
    Case("machineroom:backup_history", MR_VIEW),
    Case("machineroom:round_findings", MR_VIEW),
    Case("machineroom:round_findings", MR_VIEW, query="?ordered=true"),
    Case("machineroom:backup_history", MR_VIEW, query="?show=missing"),
    Case("machineroom:backup_history", MR_VIEW, query="?show=restores&outcome=failed"),
    Case("machineroom:backups_export", MR_VIEW),
    Case("machineroom:backup_job", MR_VIEW, needs=("backup_job",), kwargs=_job_pk),
    Case(
        "machineroom:backup_result_new",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("backup_job",),
        kwargs=_job_pk,
        data=_result_data,
    ),
    Case(
        "machineroom:restore_test_new",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("backup_job",),
        kwargs=_job_pk,
        data=_restore_data,
    ),
    Case(
        "machineroom:backup_job_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("backup_job",),
        kwargs=lambda c: {"pk": c["backup_job"].pk, "step": "retire"},
        data=lambda c: {"version": 1},
    ),
    Case(
        "machineroom:backup_result_correct",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("backup_result",),
        kwargs=lambda c: {"pk": c["backup_result"].pk},
        data=_correct_data,
    ),
    Case(
        "machineroom:backup_alert_handle",
        MR_CUSTODIAN,
        "post",
        ok=(302,),
        needs=("backup_alert",),
        kwargs=lambda c: {"pk": c["backup_alert"].pk},
        data=lambda c: {"version": c["backup_alert"].version, "handling": "已补做"},
    ),
    Case("machineroom:data_requests", ALL),
    Case("machineroom:data_request_new", MR_REQUEST),
    Case(
        "machineroom:data_request_new",
        MR_REQUEST,
        "post",
        ok=(302,),
        data=lambda c: {**_data_request_json(c), "items": "3 栋监控录像"},
    ),
    Case("machineroom:data_requests_export", ALL, needs=("data_request",)),
    Case("machineroom:data_request", MR_REQUEST_SEEN, needs=("data_request",), kwargs=_dr_pk),
    Case("machineroom:data_request_print", MR_REQUEST_SEEN, needs=("data_request",), kwargs=_dr_pk),
    Case(
        "machineroom:data_request_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("data_request",),
        kwargs=lambda c: {"pk": c["data_request"].pk, "step": "approve"},
        data=lambda c: {"version": c["data_request"].version, "approved_items": ["1"]},
    ),
    Case("mr-backup-job-list", ALL, json=True),
    Case(
        "mr-backup-job-list",
        MR_APPROVE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {**_job_data(c), "important": True, "encrypted": True},
    ),
    Case("mr-backup-job-detail", MR_VIEW, json=True, needs=("backup_job",), kwargs=_job_pk),
    Case(
        "mr-backup-job-edit",
        MR_APPROVE,
        "post",
        json=True,
        needs=("backup_job",),
        kwargs=_job_pk,
        data=lambda c: {"version": c["backup_job"].version, "retention": "保留 30 天"},
    ),
    Case(
        "mr-backup-job-retire",
        MR_APPROVE,
        "post",
        json=True,
        needs=("backup_job",),
        kwargs=_job_pk,
        data=lambda c: {"version": c["backup_job"].version},
    ),
    Case("mr-backup-result-list", ALL, json=True),
    Case(
        "mr-backup-result-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("backup_job",),
        data=lambda c: {**_result_data(c), "job": c["backup_job"].pk, "encrypted": True},
    ),
    Case(
        "mr-backup-result-detail",
        MR_VIEW,
        json=True,
        needs=("backup_result",),
        kwargs=lambda c: {"pk": c["backup_result"].pk},
    ),
    Case(
        "mr-backup-result-correct",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("backup_result",),
        kwargs=lambda c: {"pk": c["backup_result"].pk},
        data=lambda c: {**_correct_data(c), "encrypted": True},
    ),
    Case("mr-backup-alert-list", ALL, json=True),
    Case(
        "mr-backup-alert-detail",
        MR_VIEW,
        json=True,
        needs=("backup_alert",),
        kwargs=lambda c: {"pk": c["backup_alert"].pk},
    ),
    Case(
        "mr-backup-alert-handle",
        MR_CUSTODIAN,
        "post",
        json=True,
        needs=("backup_alert",),
        kwargs=lambda c: {"pk": c["backup_alert"].pk},
        data=lambda c: {"version": c["backup_alert"].version, "handling": "已补做"},
    ),
    Case("mr-restore-test-list", ALL, json=True),
    Case(
        "mr-restore-test-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("backup_job",),
        data=lambda c: {**_restore_data(c), "job": c["backup_job"].pk},
    ),
    Case(
        "mr-restore-test-detail",
        MR_VIEW,
        json=True,
        needs=("restore_test",),
        kwargs=lambda c: {"pk": c["restore_test"].pk},
    ),
    Case("mr-data-request-list", ALL, json=True),
    Case("mr-data-request-list", MR_REQUEST, "post", ok=(201,), json=True, data=_data_request_json),
    Case(
        "mr-data-request-detail", MR_REQUEST_SEEN, json=True, needs=("data_request",), kwargs=_dr_pk
    ),
    Case(
        "mr-data-request-approve",
        MR_APPROVE,
        "post",
        json=True,
        needs=("data_request",),
        kwargs=_dr_pk,
        data=lambda c: {"version": c["data_request"].version},
    ),
    Case(
        "mr-data-request-refuse",
        MR_APPROVE,
        "post",
        json=True,
        needs=("data_request",),
        kwargs=_dr_pk,
        data=lambda c: {"version": c["data_request"].version, "note": "与工作无关"},
    ),
    Case(
        "mr-data-request-fulfil",
        MR_DESK,
        "post",
        json=True,
        needs=("data_approved",),
        kwargs=_dr_pk,
        data=lambda c: {
            "version": c["data_request"].version,
            "handed_to": "李警官",
            "provided": [{"position": 1, "form": "electronic", "extent": "1 段视频"}],
        },
    ),
    Case(
        "mr-data-request-cancel",
        MR_DESK | {Role.DEPT_HEAD},
        "post",
        json=True,
        needs=("data_request",),
        kwargs=_dr_pk,
        data=lambda c: {"version": c["data_request"].version},
    ),
]


# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


def change_objects(ctx, people, needs):
    """Changes written by the maintainer (requester and implementer) in the states the cases need."""
    from django.utils import timezone

    from infocenter.machineroom.rules.changes import ChangeContent
    from infocenter.machineroom.services import changes as mc

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    start = timezone.now() + dt.timedelta(hours=48)

    def propose(kind="normal", submit=True, **extra):
        content = {
            "kind": kind,
            "title": "交换机升级",
            "system": "核心交换机",
            "plan": "升级固件",
            "planned_start": start,
            "planned_end": start + dt.timedelta(hours=1),
            "implementer": maintainer,
            "not_experimental": True,
        }
        content = ChangeContent(**(content | extra))
        return mc.create_change(maintainer, site=ctx["site"], content=content, submit=submit)

    def approved(**extra):
        change = propose(**extra)
        return mc.approve_change(head, change, version=change.version)

    def running(kind="normal"):
        change = propose(kind) if kind == "emergency" else approved()
        change = mc.start_change(maintainer, change, version=change.version)
        mc.record_operation(maintainer, change, text="升级完成")
        return change

    def done_central():
        change = approved(central_data=True)
        change = mc.record_backup(
            maintainer, change, version=change.version, reference="NAS 全库导出"
        )
        change = mc.start_change(maintainer, change, version=change.version)
        mc.record_operation(maintainer, change, text="迁移完成")
        return mc.finish_change(maintainer, change, version=change.version, outcome="success")

    makers = {
        "change": propose,
        "change_draft": lambda: propose(submit=False),
        "change_global": lambda: approved(
            global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
        ),
        "change_central": lambda: approved(central_data=True),
        "change_approved": approved,
        "change_running": running,
        "change_emergency": lambda: running("emergency"),
        "change_done_central": done_central,
        "change_confirmed": lambda: mc.confirm_running(
            maintainer, (d := done_central()), version=d.version
        ),
    }
    for need in needs:
        if need in makers:
            ctx[need] = makers[need]()


CHANGE_OWN = frozenset(
    {Role.MR_MAINTAINER, Role.IC_HEAD}
)  # the requester and implementer, and the head
CHANGE_DOER = frozenset({Role.MR_MAINTAINER})  # the named implementer


def _change_data(c):
    return {
        "site": c["site"].pk,
        "kind": "normal",
        "title": "更换 UPS 电池",
        "system": "UPS",
        "plan": "逐组更换",
        "planned_start": "2030-01-01T09:00",
        "planned_end": "2030-01-01T11:00",
        "implementer": c["maintainer"].pk,
        "not_experimental": "on",
        "submit": "1",
    }


def _change_json(c):
    return {
        **_change_data(c),
        "not_experimental": True,
        "submit": True,
        "planned_start": "2030-01-01T09:00:00+08:00",
        "planned_end": "2030-01-01T11:00:00+08:00",
    }


def _change_case(action, allowed, need, data=lambda c, n: {"version": c[n].version}, ok=(200,)):
    return Case(
        f"mr-change-{action}",
        allowed,
        "post",
        ok=ok,
        json=True,
        needs=(need,),
        kwargs=lambda c: {"pk": c[need].pk},
        data=lambda c: data(c, need),
    )


def _pk(need):
    return lambda c: {"pk": c[need].pk}


MR_CASES += [
    Case("machineroom:changes", MR_VIEW),
    Case("machineroom:change_calendar", MR_VIEW),
    Case("machineroom:change_export", MR_VIEW),
    Case("machineroom:change_register_print", MR_VIEW),
    Case("machineroom:change_new", MR_DESK),
    Case("machineroom:change_new", MR_DESK, "post", ok=(302,), data=_change_data),
    Case("machineroom:change", MR_VIEW, needs=("change",), kwargs=_pk("change")),
    Case(
        "machineroom:change_edit", CHANGE_OWN, needs=("change_draft",), kwargs=_pk("change_draft")
    ),
    Case("machineroom:change_print", MR_VIEW, needs=("change",), kwargs=_pk("change")),
    Case(
        "machineroom:change_notice", MR_VIEW, needs=("change_global",), kwargs=_pk("change_global")
    ),
    Case(
        "machineroom:change_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("change",),
        kwargs=lambda c: {"pk": c["change"].pk, "step": "comment"},
        data=lambda c: {"text": "同意方案"},
    ),
    Case(
        "machineroom:change_step",
        CHANGE_OWN,
        "post",
        ok=(302,),
        needs=("change_approved",),
        kwargs=lambda c: {"pk": c["change_approved"].pk, "step": "reschedule"},
        data=lambda c: {
            "version": c["change_approved"].version,
            "planned_start": "2030-01-02T09:00",
            "planned_end": "2030-01-02T10:00",
        },
    ),
    Case(
        "machineroom:change_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("change",),
        kwargs=lambda c: {"pk": c["change"].pk, "step": "approve"},
        data=lambda c: {"version": c["change"].version},
    ),
    Case("mr-change-list", ALL, json=True),
    Case("mr-change-list", MR_DESK, "post", ok=(201,), json=True, data=_change_json),
    Case("mr-change-detail", MR_VIEW, json=True, needs=("change",), kwargs=_pk("change")),
    Case("mr-change-calendar", MR_VIEW, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    _change_case(
        "edit",
        CHANGE_OWN,
        "change_draft",
        data=lambda c, n: {**_change_json(c), "version": c[n].version},
    ),
    _change_case("submit", CHANGE_OWN, "change_draft"),
    _change_case("comment", MR_DESK, "change", data=lambda c, n: {"text": "同意"}),
    _change_case("approve", MR_APPROVE, "change"),
    _change_case(
        "refuse",
        MR_APPROVE,
        "change",
        data=lambda c, n: {"version": c[n].version, "note": "时间冲突"},
    ),
    _change_case("notify", MR_DESK, "change_global"),
    _change_case(
        "reschedule",
        CHANGE_OWN,
        "change_global",
        data=lambda c, n: {
            "version": c[n].version,
            "planned_start": "2030-01-02T09:00:00+08:00",
            "planned_end": "2030-01-02T10:00:00+08:00",
        },
    ),
    _change_case(
        "backup",
        MR_DESK,
        "change_central",
        data=lambda c, n: {"version": c[n].version, "reference": "NAS 全库导出"},
    ),
    _change_case("start", CHANGE_DOER, "change_approved"),
    _change_case("operation", MR_DESK, "change_running", data=lambda c, n: {"text": "重启完成"}),
    _change_case(
        "finish",
        CHANGE_DOER,
        "change_running",
        data=lambda c, n: {"version": c[n].version, "outcome": "success"},
    ),
    _change_case("ratify", MR_APPROVE, "change_emergency"),
    _change_case("confirm", MR_DESK, "change_done_central"),
    _change_case("delete-backup", MR_DESK, "change_confirmed"),
    _change_case("cancel", CHANGE_OWN, "change"),
]


MR_EVENTS = MR_VIEW | {Role.PROCESSOR, Role.CS_MANAGER}
MR_EVENT = MR_DESK | {Role.PROCESSOR, Role.CS_MANAGER}
MR_DUTY_PERSON = frozenset(
    {Role.IC_HEAD, Role.MR_MAINTAINER}
)  # the day's duty person, or the head on their behalf
MR_PERMIT_SEEN = MR_VIEW | {Role.DEPT_HEAD}  # the site's registers, and the person who asked


def _today(c):
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _oks(items):
    return lambda c: {f"ok_{code}": "ok" for code in items()}


def _later(hours):
    from django.utils import timezone

    return (timezone.localtime() + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _power_data(c):
    return {
        "site": c["site"].pk,
        "room": c["room"].pk,
        "equipment": "热风机",
        "watts": 2000,
        "supply": "检修箱",
        "reason": "除湿",
        "starts_at": _later(1),
        "ends_at": _later(3),
        "lines_checked": "on",
    }


def _fire_json(c):
    return {
        "room": c["room"].pk,
        "kind": "state",
        "equipment": "气体灭火控制器",
        "current": "自动",
        "proposed": "手动",
        "reason": "施工",
        "safeguards": "专人值守",
        "starts_at": _later(1) + ":00+08:00",
        "ends_at": _later(3) + ":00+08:00",
    }


MR_CASES += [
    Case("machineroom:duty", MR_VIEW),
    Case(
        "machineroom:duty_check",
        MR_DUTY_PERSON,
        "post",
        ok=(302,),
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {"version": c["roster"].version, **_oks(_duty_items)(c)},
    ),
    Case(
        "machineroom:closing",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {"room": c["room"].pk, **_oks(_closing_items)(c)},
    ),
    Case("machineroom:roster", MR_VIEW),
    Case(
        "machineroom:roster_plan",
        MR_APPROVE,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "room": c["room"].pk,
            "start": _today(c),
            "end": _today(c),
            "people": [c["head"].pk],
        },
    ),
    Case("machineroom:roster_print", MR_VIEW),
    Case("machineroom:roster_export", MR_VIEW),
    Case(
        "machineroom:roster_day",
        MR_VIEW,
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
    ),
    Case(
        "machineroom:roster_change",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {"version": c["roster"].version, "person": c["head"].pk},
    ),
    Case(
        "machineroom:roster_swap",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {
            "version": c["roster"].version,
            "other": f"{c['roster2'].pk}:{c['roster2'].version}",
        },
    ),
    Case(
        "mr-roster-swap",
        MR_APPROVE,
        "post",
        json=True,
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {
            "version": c["roster"].version,
            "other": c["roster2"].pk,
            "other_version": c["roster2"].version,
        },
    ),
    Case("machineroom:events", MR_EVENTS),
    Case(
        "machineroom:events",
        MR_EVENT,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "room": c["room"].pk,
            "kind": "flooding",
            "description": "漏水",
        },
    ),
    Case("machineroom:events_export", MR_EVENTS),
    Case("machineroom:event", MR_EVENTS, needs=("event",), kwargs=lambda c: {"pk": c["event"].pk}),
    Case(
        "machineroom:event_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("event",),
        kwargs=lambda c: {"pk": c["event"].pk, "step": "close"},
        data=lambda c: {"version": c["event"].version, "outcome": "演练结束"},
    ),
    Case("machineroom:permits", ALL),
    Case("machineroom:permits_export", MR_VIEW),
    Case("machineroom:permit_new", MR_REQUEST, kwargs=lambda c: {"kind": "power"}),
    Case(
        "machineroom:permit_new",
        MR_REQUEST,
        "post",
        ok=(302,),
        kwargs=lambda c: {"kind": "power"},
        data=_power_data,
    ),
    Case(
        "machineroom:permit",
        MR_PERMIT_SEEN,
        needs=("fire",),
        kwargs=lambda c: {"kind": "fire", "pk": c["fire"].pk},
    ),
    Case(
        "machineroom:permit_step",
        MR_APPROVE,
        "post",
        ok=(302,),
        needs=("power",),
        kwargs=lambda c: {"kind": "power", "pk": c["power"].pk, "step": "approve"},
        data=lambda c: {"version": c["power"].version},
    ),
    Case("machineroom:duty_policy", MR_MANAGE),
    Case(
        "machineroom:duty_policy",
        MR_MANAGE,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "version": 1, "power_threshold_watts": 2000},
    ),
    Case("mr-roster-list", ALL, json=True),
    Case(
        "mr-roster-detail",
        MR_VIEW,
        json=True,
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
    ),
    Case(
        "mr-roster-plan",
        MR_APPROVE,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "room": c["room"].pk,
            "start": _today(c),
            "end": _today(c),
            "people": [c["head"].pk],
        },
    ),
    Case(
        "mr-roster-change",
        MR_APPROVE,
        "post",
        json=True,
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {"version": c["roster"].version, "person": c["head"].pk},
    ),
    Case(
        "mr-roster-duty-check",
        MR_DUTY_PERSON,
        "post",
        ok=(201,),
        json=True,
        needs=("roster",),
        kwargs=lambda c: {"pk": c["roster"].pk},
        data=lambda c: {
            "version": c["roster"].version,
            "results": {k: {"ok": True} for k in _duty_items()},
        },
    ),
    Case("mr-duty-check-list", ALL, json=True),
    Case(
        "mr-duty-check-detail",
        MR_VIEW,
        json=True,
        needs=("duty_check",),
        kwargs=lambda c: {"pk": c["duty_check"].pk},
    ),
    Case("mr-closing-list", ALL, json=True),
    Case(
        "mr-closing-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "room": c["room"].pk,
            "results": {k: {"ok": True} for k in _closing_items()},
        },
    ),
    Case(
        "mr-closing-detail",
        MR_VIEW,
        json=True,
        needs=("closing",),
        kwargs=lambda c: {"pk": c["closing"].pk},
    ),
    Case("mr-duty-alert-list", ALL, json=True),
    Case(
        "mr-duty-alert-detail",
        MR_VIEW,
        json=True,
        needs=("alert",),
        kwargs=lambda c: {"pk": c["alert"].pk},
    ),
    Case("mr-event-list", ALL, json=True),
    Case(
        "mr-event-list",
        MR_EVENT,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"room": c["room"].pk, "kind": "theft", "description": "硬盘失窃"},
    ),
    Case(
        "mr-event-detail",
        MR_EVENTS,
        json=True,
        needs=("event",),
        kwargs=lambda c: {"pk": c["event"].pk},
    ),
    Case(
        "mr-event-acknowledge",
        MR_DESK,
        "post",
        json=True,
        needs=("event",),
        kwargs=lambda c: {"pk": c["event"].pk},
    ),
    Case(
        "mr-event-arrive",
        MR_DESK,
        "post",
        json=True,
        needs=("event",),
        kwargs=lambda c: {"pk": c["event"].pk},
    ),
    Case(
        "mr-event-outage",
        MR_DESK,
        "post",
        json=True,
        needs=("outage",),
        kwargs=lambda c: {"pk": c["outage"].pk},
        data=lambda c: {"version": c["outage"].version, "ups_on_battery": True},
    ),
    Case(
        "mr-event-close",
        MR_DESK,
        "post",
        json=True,
        needs=("event",),
        kwargs=lambda c: {"pk": c["event"].pk},
        data=lambda c: {"version": c["event"].version, "outcome": "演练结束"},
    ),
    Case("mr-power-list", ALL, json=True),
    Case(
        "mr-power-list",
        MR_REQUEST,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            **_fire_json(c),
            "equipment": "热风机",
            "watts": 2000,
            "supply": "检修箱",
            "lines_checked": True,
        },
    ),
    Case(
        "mr-power-detail",
        MR_PERMIT_SEEN,
        json=True,
        needs=("power",),
        kwargs=lambda c: {"pk": c["power"].pk},
    ),
    Case(
        "mr-power-approve",
        MR_APPROVE,
        "post",
        json=True,
        needs=("power",),
        kwargs=lambda c: {"pk": c["power"].pk},
        data=lambda c: {"version": c["power"].version},
    ),
    Case(
        "mr-power-refuse",
        MR_APPROVE,
        "post",
        json=True,
        needs=("power",),
        kwargs=lambda c: {"pk": c["power"].pk},
        data=lambda c: {"version": c["power"].version, "note": "不同意"},
    ),
    Case(
        "mr-power-finish",
        MR_DESK,
        "post",
        json=True,
        needs=("approved_power",),
        kwargs=lambda c: {"pk": c["power"].pk},
        data=lambda c: {"version": c["power"].version, "note": "已断电"},
    ),
    Case(
        "mr-power-cancel",
        MR_DESK | {Role.DEPT_HEAD},
        "post",
        json=True,
        needs=("power",),
        kwargs=lambda c: {"pk": c["power"].pk},
        data=lambda c: {"version": c["power"].version},
    ),
    Case("mr-fire-list", ALL, json=True),
    Case("mr-fire-list", MR_REQUEST, "post", ok=(201,), json=True, data=_fire_json),
    Case(
        "mr-fire-detail",
        MR_PERMIT_SEEN,
        json=True,
        needs=("fire",),
        kwargs=lambda c: {"pk": c["fire"].pk},
    ),
    Case(
        "mr-fire-approve",
        MR_APPROVE,
        "post",
        json=True,
        needs=("fire",),
        kwargs=lambda c: {"pk": c["fire"].pk},
        data=lambda c: {"version": c["fire"].version},
    ),
    Case(
        "mr-fire-refuse",
        MR_APPROVE,
        "post",
        json=True,
        needs=("fire",),
        kwargs=lambda c: {"pk": c["fire"].pk},
        data=lambda c: {"version": c["fire"].version, "note": "不同意"},
    ),
    Case(
        "mr-fire-finish",
        MR_DESK,
        "post",
        json=True,
        needs=("approved_fire",),
        kwargs=lambda c: {"pk": c["fire"].pk},
        data=lambda c: {"version": c["fire"].version, "note": "已恢复"},
    ),
    Case(
        "mr-fire-cancel",
        MR_DESK | {Role.DEPT_HEAD},
        "post",
        json=True,
        needs=("fire",),
        kwargs=lambda c: {"pk": c["fire"].pk},
        data=lambda c: {"version": c["fire"].version},
    ),
    Case("mr-duty-policy", MR_VIEW, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "mr-duty-policy",
        MR_MANAGE,
        "put",
        json=True,
        extra_query=lambda c: f"?site={c['site'].pk}",
        data=lambda c: {"version": 1, "power_threshold_watts": 2000},
    ),
    # inspections (MR-9): rounds, checklists, schedules, alarms, faults
    *[
        Case(f"machineroom:{name}", MR_VIEW)
        for name in (
            "rounds",
            "rounds_export",
            "checklists",
            "inspection_schedules",
            "alarms",
            "faults",
        )
    ],
    Case(
        "machineroom:round_new",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("checklist",),
        data=lambda c: {"site": c["site"].pk, "checklist": c["checklist"].pk},
    ),
    Case("machineroom:round", MR_VIEW, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk}),
    Case(
        "machineroom:round",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
        data=lambda c: {"version": c["round"].version, "action": "save"},
    ),
    Case(
        "machineroom:round_cancel",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
        data=lambda c: {"version": c["round"].version, "note": "停电"},
    ),
    Case(
        "machineroom:round_print", MR_VIEW, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk}
    ),
    Case(
        "machineroom:round_photo",
        MR_VIEW,
        needs=("photo_round",),
        kwargs=lambda c: {"pk": c["round"].pk, "result": c["result"].pk},
    ),
    Case(
        "machineroom:round_result_photo",
        MR_VIEW,
        needs=("photo_round",),
        kwargs=lambda c: {
            "pk": c["round"].pk,
            "result": c["result"].pk,
            "photo": c["round"].results.get(pk=c["result"].pk).photo_id,
        },
    ),
    Case(
        "machineroom:checklists",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "name": f"表{c['me'].pk}",
            "target": "device",
            "device": "UPS",
        },
    ),
    Case(
        "machineroom:checklist",
        MR_VIEW,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
    ),
    Case(
        "machineroom:checklist_edit",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {
            "version": c["checklist"].version,
            "name": "改名",
            "target": "area",
            "room": c["room"].pk,
            "active": "on",
        },
    ),
    Case(
        "machineroom:checklist_item_add",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {"version": c["checklist"].version, "label": "门窗", "kind": "check"},
    ),
    Case(
        "machineroom:checklist_item_remove",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk, "item": c["check_item"].pk},
        data=lambda c: {"version": c["checklist"].version},
    ),
    Case(
        "machineroom:checklist_item_move",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk, "item": c["check_item"].pk},
        data=lambda c: {"version": c["checklist"].version, "direction": "up"},
    ),
    Case(
        "machineroom:inspection_schedules",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("checklist",),
        data=lambda c: {
            "site": c["site"].pk,
            "checklist": c["checklist"].pk,
            "name": "每日",
            "rule": "FREQ=DAILY;BYHOUR=8",
            "due_hours": 10,
        },
    ),
    Case(
        "machineroom:inspection_schedule_edit",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
        data=lambda c: {
            "version": c["schedule"].version,
            "name": "每日",
            "rule": "FREQ=DAILY;BYHOUR=9",
            "due_hours": 8,
        },
    ),
    Case(
        "machineroom:inspection_schedule_toggle",
        MR_CHECKLISTS,
        "post",
        ok=(302,),
        needs=("schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
        data=lambda c: {"version": c["schedule"].version},
    ),
    Case(
        "machineroom:alarms",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {
            "site": c["site"].pk,
            "device": "防火墙",
            "severity": "minor",
            "text": "CPU 高",
        },
    ),
    Case("machineroom:alarm", MR_VIEW, needs=("alarm",), kwargs=lambda c: {"pk": c["alarm"].pk}),
    Case(
        "machineroom:alarm_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("alarm",),
        kwargs=lambda c: {"pk": c["alarm"].pk, "step": "respond"},
        data=lambda c: {"version": c["alarm"].version, "response": "已处理"},
    ),
    Case(
        "machineroom:faults",
        MR_DESK,
        "post",
        ok=(302,),
        data=lambda c: {"site": c["site"].pk, "kind": "network", "description": "掉线"},
    ),
    Case("machineroom:fault", MR_VIEW, needs=("fault",), kwargs=lambda c: {"pk": c["fault"].pk}),
    Case(
        "machineroom:fault_step",
        MR_DESK,
        "post",
        ok=(302,),
        needs=("fault",),
        kwargs=lambda c: {"pk": c["fault"].pk, "step": "check"},
        data=lambda c: {"version": c["fault"].version, "local_findings": "网线松动"},
    ),
    *[
        Case(f"mr-{name}-list", ALL, json=True)
        for name in ("checklist", "inspection-schedule", "round", "alarm", "fault")
    ],
    Case(
        "mr-checklist-list",
        MR_CHECKLISTS,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "name": f"表{c['me'].pk}",
            "target": "device",
            "device": "UPS",
        },
    ),
    Case(
        "mr-checklist-detail",
        MR_VIEW,
        json=True,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
    ),
    Case(
        "mr-checklist-edit",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {
            "version": c["checklist"].version,
            "name": "改名",
            "target": "device",
            "device": "UPS",
        },
    ),
    Case(
        "mr-checklist-add-item",
        MR_CHECKLISTS,
        "post",
        ok=(201,),
        json=True,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {"version": c["checklist"].version, "label": "门窗", "kind": "check"},
    ),
    Case(
        "mr-checklist-remove-item",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {"version": c["checklist"].version, "item": c["check_item"].pk},
    ),
    Case(
        "mr-checklist-move-item",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("checklist",),
        kwargs=lambda c: {"pk": c["checklist"].pk},
        data=lambda c: {"version": c["checklist"].version, "item": c["check_item"].pk, "up": True},
    ),
    Case(
        "mr-inspection-schedule-list",
        MR_CHECKLISTS,
        "post",
        ok=(201,),
        json=True,
        needs=("checklist",),
        data=lambda c: {
            "checklist": c["checklist"].pk,
            "name": "每日",
            "rule": "FREQ=DAILY;BYHOUR=8",
        },
    ),
    Case(
        "mr-inspection-schedule-detail",
        MR_VIEW,
        json=True,
        needs=("schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
    ),
    Case(
        "mr-inspection-schedule-edit",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
        data=lambda c: {
            "version": c["schedule"].version,
            "name": "每日",
            "rule": "FREQ=DAILY;BYHOUR=9",
            "due_hours": 8,
        },
    ),
    Case(
        "mr-inspection-schedule-pause",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
        data=lambda c: {"version": c["schedule"].version},
    ),
    Case(
        "mr-inspection-schedule-resume",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("paused_schedule",),
        kwargs=lambda c: {"pk": c["schedule"].pk},
        data=lambda c: {"version": c["schedule"].version},
    ),
    Case(
        "mr-round-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        needs=("checklist",),
        data=lambda c: {"checklist": c["checklist"].pk},
    ),
    Case(
        "mr-round-detail",
        MR_VIEW,
        json=True,
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
    ),
    Case(
        "mr-round-record",
        MR_DESK,
        "post",
        json=True,
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
        data=lambda c: {"version": c["round"].version, "entries": []},
    ),
    Case(
        "mr-round-photo",
        MR_DESK,
        "post",
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
        data=lambda c: {
            "version": c["round"].version,
            "result": c["round"].results.get(label="UPS").pk,
            "photo": _jpeg(),
        },
    ),
    Case(
        "mr-round-cancel",
        MR_CHECKLISTS,
        "post",
        json=True,
        needs=("round",),
        kwargs=lambda c: {"pk": c["round"].pk},
        data=lambda c: {"version": c["round"].version, "note": "停电"},
    ),
    Case(
        "mr-alarm-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {
            "site": c["site"].pk,
            "device": "防火墙",
            "severity": "minor",
            "text": "CPU 高",
        },
    ),
    Case(
        "mr-alarm-detail",
        MR_VIEW,
        json=True,
        needs=("alarm",),
        kwargs=lambda c: {"pk": c["alarm"].pk},
    ),
    Case(
        "mr-alarm-respond",
        MR_DESK,
        "post",
        json=True,
        needs=("alarm",),
        kwargs=lambda c: {"pk": c["alarm"].pk},
        data=lambda c: {"version": c["alarm"].version, "response": "已处理"},
    ),
    Case(
        "mr-alarm-close",
        MR_DESK,
        "post",
        json=True,
        needs=("responded_alarm",),
        kwargs=lambda c: {"pk": c["alarm"].pk},
        data=lambda c: {"version": c["alarm"].version, "outcome": "恢复"},
    ),
    Case(
        "mr-fault-list",
        MR_DESK,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"site": c["site"].pk, "kind": "network", "description": "掉线"},
    ),
    Case(
        "mr-fault-detail",
        MR_VIEW,
        json=True,
        needs=("fault",),
        kwargs=lambda c: {"pk": c["fault"].pk},
    ),
    Case(
        "mr-fault-check",
        MR_DESK,
        "post",
        json=True,
        needs=("fault",),
        kwargs=lambda c: {"pk": c["fault"].pk},
        data=lambda c: {"version": c["fault"].version, "local_findings": "网线松动"},
    ),
    Case(
        "mr-fault-report",
        MR_DESK,
        "post",
        json=True,
        needs=("checked_fault",),
        kwargs=lambda c: {"pk": c["fault"].pk},
        data=lambda c: {"version": c["fault"].version, "upstream_unit": "中国电信"},
    ),
    Case(
        "mr-fault-feedback",
        MR_DESK,
        "post",
        json=True,
        needs=("reported_fault",),
        kwargs=lambda c: {"pk": c["fault"].pk},
        data=lambda c: {"version": c["fault"].version, "feedback": "已修复"},
    ),
    Case(
        "mr-fault-close",
        MR_DESK,
        "post",
        json=True,
        needs=("checked_fault",),
        kwargs=lambda c: {"pk": c["fault"].pk},
        data=lambda c: {"version": c["fault"].version, "resolution": "恢复"},
    ),
]


def case_id(case: Case) -> str:
    return f"{case.method.upper()} {case.name}"


def _request(client, case: Case, ctx: dict):
    url = reverse(case.name, kwargs=case.kwargs(ctx)) + case.query + case.extra_query(ctx)
    method = getattr(client, case.method)
    data = case.data(ctx)
    if case.json and case.method != "get":
        return method(url, data, content_type="application/json")
    return method(url, data) if data else method(url)


# -- staff work: the work log and learning (IT-1, IT-3) -----------------------------------------
SW_VIEW = frozenset({Role.IT_STAFF, Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR})
SW_OWN = frozenset({Role.IT_STAFF})


def sw_objects(ctx, people):
    """The IT staffer's work log entry, project with a milestone, learning record, a certificate
    with its PDF, and a backup they checked (proposed as an entry)."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from infocenter.core.attachments import attachments_of
    from infocenter.machineroom.services import backups
    from infocenter.staffwork.services import learning, worklog

    it, site = people[Role.IT_STAFF], ctx["site"]
    day = timezone.localdate() - dt.timedelta(days=1)
    ctx["sw_project"] = worklog.add_project(
        it, site=site, name="门禁系统上线", role="实施", milestones=[("布线", day)]
    )
    ctx["sw_milestone"] = ctx["sw_project"].milestones.get()
    ctx["sw_entry"] = worklog.add_entry(
        it,
        site=site,
        content=worklog.EntryContent(kind="maintenance", day=day, hours=Decimal("2")),
    )
    ctx["sw_record"] = learning.add_learning_record(
        it, site=site, day=day, channel="search", hours=Decimal("1")
    )
    ctx["sw_plan"] = learning.set_learning_plan(
        it, site=site, year=day.year, targets={"search": learning.Target(Decimal("10"), 0)}
    )
    ctx["sw_course"] = learning.add_course(
        it,
        site=site,
        kind="certificate",
        name="网络工程师",
        completed_on=day,
        files=[SimpleUploadedFile("证书.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
    )
    ctx["sw_file"] = attachments_of(ctx["sw_course"]).get()
    job = backups.add_backup_job(
        people[Role.IC_HEAD],
        site=site,
        name="门禁数据库每日备份",
        system="门禁系统",
        content="全库备份",
        location="NAS-01",
        custodian=it,
        started_on=day - dt.timedelta(days=5),
    )
    result = backups.record_backup_result(it, job=job, day=day, outcome="failed")
    ctx["sw_key"] = f"machineroom.backupresult:{result.pk}"


def _sw_entry_body(c):
    return {
        "version": c["sw_entry"].version,
        "kind": "rollout",
        "day": c["sw_entry"].day.isoformat(),
        "hours": "3",
    }


def _sw_pk(key):
    return lambda c: {"pk": c[key].pk}


SW_CASES = [
    Case("staffwork:worklog", SW_VIEW),
    Case("staffwork:worklog_export", SW_VIEW),
    Case("staffwork:worklog_week", SW_VIEW),
    Case("staffwork:worklog_new", SW_OWN),
    Case("staffwork:worklog_new", SW_OWN, "post", data=_sw_entry_body, ok=(302,)),
    Case("staffwork:worklog_proposals", SW_OWN),
    Case(
        "staffwork:worklog_proposal_confirm",
        SW_OWN,
        "post",
        data=lambda c: {"key": c["sw_key"], "hours": "1"},
        ok=(302,),
    ),
    Case(
        "staffwork:worklog_proposal_dismiss",
        SW_OWN,
        "post",
        data=lambda c: {"key": c["sw_key"]},
        ok=(302,),
    ),
    Case("staffwork:worklog_entry", SW_VIEW, kwargs=_sw_pk("sw_entry")),
    Case(
        "staffwork:worklog_entry",
        SW_OWN,
        "post",
        kwargs=_sw_pk("sw_entry"),
        data=_sw_entry_body,
        ok=(302,),
    ),
    Case(
        "staffwork:worklog_entry_remove",
        SW_OWN,
        "post",
        kwargs=_sw_pk("sw_entry"),
        data=lambda c: {"version": c["sw_entry"].version},
        ok=(302,),
    ),
    Case("staffwork:worklog_projects", SW_VIEW),
    Case(
        "staffwork:worklog_projects",
        SW_OWN,
        "post",
        data=lambda c: {"name": "网络改造", "role": "成员"},
        ok=(302,),
    ),
    Case("staffwork:worklog_project", SW_VIEW, kwargs=_sw_pk("sw_project")),
    Case(
        "staffwork:worklog_milestone_add",
        SW_OWN,
        "post",
        kwargs=_sw_pk("sw_project"),
        data=lambda c: {"name": "验收", "planned_on": "2026-12-20"},
        ok=(302,),
    ),
    Case(
        "staffwork:worklog_milestone_done",
        SW_OWN,
        "post",
        kwargs=lambda c: {"pk": c["sw_project"].pk, "milestone": c["sw_milestone"].pk},
        data=lambda c: {"done_on": c["sw_milestone"].planned_on.isoformat()},
        ok=(302,),
    ),
    Case("staffwork:learning", SW_VIEW),
    Case("staffwork:learning_plan", SW_OWN),
    Case("staffwork:learning_record_new", SW_OWN),
    Case(
        "staffwork:learning_record_remove",
        SW_OWN,
        "post",
        kwargs=_sw_pk("sw_record"),
        data=lambda c: {"version": c["sw_record"].version},
        ok=(302,),
    ),
    Case("staffwork:learning_course_new", SW_OWN),
    Case(
        "staffwork:learning_course_file",
        SW_VIEW,
        kwargs=lambda c: {"pk": c["sw_course"].pk, "attachment": c["sw_file"].pk},
    ),
    Case("sw-worklog-entry-list", SW_VIEW, json=True),
    Case(
        "sw-worklog-entry-list",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {"kind": "training", "day": c["sw_entry"].day.isoformat(), "hours": "1"},
        ok=(201,),
    ),
    Case("sw-worklog-entry-detail", SW_VIEW, json=True, kwargs=_sw_pk("sw_entry")),
    Case(
        "sw-worklog-entry-edit",
        SW_OWN,
        "post",
        json=True,
        kwargs=_sw_pk("sw_entry"),
        data=_sw_entry_body,
    ),
    Case(
        "sw-worklog-entry-remove",
        SW_OWN,
        "post",
        json=True,
        kwargs=_sw_pk("sw_entry"),
        data=lambda c: {"version": c["sw_entry"].version},
        ok=(204,),
    ),
    Case("sw-worklog-proposal-list", SW_OWN, json=True),
    Case(
        "sw-worklog-proposal-confirm",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {"key": c["sw_key"]},
        ok=(201,),
    ),
    Case(
        "sw-worklog-proposal-dismiss",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {"key": c["sw_key"]},
        ok=(204,),
    ),
    Case("sw-worklog-project-list", SW_VIEW, json=True),
    Case(
        "sw-worklog-project-list",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {"name": "网络改造", "role": "成员"},
        ok=(201,),
    ),
    Case("sw-worklog-project-detail", SW_VIEW, json=True, kwargs=_sw_pk("sw_project")),
    Case("sw-learning-plan-list", SW_VIEW, json=True),
    Case(
        "sw-learning-plan-list",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {
            "year": c["sw_plan"].year,
            "version": c["sw_plan"].version,
            "targets": [{"channel": "reading", "hours": "20", "items": 3}],
        },
        ok=(201,),
    ),
    Case("sw-learning-plan-detail", SW_VIEW, json=True, kwargs=_sw_pk("sw_plan")),
    Case("sw-learning-plan-progress", SW_VIEW, json=True),
    Case("sw-learning-record-list", SW_VIEW, json=True),
    Case(
        "sw-learning-record-list",
        SW_OWN,
        "post",
        json=True,
        data=lambda c: {"day": c["sw_entry"].day.isoformat(), "channel": "peers", "hours": "2"},
        ok=(201,),
    ),
    Case("sw-learning-record-detail", SW_VIEW, json=True, kwargs=_sw_pk("sw_record")),
    Case(
        "sw-learning-record-remove",
        SW_OWN,
        "post",
        json=True,
        kwargs=_sw_pk("sw_record"),
        data=lambda c: {"version": c["sw_record"].version},
        ok=(204,),
    ),
    Case("sw-learning-course-list", SW_VIEW, json=True),
    Case(
        "sw-learning-course-list",
        SW_OWN,
        "post",
        data=lambda c: {
            "kind": "course",
            "name": "等保测评培训",
            "completed_on": c["sw_entry"].day.isoformat(),
        },
        ok=(201,),
    ),
    Case("sw-learning-course-detail", SW_VIEW, json=True, kwargs=_sw_pk("sw_course")),
]


# -- staff work: IT-4 annual assessments ----------------------------------------------------------

SWA_SIGN = frozenset({Role.IC_HEAD})


def sw_assessment_objects(ctx, people, needs):
    """The IT staffer's assessments: last year's draft, submitted or signed."""
    from django.utils import timezone

    from infocenter.staffwork.services import assessment as sw
    from tests.staffwork.conftest import PNG

    staff, head = people[Role.IT_STAFF], people[Role.IC_HEAD]
    ctx["sw_year"] = timezone.localdate().year - 1
    if not needs:
        return
    a = sw.draft_assessment(staff, year=ctx["sw_year"])
    a = sw.edit_assessment(
        staff,
        a,
        version=a.version,
        review="回顾",
        problems="问题",
        plans="打算",
        shortcomings="不足",
    )
    if needs & {"assessment_submitted", "assessment_signed"}:
        a = sw.submit_assessment(staff, a, version=a.version)
    if "assessment_signed" in needs:
        a = sw.sign_assessment(head, a, version=a.version, comment="同意", signature_png=PNG)
    ctx["assessment"] = a


def _swa_pk(c):
    return {"pk": c["assessment"].pk}


def _swa_texts(c):
    return {
        "version": c["assessment"].version,
        "review": "改",
        "problems": "问题",
        "plans": "打算",
        "shortcomings": "不足",
    }


def _swa_sign(c):
    import base64

    from tests.staffwork.conftest import PNG

    return {"version": c["assessment"].version, "comment": "同意"} | {
        "signature": "data:image/png;base64," + base64.b64encode(PNG).decode()
    }


DRAFT, SUBMITTED, SIGNED = ("assessment",), ("assessment_submitted",), ("assessment_signed",)
SWA_CASES = [
    Case("staffwork:assessments", SW_VIEW),
    Case(
        "staffwork:assessments",
        SW_OWN,
        "post",
        ok=(302,),
        data=lambda c: {"year": c["sw_year"]},
    ),
    Case("staffwork:assessment", SW_VIEW, kwargs=_swa_pk, needs=DRAFT),
    Case("staffwork:assessment_edit", SW_OWN, kwargs=_swa_pk, needs=DRAFT),
    Case(
        "staffwork:assessment_edit",
        SW_OWN,
        "post",
        ok=(302,),
        kwargs=_swa_pk,
        data=_swa_texts,
        needs=DRAFT,
    ),
    Case(
        "staffwork:assessment_step",
        SW_OWN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["assessment"].pk, "step": "submit"},
        data=lambda c: {"version": c["assessment"].version},
        needs=DRAFT,
    ),
    Case(
        "staffwork:assessment_step",
        SWA_SIGN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["assessment"].pk, "step": "sign"},
        data=_swa_sign,
        needs=SUBMITTED,
    ),
    Case(
        "staffwork:assessment_step",
        SWA_SIGN,
        "post",
        ok=(302,),
        kwargs=lambda c: {"pk": c["assessment"].pk, "step": "return"},
        data=lambda c: {"version": c["assessment"].version, "reason": "补充"},
        needs=SUBMITTED,
    ),
    Case("staffwork:assessment_print", SW_VIEW, kwargs=_swa_pk, needs=SIGNED),
    Case("staffwork:assessment_docx", SW_VIEW, kwargs=_swa_pk, needs=SIGNED),
    Case("staffwork:assessment_signature", SW_VIEW, kwargs=_swa_pk, needs=SIGNED),
    Case("sw-assessment-list", SW_VIEW, json=True, needs=DRAFT),
    Case(
        "sw-assessment-list",
        SW_OWN,
        "post",
        ok=(201,),
        json=True,
        data=lambda c: {"year": c["sw_year"]},
    ),
    Case("sw-assessment-detail", SW_VIEW, json=True, kwargs=_swa_pk, needs=DRAFT),
    Case(
        "sw-assessment-edit",
        SW_OWN,
        "post",
        json=True,
        kwargs=_swa_pk,
        data=_swa_texts,
        needs=DRAFT,
    ),
    Case(
        "sw-assessment-submit",
        SW_OWN,
        "post",
        json=True,
        kwargs=_swa_pk,
        data=lambda c: {"version": c["assessment"].version},
        needs=DRAFT,
    ),
    Case(
        "sw-assessment-sign",
        SWA_SIGN,
        "post",
        json=True,
        kwargs=_swa_pk,
        data=lambda c: {
            "version": c["assessment"].version,
            "comment": "同意",
            "signature_png_base64": _swa_sign(c)["signature"].split(",", 1)[1],
        },
        needs=SUBMITTED,
    ),
    Case(
        "sw-assessment-return",
        SWA_SIGN,
        "post",
        json=True,
        kwargs=_swa_pk,
        data=lambda c: {"version": c["assessment"].version, "reason": "补充"},
        needs=SUBMITTED,
    ),
]


# -- staff work: the endpoint registry (IT-2) ---------------------------------------------------

SW_KEEP = frozenset({Role.IT_STAFF, Role.IC_HEAD})


def sw_endpoint_objects(ctx, people, needs):
    """IT-2: an endpoint of site A, the backend list's columns chosen, and (when needed) an
    import that leaves an open difference (a device unknown to the registry)."""
    from infocenter.staffwork.models import Difference
    from infocenter.staffwork.services import endpoint_lists as lists
    from infocenter.staffwork.services import endpoints as sw

    keeper = people[Role.IT_STAFF]
    ctx["sw_endpoint"] = sw.add_endpoint(
        keeper, site=ctx["site"], user_name="张伟", mac="3c:52:82:00:00:01", asset_tag="ZC-0001"
    )
    lists.save_mapping(
        keeper, site=ctx["site"], kind="backend", columns={"mac": "MAC地址", "user_name": "使用人"}
    )
    if "sw_difference" in needs:
        lists.import_list(
            keeper,
            site=ctx["site"],
            kind="backend",
            rows=[{"row": 2, "mac": "00:1a:2b:3c:4d:99", "user_name": "访客"}],
        )
        ctx["sw_difference"] = Difference.objects.get(problem="unknown", state="open")


def _swe_list():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infocenter.core.excel import workbook

    body = workbook(
        title="终端", header=["MAC地址", "使用人"], rows=[["3C-52-82-00-00-01", "张伟"]]
    )
    return SimpleUploadedFile("backend.xlsx", body)


SWE_CASES = [
    Case("staffwork:endpoints", SW_VIEW),
    Case("staffwork:endpoints_export", SW_VIEW),
    Case("staffwork:endpoint_rates", SW_VIEW),
    Case("staffwork:endpoint_new", SW_KEEP),
    Case(
        "staffwork:endpoint_new",
        SW_KEEP,
        "post",
        data=lambda c: {"site": c["site"].pk, "asset_tag": "ZC-9", "mac": "3c:52:82:00:00:09"},
        ok=(302,),
    ),
    Case("staffwork:endpoint_import", SW_KEEP),
    Case(
        "staffwork:endpoint_import",
        SW_KEEP,
        "post",
        data=lambda c: {"site": c["site"].pk, "kind": "backend", "file": _swe_list()},
    ),
    Case("staffwork:endpoint_mapping", SW_KEEP, ok=(302,)),
    Case(
        "staffwork:endpoint_import_confirm",
        SW_KEEP,
        "post",
        data=lambda c: {"site": c["site"].pk},
        ok=(302,),
    ),
    Case("staffwork:endpoint_sample", SW_KEEP),
    Case("staffwork:endpoint_differences", SW_VIEW),
    Case(
        "staffwork:endpoint_difference",
        SW_VIEW,
        kwargs=lambda c: {"pk": c["sw_difference"].pk},
        needs=("sw_difference",),
    ),
    Case(
        "staffwork:endpoint_difference_step",
        SW_KEEP,
        "post",
        kwargs=lambda c: {"pk": c["sw_difference"].pk, "step": "resolve"},
        data=lambda c: {"version": c["sw_difference"].version, "resolution": "add", "note": ""},
        ok=(302,),
        needs=("sw_difference",),
    ),
    Case("staffwork:endpoint", SW_VIEW, kwargs=lambda c: {"pk": c["sw_endpoint"].pk}),
    Case(
        "staffwork:endpoint_step",
        SW_KEEP,
        "post",
        kwargs=lambda c: {"pk": c["sw_endpoint"].pk, "step": "retire"},
        data=lambda c: {"version": c["sw_endpoint"].version, "reason": "报废"},
        ok=(302,),
    ),
    Case("sw-endpoint-list", SW_VIEW, json=True),
    Case(
        "sw-endpoint-list",
        SW_KEEP,
        "post",
        json=True,
        data=lambda c: {"site": c["site"].pk, "asset_tag": "ZC-9"},
        ok=(201,),
    ),
    Case("sw-endpoint-detail", SW_VIEW, json=True, kwargs=lambda c: {"pk": c["sw_endpoint"].pk}),
    Case(
        "sw-endpoint-detail",
        SW_KEEP,
        "put",
        json=True,
        kwargs=lambda c: {"pk": c["sw_endpoint"].pk},
        data=lambda c: {"version": c["sw_endpoint"].version, "mac": "3c:52:82:00:00:01"},
    ),
    Case(
        "sw-endpoint-retire",
        SW_KEEP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["sw_endpoint"].pk},
        data=lambda c: {"version": c["sw_endpoint"].version, "reason": "报废"},
    ),
    Case("sw-endpoint-export", SW_VIEW),
    Case("sw-endpoint-rates", SW_VIEW, json=True),
    Case(
        "sw-endpoint-import",
        SW_KEEP,
        "post",
        data=lambda c: {"site": c["site"].pk, "kind": "backend", "file": _swe_list()},
    ),
    Case("sw-endpoint-mapping", SW_KEEP, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case(
        "sw-endpoint-mapping",
        SW_KEEP,
        "put",
        json=True,
        data=lambda c: {"site": c["site"].pk, "kind": "upstream", "columns": {"ip": "IP"}},
    ),
    Case("sw-difference-list", SW_VIEW, json=True),
    Case(
        "sw-difference-detail",
        SW_VIEW,
        json=True,
        kwargs=lambda c: {"pk": c["sw_difference"].pk},
        needs=("sw_difference",),
    ),
    Case(
        "sw-difference-resolve",
        SW_KEEP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["sw_difference"].pk},
        data=lambda c: {
            "version": c["sw_difference"].version,
            "resolution": "keep_ours",
            "note": "核实无误",
        },
        needs=("sw_difference",),
    ),
    Case(
        "sw-difference-reassign",
        SW_KEEP,
        "post",
        json=True,
        kwargs=lambda c: {"pk": c["sw_difference"].pk},
        data=lambda c: {"version": c["sw_difference"].version, "owner": c["head_sw"].pk},
        needs=("sw_difference",),
    ),
]


# X-9: the reports, each reader at its own site (a site's report, the last complete month)
REPORTS = frozenset({Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD, Role.AUDITOR, Role.SYSADMIN})
RP_CASES = [
    Case("reports:page", REPORTS),
    Case("reports:page", REPORTS, query="?kind=week"),
    Case("reports:print", REPORTS, extra_query=lambda c: f"?scope=site:{c['site'].pk}"),
    Case("reports:export", REPORTS, query="?kind=quarter"),
    Case("reports:by_site", REPORTS, query="?section=control_room&figure=missed_calls"),
    Case("reports-report", REPORTS, json=True, query="?kind=year"),
]

CASES += LB_CASES + MR_CASES + SW_CASES + SWA_CASES + SWE_CASES + RP_CASES


@pytest.fixture
def world(org_once, db):
    """The module's organisation (built once, see ``org_once``), as fresh copies for each test."""
    return copy.deepcopy(org_once)


@pytest.fixture
def root(world):
    return world["root"]


@pytest.fixture
def org(world):
    return world["org"]


@pytest.fixture
def people(world):
    return world["people"]


@pytest.fixture(scope="module")
def sessions(org_once, django_db_blocker):
    """One logged-in session per role, made once with the module's organisation."""
    with django_db_blocker.unblock():
        keys = {}
        for role, person in org_once["people"].items():
            client = Client()
            client.force_login(person)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def logged_in(session_key) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_org2_permission_matrix(case, org, people, root, sessions):
    refused_codes = (403, 404)
    ctx = case_objects(case, org, people, root)
    for role, person in people.items():
        # Every role's request starts from the same state: what a permitted write changes is
        # rolled back after it.
        with rolled_back():
            response = _request(logged_in(sessions[role]), case, {**ctx, "me": person})
        if role in case.allowed:
            assert response.status_code in case.ok, (
                role,
                response.status_code,
                response.content[:300],
            )
        elif _sees_the_record(case, role):
            assert response.status_code == 403, (role, response.status_code)
        else:
            assert response.status_code in refused_codes, (role, response.status_code)


def _sees_the_record(case: Case, role: str) -> bool:
    """A write refused to a role that can see what it would change answers 403, not 404
    (404 stays for what the role cannot see): the machine room's writes for the roles that
    see its registers; elsewhere every write, except for the department-scoped roles (who see
    only their own department's forms and orders) and the records in ``UNSEEN_WRITES``."""
    if case.method == "get" or case.name in UNSEEN_WRITES:
        return False
    if case.name.startswith(("machineroom:", "mr-")):
        return role in MR_VIEW
    if case.name.startswith(("staffwork:", "sw-")):
        return role in SW_VIEW
    return role not in DEPARTMENT


# Records shown only to some roles, refused as unseen (404) to the others: a department's
# chat-group robots (administrators) and a problem returned for correction (its responsible
# person and those who correct records).
UNSEEN_WRITES = frozenset(
    {
        "core:webhook_remove",
        # a saved filter is its owner's alone: anyone else is told it does not exist
        "core:filter_delete",
        "servicedesk:problem_fix",
        "sd-problem-fix",
        # an annual assessment: its person, the head, the branch GM and the auditor (IT-4)
        "staffwork:assessments",
        "staffwork:assessment_edit",
        "staffwork:assessment_step",
        "sw-assessment-list",
        "sw-assessment-edit",
        "sw-assessment-submit",
        "sw-assessment-sign",
        "sw-assessment-return",
    }
)


def case_objects(case, org, people, root):
    """The objects a case's requests need, built once for all the roles."""
    ctx = ctx_objects(org, people)
    # Objects that a successful request consumes.
    ctx["override"] = services.add_calendar_override(
        root, site=org["a"], date=dt.date(2026, 12, 30), kind=OverrideKind.HOLIDAY
    )
    ctx["webhook"] = services.add_department_webhook(
        root, department=ctx["gc"], channel="wecom", url="http://127.0.0.1:9/hook"
    )
    ctx["assignment"] = services.assign_role(
        root, person=people[Role.AUDITOR], role=Role.IT_STAFF, site=org["a"]
    )
    if case.name in ("servicedesk:submit", "sd-form-submit"):
        # The auditor's extra IT-staff role would let it file a form (SD-17).
        RoleAssignment.objects.filter(pk=ctx["assignment"].pk).delete()
    if case.name.startswith(("machineroom:", "mr-")):
        # The auditor's extra IT-staff role (for the role-revocation cases) would open the desk.
        RoleAssignment.objects.filter(pk=ctx["assignment"].pk).delete()
        ctx["head"], ctx["maintainer"] = people[Role.IC_HEAD], people[Role.MR_MAINTAINER]
        mr_objects(ctx, people, case.needs)
    elif case.name.startswith(("staffwork:", "sw-")):
        # The auditor's extra IT-staff role would let it keep a work log, an assessment and the
        # endpoint registry of its own.
        RoleAssignment.objects.filter(pk=ctx["assignment"].pk).delete()
        ctx["head_sw"] = people[Role.IC_HEAD]
        sw_objects(ctx, people)
        sw_assessment_objects(ctx, people, set(case.needs))
        sw_endpoint_objects(ctx, people, case.needs)
    elif case.needs and case.name.startswith(("logbook:", "lb-")):
        lb_objects(ctx, people, case.needs)
    elif case.needs:
        sd_objects(ctx, people, case.needs)
    return ctx


def _out_of_scope_targets(org, root):
    b = org["b"]
    other = services.create_person(
        root, username="other_site", full_name="外项目", password="Test-Passw0rd!"
    )
    services.assign_role(root, person=other, role=Role.PROCESSOR, site=b)
    override = services.add_calendar_override(
        root, site=b, date=dt.date(2026, 12, 29), kind="holiday"
    )
    building = Building.objects.filter(site=b).first()
    dept = Department.objects.get(site=b, code="gc")
    from infocenter.servicedesk import services as sd

    services.assign_role(root, person=other, role=Role.CS_ASSISTANT, site=b)
    form = sd.log_form(
        other,
        site=b,
        source="phone",
        reporter_kind="owner",
        reporter_name="王五",
        reporter_phone="13700000000",
        category="repair",
        content="B 项目",
    )
    order = sd.dispatch_order(other, form, version=form.version, department=dept, assistant=other)
    return [
        ("servicedesk:form", {"pk": form.pk}),
        ("servicedesk:order", {"pk": order.pk}),
        ("core:site", {"pk": b.pk}),
        ("core:site_edit", {"pk": b.pk}),
        ("core:building", {"pk": building.pk}),
        ("core:person", {"pk": other.pk}),
        ("core:profile_edit", {"pk": other.pk}),
        ("site-detail", {"pk": b.pk}),
        ("department-detail", {"pk": dept.pk}),
        ("core:department", {"pk": dept.pk}),
        ("sd-order-photos", {"pk": order.pk}),
        ("building-detail", {"pk": building.pk}),
        ("person-detail", {"pk": other.pk}),
        ("calendar-override-detail", {"pk": override.pk}),
    ], other


def test_org1_nobody_sees_the_other_site(org, people, root, client_for):
    targets, other = _out_of_scope_targets(org, root)
    for role, person in people.items():
        client = client_for(person)
        for name, kwargs in targets:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 404, (role, name, response.status_code)
        for name in ("core:department_add", "core:building_add"):
            response = client.post(
                reverse(name, kwargs={"pk": org["b"].pk}), {"name": "x", "code": "x"}
            )
            assert response.status_code == 404, (role, name)
        sites = {s["code"] for s in client.get(reverse("site-list")).json()["results"]}
        assert sites == {"sa"}, role
        people_ids = {p["id"] for p in client.get(reverse("person-list")).json()["results"]}
        assert other.pk not in people_ids, role
        for name in ("department-list", "building-list", "calendar-override-list"):
            rows = client.get(reverse(name)).json()["results"]
            assert {r["site"] for r in rows} <= {org["a"].pk}, (role, name)
        if role in AUDIT:
            events = client.get(reverse("audit-event-list") + "?page_size=200").json()["results"]
            assert {e["site"] for e in events} <= {org["a"].pk}, role


def test_org1_branch_scoped_role_sees_every_site_of_its_branch(org, root, client_for):
    from tests.conftest import make_person

    gm = make_person(root, "gm", Role.BRANCH_GM, branch=org["branch"])
    client = client_for(gm)
    assert {s["code"] for s in client.get(reverse("site-list")).json()["results"]} == {"sa", "sb"}
    assert client.get(reverse("core:site", kwargs={"pk": org["b"].pk})).status_code == 200
    assert client.get(reverse("core:audit") + f"?site={org['b'].pk}").status_code == 200


def test_org2_department_scoped_staff_are_limited_to_their_site(org, people):
    from infocenter.core import permissions

    technician = people[Role.DEPT_STAFF]
    scope = permissions.scope_for(technician, "org.view")
    gc = Department.objects.get(site=org["a"], code="gc")
    assert scope.departments == {org["a"].pk: frozenset({gc.pk})}
    assert permissions.can(technician, "org.view", site_id=org["a"].pk, department_id=gc.pk)
    kf = Department.objects.get(site=org["a"], code="kf")
    assert not permissions.can(technician, "org.view", site_id=org["a"].pk, department_id=kf.pk)
    assert not permissions.can(technician, "org.view", site_id=org["b"].pk)


def test_org2_only_department_roles_are_confined_to_their_department(org, root):
    from infocenter.core import permissions
    from tests.conftest import make_person

    xx = Department.objects.get(site=org["a"], code="xx")
    processor = make_person(root, "p_xx", Role.PROCESSOR, site=org["a"], department=xx)
    scope = permissions.scope_for(processor, "org.view")
    assert scope.sites == {org["a"].pk} and not scope.departments


def test_x8_anonymous_visitors_are_sent_to_log_in(org, people, root):
    from django.test import Client

    client = Client()
    ctx = {
        **ctx_objects(org, people),
        "me": people[Role.PROCESSOR],
        "override": services.add_calendar_override(
            root, site=org["a"], date=dt.date(2026, 12, 30), kind=OverrideKind.HOLIDAY
        ),
        "assignment": RoleAssignment.objects.filter(user=people[Role.AUDITOR]).first(),
        "webhook": services.add_department_webhook(
            root,
            department=Department.objects.get(site=org["a"], code="gc"),
            channel="wecom",
            url="http://127.0.0.1:9/hook",
        ),
    }
    sd_objects(ctx, people)
    lb_objects(
        ctx, people, {"handover", "answered_call", "missed_call", "entry", "contact", "document"}
    )
    ctx["head"], ctx["maintainer"] = people[Role.IC_HEAD], people[Role.MR_MAINTAINER]
    mr_objects(
        ctx,
        people,
        {
            "request",
            "approved",
            "construction",
            "item",
            "key",
            "credential",
            "report",
            "backup_result",
            "restore_test",
            "data_approved",
            "loan",
            "procurement",
            "eq_report",
            "duty_check",
            "closing",
            "alert",
            "event",
            "outage",
            "power",
            "fire",
            "checklist",
            "schedule",
            "photo_round",
            "responded_alarm",
            "reported_fault",
        },
    )
    change_objects(
        ctx,
        people,
        {
            "change",
            "change_draft",
            "change_global",
            "change_central",
            "change_approved",
            "change_running",
            "change_emergency",
            "change_done_central",
            "change_confirmed",
        },
    )
    sw_objects(ctx, people)
    sw_assessment_objects(ctx, people, {"assessment_signed"})
    ctx["head_sw"] = people[Role.IC_HEAD]
    sw_endpoint_objects(ctx, people, {"sw_difference"})
    for case in CASES:
        if case.name in ("api-token", "api-schema", "api-docs"):
            continue
        response = _request(client, case, ctx)
        assert response.status_code in (302, 401, 403), (case.name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


def test_x8_django_admin_is_for_superusers_only(people, root, client_for):
    assert client_for(people[Role.SYSADMIN]).get("/admin/").status_code == 302
    assert client_for(root).get("/admin/").status_code == 200


def _route_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace == "admin":
                continue
            yield from _route_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_org2_matrix_covers_every_route():
    covered = {case.name for case in CASES} | NOT_IN_MATRIX
    missing = sorted(set(_route_names()) - covered)
    assert not missing, f"routes without a permission-matrix case: {missing}"


def test_org2_every_role_is_in_the_matrix(people):
    assert set(people) == set(Role.values)
    assert User.objects.filter(role_assignments__isnull=False).distinct().count() == len(
        Role.values
    )
