"""ORG-1, ORG-2, X-8: every role against every page and endpoint that exists. Each case
lists the roles allowed; every other role is refused (403, or 404 where the object is hidden).
Then every role is tried against the other site's objects, which must stay invisible.

Adding a URL without adding it here fails ``test_org2_matrix_covers_every_route``."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from infocenter.core import services
from infocenter.core.choices import OverrideKind, Role
from infocenter.core.models import (
    Building,
    CalendarOverride,
    Department,
    DepartmentWebhook,
    RoleAssignment,
    User,
)

ALL = frozenset(Role.values)
ADMIN = frozenset({Role.SYSADMIN})
AUDIT = frozenset({Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD})

# Routes that are not role-scoped pages: Django's admin (superusers only, tested below), the
# language switch, the API root listing and format-suffix variants of router routes.
NOT_IN_MATRIX = {"set_language", "api-root", "login", "logout"}


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
    }


def _policy_version(site):
    from infocenter.servicedesk.services import policy

    return policy(site).version


INTAKE = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
FOLLOW_UP = frozenset({Role.CS_ASSISTANT, Role.CS_MANAGER})
DEPARTMENT = frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF, Role.BRANCH_GM})
RECEIVE = frozenset({Role.DEPT_HEAD, Role.BRANCH_GM})


def sd_objects(ctx, people, needs=None):
    """Per-role service-desk records in the states the cases need: a logged form, a form with
    an order dispatched to 工程部, and orders assigned, started, reported (signed), verified,
    plus a resolved form waiting for its callback."""
    from infocenter.servicedesk import services as sd
    from tests.servicedesk.conftest import PNG

    processor, head, tech = people[Role.PROCESSOR], people[Role.DEPT_HEAD], people[Role.DEPT_STAFF]
    needs = set(needs or SD_KEYS)

    def new_form():
        return sd.log_form(processor, site=ctx["site"], source="phone", reporter_kind="owner", reporter_name="张三",
                           reporter_phone="13800138000", category="repair", content="漏水")

    def new_order(until):
        form = new_form()
        order = sd.dispatch_order(processor, form, version=form.version, department=ctx["gc"],
                                  assistant=people[Role.CS_ASSISTANT])
        steps = [("assign", lambda o: sd.assign_order(head, o, version=o.version, assignee=tech)),
                 ("start", lambda o: sd.start_order(tech, o, version=o.version)),
                 ("report", lambda o: sd.report_result(tech, o, version=o.version, result="修好了", signature_png=PNG)),
                 ("verify", lambda o: sd.verify_order(people[Role.CS_ASSISTANT], o, version=o.version))]
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
    for key, until in (("assigned_order", "assign"), ("started_order", "start"), ("signed_order", "report"),
                       ("verified_order", "verify")):
        if key in needs:
            ctx[key] = new_order(until)[1]
    if "assigned_order" in needs:
        ctx["photo"] = sd.add_order_photo(head, ctx["assigned_order"], upload=_photo(), stage="before")
    if "batch" in needs:
        from tests.servicedesk.test_archive import complete, last_week_form, monday_last_week

        complete(people, last_week_form(people, {"a": ctx["site"]}), ctx["gc"])
        ctx["batch"] = sd.submit_archive_batch(processor, site=ctx["site"], week_start=monday_last_week())
    if "resolved_form" in needs:
        form = new_form()
        ctx["resolved_form"] = sd.resolve_form(processor, form, version=form.version, resolution="已答复")


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
        other = User.objects.filter(username="u_processor2").first() or \
            make_person(User.objects.get(username="root"), "u_processor2", Role.PROCESSOR, site=ctx["site"])
        ctx["handover"] = lb.hand_over(other, site=ctx["site"], incoming=processor, shift="白班", equipment_state="正常")
    if "answered_call" in needs:
        ctx["answered_call"] = lb.log_call(processor, site=ctx["site"], number="13800138000", caller="张三",
                                           subject="咨询停水")
    if "missed_call" in needs:
        ctx["missed_call"] = lb.log_missed_call(processor, site=ctx["site"], number="13800138000")
    if "entry" in needs:
        now = timezone.now()
        ctx["entry"] = lb.record_entry(processor, site=ctx["site"], department=ctx["gc"], kind="power_outage",
                                       title="检修停电", starts_at=now, changed_at=now, channel="phone",
                                       reported_by="王工")
    if "contact" in needs:
        ctx["contact"] = lb.add_contact(processor, site=ctx["site"], category="police", name="张警官",
                                        phone="110")
    if "document" in needs:
        ctx["document"] = lb.add_document(processor, site=ctx["site"], category="fire", title="重庆市消防条例")
        ctx["document_version"] = lb.add_document_version(
            processor, ctx["document"], label="2021", effective_from=dt.date(2021, 1, 1),
            upload=SimpleUploadedFile("fire.pdf", b"%PDF-1.4 test"))


def _empty_contacts_sheet():
    from tests.logbook.test_directory import xlsx

    return xlsx([])


def _clean_logbook():
    from infocenter.logbook.models import Handover, LogbookPolicy, Whereabouts

    Handover.objects.all().delete()
    Whereabouts.objects.all().delete()
    LogbookPolicy.objects.all().delete()


CONTROL_ROOM = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
PHONE = CONTROL_ROOM | {Role.CS_ASSISTANT}
REPORTING = CONTROL_ROOM | {Role.DEPT_HEAD, Role.DEPT_STAFF}
DIRECTORY = CONTROL_ROOM | {Role.SYSADMIN}
LIBRARY = CONTROL_ROOM | {Role.DATA_MANAGER}
LB_POLICY = frozenset({Role.CS_MANAGER, Role.SYSADMIN})
ENTRY_DATA = {"department": None, "kind": "water_outage", "title": "停水", "starts_at": "2026-11-26T09:00",
              "changed_at": "2026-11-26T08:00", "channel": "phone", "reported_by": "王工"}


def _entry_data(c):
    return {**ENTRY_DATA, "department": c["gc"].pk, "site": c["site"].pk}


LB_CASES = [
    Case("logbook:handovers", ALL),
    Case("logbook:handovers", {Role.PROCESSOR}, "post", ok=(400,),  # allowed; nobody else to hand over to
         data=lambda c: {"shift": "白班", "equipment_state": "正常", "incoming": c["me"].pk}),
    Case("logbook:handover", ALL, kwargs=lambda c: {"pk": c["handover"].pk}, needs=("handover",)),
    Case("logbook:handover_accept", {Role.PROCESSOR}, "post", ok=(302,), kwargs=lambda c: {"pk": c["handover"].pk},
         data=lambda c: {"version": c["handover"].version}, needs=("handover",)),
    Case("logbook:handover_print", ALL, kwargs=lambda c: {"pk": c["handover"].pk}, needs=("handover",)),
    Case("logbook:handovers_export", ALL),
    Case("logbook:calls", ALL),
    Case("logbook:calls", PHONE, "post", ok=(302,),
         data=lambda c: {"kind": "call", "direction": "in", "number": "13800138000", "subject": "咨询"}),
    Case("logbook:call", ALL, kwargs=lambda c: {"pk": c["missed_call"].pk}, needs=("missed_call",)),
    Case("logbook:call_step", PHONE, "post", ok=(302,),
         kwargs=lambda c: {"pk": c["missed_call"].pk, "step": "call_back"},
         data=lambda c: {"version": c["missed_call"].version, "subject": "已回电"}, needs=("missed_call",)),
    Case("logbook:calls_print", ALL),
    Case("logbook:calls_export", ALL),
    Case("logbook:whereabouts", ALL),
    Case("logbook:whereabouts", ALL, "post", ok=(302,), data=lambda c: {"status": "meeting", "place": "三楼会议室"}),
    Case("logbook:registry", ALL),
    Case("logbook:entry_new", REPORTING),
    Case("logbook:entry_new", REPORTING, "post", ok=(302,), data=_entry_data),
    Case("logbook:entry", ALL, kwargs=lambda c: {"pk": c["entry"].pk}, needs=("entry",)),
    Case("logbook:entry_step", REPORTING, "post", ok=(302,), kwargs=lambda c: {"pk": c["entry"].pk, "step": "end"},
         data=lambda c: {"version": c["entry"].version}, needs=("entry",)),
    Case("logbook:registry_print", ALL),
    Case("logbook:registry_export", ALL),
    Case("logbook:late_reports", ALL),
    Case("logbook:contacts", ALL, query="?q=zjg"),
    Case("logbook:contact_new", DIRECTORY),
    Case("logbook:contact_new", DIRECTORY, "post", ok=(302,),
         data=lambda c: {"category": "emergency", "name": "火警", "phone": "119"}),
    Case("logbook:contact", DIRECTORY, kwargs=lambda c: {"pk": c["contact"].pk}, needs=("contact",)),
    Case("logbook:contact_remove", DIRECTORY, "post", ok=(302,), kwargs=lambda c: {"pk": c["contact"].pk},
         data=lambda c: {"version": c["contact"].version}, needs=("contact",)),
    Case("logbook:contacts_import", DIRECTORY),
    Case("logbook:contacts_export", ALL),
    Case("logbook:contacts_template", ALL),
    Case("logbook:library", ALL),
    Case("logbook:document_new", LIBRARY),
    Case("logbook:document", ALL, kwargs=lambda c: {"pk": c["document"].pk}, needs=("document",)),
    Case("logbook:document", LIBRARY, "post", ok=(302,), kwargs=lambda c: {"pk": c["document"].pk},
         data=lambda c: {"label": "2024", "effective_from": "2024-01-01"}, needs=("document",)),
    Case("logbook:document_file", ALL, kwargs=lambda c: {"pk": c["document"].pk, "version": c["document_version"].pk},
         needs=("document",)),
    Case("lb-handover-list", ALL, json=True),
    Case("lb-handover-list", {Role.PROCESSOR}, "post", ok=(400,), json=True,  # allowed; nobody to hand over to
         data=lambda c: {"site": c["site"].pk, "incoming": c["me"].pk, "shift": "白班", "equipment_state": "正常"}),
    Case("lb-handover-detail", ALL, json=True, kwargs=lambda c: {"pk": c["handover"].pk}, needs=("handover",)),
    Case("lb-handover-accept", {Role.PROCESSOR}, "post", json=True, kwargs=lambda c: {"pk": c["handover"].pk},
         data=lambda c: {"version": c["handover"].version}, needs=("handover",)),
    Case("lb-handover-draft", {Role.PROCESSOR}, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("lb-call-list", ALL, json=True),
    Case("lb-call-list", PHONE, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "number": "13800138000", "subject": "咨询"}),
    Case("lb-call-missed", PHONE, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "number": "13800138000"}),
    Case("lb-call-detail", ALL, json=True, kwargs=lambda c: {"pk": c["missed_call"].pk}, needs=("missed_call",)),
    Case("lb-call-call-back", PHONE, "post", ok=(201,), json=True, kwargs=lambda c: {"pk": c["missed_call"].pk},
         data=lambda c: {"version": c["missed_call"].version, "subject": "已回电"}, needs=("missed_call",)),
    Case("lb-call-make-form", INTAKE, "post", json=True, kwargs=lambda c: {"pk": c["answered_call"].pk},
         data=lambda c: {"version": c["answered_call"].version, "category": "inquiry"}, needs=("answered_call",)),
    Case("lb-entry-list", ALL, json=True),
    Case("lb-entry-list", REPORTING, "post", ok=(201,), json=True,
         data=lambda c: {**_entry_data(c), "starts_at": "2026-11-26T09:00:00+08:00",
                         "changed_at": "2026-11-26T08:00:00+08:00"}),
    Case("lb-entry-detail", ALL, json=True, kwargs=lambda c: {"pk": c["entry"].pk}, needs=("entry",)),
    Case("lb-entry-now", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}&q=停电"),
    Case("lb-entry-late", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("lb-entry-reschedule", REPORTING, "post", json=True, kwargs=lambda c: {"pk": c["entry"].pk},
         data=lambda c: {"version": c["entry"].version, "starts_at": c["entry"].starts_at.isoformat(),
                         "ends_at": None}, needs=("entry",)),
    Case("lb-entry-end", REPORTING, "post", json=True, kwargs=lambda c: {"pk": c["entry"].pk},
         data=lambda c: {"version": c["entry"].version}, needs=("entry",)),
    Case("lb-entry-withdraw", REPORTING, "post", json=True, kwargs=lambda c: {"pk": c["entry"].pk},
         data=lambda c: {"version": c["entry"].version, "note": "取消"}, needs=("entry",)),
    Case("lb-whereabouts-list", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("lb-whereabouts-list", ALL, "post", ok=(201,), json=True, data=lambda c: {"status": "out"}),
    Case("lb-contact-list", ALL, json=True),
    Case("lb-contact-list", DIRECTORY, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "category": "emergency", "name": "火警", "phone": "119"}),
    Case("lb-contact-detail", ALL, json=True, kwargs=lambda c: {"pk": c["contact"].pk}, needs=("contact",)),
    Case("lb-contact-detail", DIRECTORY, "put", json=True, kwargs=lambda c: {"pk": c["contact"].pk},
         data=lambda c: {"version": c["contact"].version, "category": "police", "name": "张警官", "phone": "110"},
         needs=("contact",)),
    Case("lb-contact-remove", DIRECTORY, "post", ok=(204,), json=True, kwargs=lambda c: {"pk": c["contact"].pk},
         data=lambda c: {"version": c["contact"].version}, needs=("contact",)),
    Case("lb-contact-import-file", DIRECTORY, "post", ok=(400,),  # allowed; the file holds no contacts
         data=lambda c: {"site": c["site"].pk, "file": _empty_contacts_sheet()}),
    Case("lb-document-list", ALL, json=True),
    Case("lb-document-list", LIBRARY, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "category": "fire", "title": "消防法"}),
    Case("lb-document-detail", ALL, json=True, kwargs=lambda c: {"pk": c["document"].pk}, needs=("document",)),
    Case("lb-document-versions", LIBRARY, "post", ok=(201,), kwargs=lambda c: {"pk": c["document"].pk},
         data=lambda c: {"label": "2024", "effective_from": "2024-01-01"}, needs=("document",)),
    Case("lb-policy", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("lb-policy", LB_POLICY, "put", json=True,
         data=lambda c: {"site": c["site"].pk, "version": 1, "report_within_hours": 6, "accept_within_minutes": 30,
                         "call_back_within_minutes": 30}),
    Case("lb-handovers-export", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30"),
    Case("lb-calls-export", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30"),
    Case("lb-registry-export", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}&start=2026-11-01&end=2026-11-30"),
    Case("lb-contacts-export", ALL, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("logbook:policy", LB_POLICY),
    Case("logbook:policy", LB_POLICY, "post", ok=(302,),
         data=lambda c: {"version": 1, "report_within_hours": 6, "accept_within_minutes": 30,
                         "call_back_within_minutes": 30}),
]


SD_KEYS = ("batch", "logged_form", "order", "dispatched_form", "assigned_order", "started_order", "signed_order",
           "verified_order", "resolved_form")


CASES = [
    Case("home", ALL),
    Case("password_change", ALL),
    Case("core:sites", ALL),
    Case("core:site", ALL, kwargs=lambda c: {"pk": c["site"].pk}),
    Case("core:site_edit", ADMIN, kwargs=lambda c: {"pk": c["site"].pk}),
    Case("core:site_edit", ADMIN, "post", kwargs=lambda c: {"pk": c["site"].pk}, ok=(302,),
         data=lambda c: {"version": c["site"].version, "name": "改名", "address": "",
                         "workday_start": "09:00", "workday_end": "18:00"}),
    Case("core:department_add", ADMIN, "post", kwargs=lambda c: {"pk": c["site"].pk}, ok=(302,),
         data=lambda c: {"name": "财务部", "code": "cw"}),
    Case("core:building_add", ADMIN, "post", kwargs=lambda c: {"pk": c["site"].pk}, ok=(302,),
         data=lambda c: {"name": "9栋", "floors": 2, "units": "1单元", "rooms_per_floor": 1}),
    Case("core:building", ALL, kwargs=lambda c: {"pk": c["building"].pk}),
    Case("core:webhook_add", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["site"].pk},
         data=lambda c: {"department": c["gc"].pk, "channel": "wecom", "url": "http://127.0.0.1:9/hook"}),
    Case("core:webhook_remove", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["webhook"].pk}),
    Case("core:people", ALL),
    Case("core:person", ALL, kwargs=lambda c: {"pk": c["person"].pk}),
    Case("core:person_add", ADMIN),
    Case("core:person_add", ADMIN, "post", ok=(302,),
         data=lambda c: {"username": f"new_{c['me'].username}", "full_name": "新同事",
                         "password": "Test-Passw0rd!", "role": Role.PROCESSOR, "site": c["site"].pk}),
    Case("core:role_add", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["auditor"].pk},
         data=lambda c: {"role": Role.DATA_MANAGER, "site": c["site"].pk}),
    Case("core:role_revoke", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["assignment"].pk}),
    Case("core:profile_edit", ADMIN | {Role.PROCESSOR}, kwargs=lambda c: {"pk": c["person"].pk}),
    Case("core:calendar", ALL),
    Case("core:calendar_override_add", ADMIN, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "date": "2026-12-28", "kind": "holiday"}),
    Case("core:calendar_override_remove", ADMIN, "post", ok=(302,), kwargs=lambda c: {"pk": c["override"].pk}),
    Case("core:audit", AUDIT),
    Case("core:outbox", ADMIN),
    Case("core:notifications", ALL),
    # Service desk
    Case("servicedesk:intake", INTAKE),
    Case("servicedesk:intake", INTAKE, "post", ok=(302,),
         data=lambda c: {"reporter_phone": "13912345678", "reporter_name": "李四", "reporter_kind": "owner",
                         "source": "phone", "category": "repair", "priority": "normal", "content": "门坏了"}),
    Case("servicedesk:resident_lookup", INTAKE | FOLLOW_UP, query="?q=张三"),
    Case("servicedesk:register", ALL),
    Case("servicedesk:register_export", ALL, query="?start=2026-11-01&end=2026-11-30",
         kwargs=lambda c: {}, extra_query=lambda c: f"&site={c['site'].pk}"),
    Case("servicedesk:form_print", ALL, kwargs=lambda c: {"pk": c["dispatched_form"].pk}, needs=("order",)),
    Case("servicedesk:order_print", ALL, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)),
    Case("servicedesk:inbox", DEPARTMENT),
    Case("servicedesk:follow_up", FOLLOW_UP),
    Case("servicedesk:search", ALL, query="?q=张三"),
    Case("servicedesk:form", ALL, kwargs=lambda c: {"pk": c["dispatched_form"].pk}, needs=("order",)),
    Case("servicedesk:form_step", INTAKE, "post", ok=(302,),
         kwargs=lambda c: {"pk": c["logged_form"].pk, "step": "resolve"}, needs=("logged_form",),
         data=lambda c: {"version": c["logged_form"].version, "resolution": "已答复"}),
    Case("servicedesk:order", ALL, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)),
    Case("servicedesk:order_step", RECEIVE, "post", ok=(302,),
         kwargs=lambda c: {"pk": c["order"].pk, "step": "acknowledge"}, needs=("order",),
         data=lambda c: {"version": c["order"].version}),
    Case("servicedesk:order_photo_add", DEPARTMENT, "post", ok=(302,), kwargs=lambda c: {"pk": c["assigned_order"].pk},
         needs=("assigned_order",), data=lambda c: {"stage": "before", "upload": _photo()}),
    Case("servicedesk:order_photo", ALL, kwargs=lambda c: {"pk": c["assigned_order"].pk, "photo": c["photo"].pk},
         needs=("assigned_order",)),
    Case("servicedesk:signature", ALL, kwargs=lambda c: {"pk": c["signed_order"].pk}, needs=("signed_order",)),
    Case("servicedesk:policy", {Role.CS_MANAGER, Role.SYSADMIN}),
    Case("servicedesk:policy", {Role.CS_MANAGER, Role.SYSADMIN}, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "version": c["policy_version"], "dispatch_amount": 24,
                         "dispatch_unit": "wall_hours", "arrange_amount": 2, "arrange_unit": "wall_hours",
                         "report_amount": 4, "report_unit": "wall_hours", "finish_amount": 2,
                         "finish_unit": "working_days"}),
    Case("servicedesk:dashboard", {Role.BRANCH_GM, Role.CS_MANAGER, Role.AUDITOR}),
    Case("servicedesk:archive", ALL),
    Case("servicedesk:archive", INTAKE, "post", ok=(400,),  # allowed, but nothing is waiting
         data=lambda c: {"site": c["site"].pk, "week_start": "2026-11-16"}),
    Case("servicedesk:batch", ALL, kwargs=lambda c: {"pk": c["batch"].pk}, needs=("batch",)),
    Case("servicedesk:batch_approve", {Role.DATA_MANAGER}, "post", ok=(302,), kwargs=lambda c: {"pk": c["batch"].pk},
         needs=("batch",), data=lambda c: {"version": c["batch"].version}),
    Case("servicedesk:batch_return", {Role.DATA_MANAGER}, "post", ok=(302,), kwargs=lambda c: {"pk": c["batch"].pk},
         needs=("batch",), data=lambda c: {"version": c["batch"].version, "note": "补签字"}),
    # Service desk API
    Case("sd-form-list", ALL, json=True),
    Case("sd-form-list", INTAKE, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "source": "intercom", "reporter_kind": "staff", "reporter_name": "保安",
                         "category": "internal", "content": "门禁坏了"}),
    Case("sd-form-detail", ALL, json=True, kwargs=lambda c: {"pk": c["dispatched_form"].pk}, needs=("order",)),
    Case("sd-form-resolve", INTAKE, "post", json=True, kwargs=lambda c: {"pk": c["logged_form"].pk},
         needs=("logged_form",), data=lambda c: {"version": c["logged_form"].version, "resolution": "已答复"}),
    Case("sd-form-dispatch-order", INTAKE, "post", ok=(201,), json=True, kwargs=lambda c: {"pk": c["logged_form"].pk},
         needs=("logged_form",), data=lambda c: {"version": c["logged_form"].version, "department": c["gc"].pk,
                                                 "assistant": c["assistant"].pk}),
    Case("sd-form-callback", FOLLOW_UP, "post", json=True, kwargs=lambda c: {"pk": c["resolved_form"].pk},
         needs=("resolved_form",), data=lambda c: {"version": c["resolved_form"].version, "outcome": "satisfied",
                                                   "satisfaction": 5}),
    Case("sd-order-list", ALL, json=True),
    Case("sd-order-detail", ALL, json=True, kwargs=lambda c: {"pk": c["order"].pk}, needs=("order",)),
    Case("sd-order-acknowledge", RECEIVE, "post", json=True, kwargs=lambda c: {"pk": c["order"].pk},
         needs=("order",), data=lambda c: {"version": c["order"].version}),
    Case("sd-order-assign", RECEIVE, "post", json=True, kwargs=lambda c: {"pk": c["order"].pk},
         needs=("order",), data=lambda c: {"version": c["order"].version, "assignee": c["tech"].pk}),
    Case("sd-order-start", DEPARTMENT - {Role.BRANCH_GM}, "post", json=True,
         kwargs=lambda c: {"pk": c["assigned_order"].pk}, needs=("assigned_order",),
         data=lambda c: {"version": c["assigned_order"].version}),
    Case("sd-order-report", DEPARTMENT - {Role.BRANCH_GM}, "post", json=True,
         kwargs=lambda c: {"pk": c["started_order"].pk}, needs=("started_order",),
         data=lambda c: {"version": c["started_order"].version, "result": "好了", "signed_by_customer": "张三"}),
    Case("sd-order-return-order", DEPARTMENT, "post", json=True, kwargs=lambda c: {"pk": c["order"].pk},
         needs=("order",), data=lambda c: {"version": c["order"].version, "reason": "缺配件"}),
    Case("sd-order-verify", FOLLOW_UP, "post", json=True, kwargs=lambda c: {"pk": c["signed_order"].pk},
         needs=("signed_order",), data=lambda c: {"version": c["signed_order"].version}),
    Case("sd-order-close", INTAKE, "post", json=True, kwargs=lambda c: {"pk": c["verified_order"].pk},
         needs=("verified_order",), data=lambda c: {"version": c["verified_order"].version}),
    Case("sd-register-export", ALL, json=True, query="?start=2026-11-01&end=2026-11-30",
         extra_query=lambda c: f"&site={c['site'].pk}"),
    Case("sd-batch-list", ALL, json=True),
    Case("sd-batch-list", INTAKE, "post", ok=(400,), json=True,  # allowed, but nothing is waiting
         data=lambda c: {"site": c["site"].pk, "week_start": "2026-11-16"}),
    Case("sd-batch-detail", ALL, json=True, kwargs=lambda c: {"pk": c["batch"].pk}, needs=("batch",)),
    Case("sd-batch-approve", {Role.DATA_MANAGER}, "post", json=True, kwargs=lambda c: {"pk": c["batch"].pk},
         needs=("batch",), data=lambda c: {"version": c["batch"].version}),
    Case("sd-batch-return-batch", {Role.DATA_MANAGER}, "post", json=True, kwargs=lambda c: {"pk": c["batch"].pk},
         needs=("batch",), data=lambda c: {"version": c["batch"].version, "note": "补签"}),
    Case("sd-resident-list", ALL, json=True, query="?q=zs"),
    Case("sd-resident-list", INTAKE | FOLLOW_UP, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "name": "赵六", "phone": "13611112222"}),
    Case("sd-resident-detail", ALL, json=True, kwargs=lambda c: {"pk": c["resident"].pk}, needs=("logged_form",)),
    Case("core:notifications_read", ALL, "post", ok=(302,)),
    # API
    Case("api-schema", ALL),
    Case("api-docs", ALL),
    Case("site-list", ALL, json=True),
    Case("site-detail", ALL, kwargs=lambda c: {"pk": c["site"].pk}, json=True),
    Case("site-detail", ADMIN, "patch", kwargs=lambda c: {"pk": c["site"].pk}, json=True,
         data=lambda c: {"version": c["site"].version, "name": "新", "workday_start": "09:00",
                         "workday_end": "18:00"}),
    Case("department-list", ALL, json=True),
    Case("department-list", ADMIN, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "name": "财务部", "code": "cw"}),
    Case("department-detail", ALL, kwargs=lambda c: {"pk": c["gc"].pk}, json=True),
    Case("building-list", ALL, json=True),
    Case("building-list", ADMIN, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "name": "9栋", "floors": 2}),
    Case("building-detail", ALL, kwargs=lambda c: {"pk": c["building"].pk}, json=True),
    Case("person-list", ALL, json=True),
    Case("person-detail", ALL, kwargs=lambda c: {"pk": c["person"].pk}, json=True),
    Case("person-me", ALL, json=True),
    Case("person-list", ADMIN, "post", ok=(201,), json=True,
         data=lambda c: {"username": f"api_{c['me'].username}", "full_name": "新同事", "password": "Test-Passw0rd!",
                         "role": Role.DEPT_STAFF, "site": c["site"].pk, "department": c["gc"].pk}),
    Case("role-assignment-list", ALL, json=True),
    Case("role-assignment-list", ADMIN, "post", ok=(201,), json=True,
         data=lambda c: {"user": c["person"].pk, "role": Role.AUDITOR, "site": c["site"].pk}),
    Case("role-assignment-detail", ADMIN, "delete", ok=(204,), json=True,
         kwargs=lambda c: {"pk": c["assignment"].pk}),
    Case("calendar-override-list", ALL, json=True),
    Case("calendar-override-list", ADMIN, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "date": "2026-12-28", "kind": "holiday"}),
    Case("calendar-override-detail", ALL, kwargs=lambda c: {"pk": c["override"].pk}, json=True),
    Case("calendar-override-detail", ADMIN, "delete", ok=(204,), json=True,
         kwargs=lambda c: {"pk": c["override"].pk}),
    Case("api-add-working-days", ALL, json=True, query="?start=2026-02-13T09:00:00%2B08:00&days=2"),
    Case("api-working-day", ALL, json=True, query="?date=2026-02-14"),
    Case("notification-list", ALL, json=True),
    Case("notification-mark-read", ALL, "post", json=True, data=lambda c: {}),
    Case("audit-event-list", AUDIT, json=True),
    Case("api-token", ALL, "post", json=True,
         data=lambda c: {"username": c["me"].username, "password": "Test-Passw0rd!"}),
]


def mr_objects(ctx, people, needs):
    """Machine-room records: the site's room always; a request waiting for the head (asked by
    the 工程部 head, escorted by the maintainer), an approved visit and construction, and a
    visitor inside on the approved visit."""
    from django.utils import timezone

    from infocenter.machineroom import services as mr
    from infocenter.machineroom.models import MachineRoom

    root = User.objects.get(username="root")
    ctx["room"] = MachineRoom.objects.filter(site=ctx["site"]).first() or \
        mr.add_room(root, site=ctx["site"], name="中心机房")
    now = timezone.now()

    def ask(kind="visit"):
        return mr.request_access(people[Role.DEPT_HEAD], room=ctx["room"], kind=kind, organisation="重庆电信",
                                 applicant="王师傅", phone="13800138000", people=["王师傅"], purpose="更换光猫",
                                 scope="布线", starts_at=now - dt.timedelta(hours=1),
                                 ends_at=now + dt.timedelta(hours=4), escort=people[Role.MR_MAINTAINER])

    if "request" in needs:
        ctx["request"] = ask()
    if {"approved", "visit"} & set(needs):
        record = ask()
        ctx["approved"] = mr.approve_request(people[Role.IC_HEAD], record, version=record.version)
    if "construction" in needs:
        record = ask("construction")
        ctx["construction"] = mr.approve_request(people[Role.IC_HEAD], record, version=record.version)
    if {"visit", "item"} & set(needs):
        record = ctx.get("approved")
        if record is None:
            asked = ask()
            record = mr.approve_request(people[Role.IC_HEAD], asked, version=asked.version)
        ctx["visit"] = mr.sign_in_visitor(people[Role.MR_MAINTAINER], request=record, name="王师傅")
    from infocenter.machineroom import security

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    if {"key", "issued_key", "lost_key"} & set(needs):
        ctx["key"] = security.add_key(maintainer, site=ctx["site"], label="机房正门钥匙", opens="机房正门")
    if "issued_key" in needs:
        ctx["key"] = security.hand_over_key(maintainer, ctx["key"], version=ctx["key"].version, to=maintainer)
    if "lost_key" in needs:
        security.report_key_lost(maintainer, ctx["key"], version=ctx["key"].version, description="遗失", remedy="换锁")
        ctx["key"].refresh_from_db()
    if "credential" in needs:
        ctx["credential"] = security.add_credential(head, site=ctx["site"], system="核心交换机", account="admin",
                                                    level="admin", custodian=head, last_rotated_on=dt.date(2026, 10, 1))
    if "report" in needs:
        ctx["report"] = security.report_security(maintainer, site=ctx["site"], kind="weakness",
                                                 description="机房后门门禁失灵", remedy="报修门禁")
    if "item" in needs:
        ctx["item"] = mr.record_item(people[Role.MR_MAINTAINER], visit=ctx["visit"], direction="out",
                                     description="旧光猫")
    _inspection_objects(ctx, people, needs)


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
    from infocenter.machineroom import incidents, inspections

    maintainer, site, needs = people[Role.MR_MAINTAINER], ctx["site"], set(needs)
    if needs & {"checklist", "schedule", "paused_schedule", "round", "photo_round"}:
        c = inspections.add_checklist(maintainer, site=site, name="机房日常巡检", target="area", room=ctx["room"])
        inspections.add_checklist_item(maintainer, c, version=c.version, label="温度", kind="reading", unit="°C",
                                       min_value=18, max_value=27)
        c.refresh_from_db()
        ctx["check_item"] = inspections.add_checklist_item(maintainer, c, version=c.version, label="UPS",
                                                           kind="check")
        c.refresh_from_db()
        ctx["checklist"] = c
    if needs & {"schedule", "paused_schedule"}:
        ctx["schedule"] = inspections.add_schedule(maintainer, checklist=ctx["checklist"], name="每日巡检",
                                                   rule="FREQ=DAILY;BYHOUR=8")
    if "paused_schedule" in needs:
        ctx["schedule"] = inspections.set_schedule_active(maintainer, ctx["schedule"], version=ctx["schedule"].version,
                                                          active=False)
    if needs & {"round", "photo_round"}:
        ctx["round"] = inspections.start_round(maintainer, checklist=ctx["checklist"])
    if "photo_round" in needs:
        ctx["result"] = ctx["round"].results.get(label="UPS")
        ctx["round"] = inspections.record_results(maintainer, ctx["round"], version=ctx["round"].version,
                                                  entries={ctx["result"].pk: {"outcome": "pass", "photo": _jpeg()}})
    if needs & {"alarm", "responded_alarm"}:
        ctx["alarm"] = incidents.log_alarm(maintainer, site=site, device="核心交换机", text="风扇故障", severity="major")
    if "responded_alarm" in needs:
        ctx["alarm"] = incidents.respond_to_alarm(maintainer, ctx["alarm"], version=ctx["alarm"].version,
                                                  response="更换风扇")
    if needs & {"fault", "checked_fault", "reported_fault"}:
        ctx["fault"] = incidents.log_fault(maintainer, site=site, kind="line", description="专线中断",
                                           local_findings="光猫 LOS 红灯" if needs - {"fault"} else "")
    if "reported_fault" in needs:
        ctx["fault"] = incidents.report_upstream(maintainer, ctx["fault"], version=ctx["fault"].version,
                                                 upstream_unit="中国电信")


def _clean_machineroom():
    from infocenter.core.models import Deadline
    from infocenter.machineroom.models import (
        AccessRequest,
        Credential,
        ItemMovement,
        Key,
        KeyEvent,
        MachineRoom,
        Release,
        SecurityReport,
        Visit,
    )

    for model in (ItemMovement, Release, Visit, AccessRequest, SecurityReport, KeyEvent, Key, Credential):
        model.objects.all().delete()
    from infocenter.machineroom.models import (
        Checklist,
        ChecklistItem,
        CoreAlarm,
        InspectionResult,
        InspectionRound,
        InspectionSchedule,
        NetworkFault,
    )

    for model in (InspectionResult, InspectionRound, InspectionSchedule, ChecklistItem, Checklist, CoreAlarm,
                  NetworkFault):
        model.objects.all().delete()
    Deadline.objects.filter(kind__startswith="mr.").delete()
    MachineRoom.objects.exclude(name="中心机房").delete()


MR_VIEW = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF, Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM})
MR_DESK = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF})
MR_APPROVE = frozenset({Role.IC_HEAD})
MR_REQUEST = ALL - {Role.AUDITOR}
MR_MANAGE = frozenset({Role.IC_HEAD, Role.SYSADMIN})
MR_REQUEST_SEEN = MR_VIEW | {Role.DEPT_HEAD}
MR_CHECKLISTS = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER})  # the site's registers, and the person who asked


def _request_data(c):
    return {"room": c["room"].pk, "kind": "visit", "organisation": "电信", "applicant": "王", "phone": "10000",
            "people": "王师傅", "purpose": "巡检", "starts_at": "2026-12-01T09:00", "ends_at": "2026-12-01T11:00",
            "escort": c["me"].pk}


def _request_json(c):
    return {**_request_data(c), "people": ["王师傅"], "starts_at": "2026-12-01T09:00:00+08:00",
            "ends_at": "2026-12-01T11:00:00+08:00"}


MR_CASES = [
    Case("machineroom:desk", MR_VIEW),
    Case("machineroom:sign_in_staff", MR_DESK, "post", ok=(302,), data=lambda c: {"room": c["room"].pk}),
    Case("machineroom:sign_in_visitor", MR_DESK, "post", ok=(302,), needs=("approved",),
         data=lambda c: {"request": c["approved"].pk, "name": "王师傅"}),
    Case("machineroom:refusal", MR_DESK, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "room": c["room"].pk, "name": "陌生人", "reason": "无审批"}),
    Case("machineroom:sign_out", MR_DESK, "post", ok=(302,), needs=("visit",), kwargs=lambda c: {"pk": c["visit"].pk},
         data=lambda c: {"version": c["visit"].version}),
    Case("machineroom:requests", ALL),
    Case("machineroom:request_new", MR_REQUEST),
    Case("machineroom:request_new", MR_REQUEST, "post", ok=(302,), data=_request_data),
    Case("machineroom:request_phone", MR_DESK),
    Case("machineroom:request", MR_REQUEST_SEEN, needs=("request",), kwargs=lambda c: {"pk": c["request"].pk}),
    Case("machineroom:request_print", MR_REQUEST_SEEN, needs=("request",), kwargs=lambda c: {"pk": c["request"].pk}),
    Case("machineroom:request_step", MR_APPROVE, "post", ok=(302,), needs=("request",),
         kwargs=lambda c: {"pk": c["request"].pk, "step": "approve"}, data=lambda c: {"version": c["request"].version}),
    Case("machineroom:approvals", MR_APPROVE),
    Case("machineroom:log", MR_VIEW),
    Case("machineroom:log_print", MR_VIEW),
    Case("machineroom:log_export", MR_VIEW),
    Case("machineroom:items", MR_VIEW),
    Case("machineroom:item_new", MR_DESK, needs=("visit",), extra_query=lambda c: f"?visit={c['visit'].pk}"),
    Case("machineroom:items_print", MR_VIEW),
    Case("machineroom:items_export", MR_VIEW),
    Case("machineroom:rooms", MR_MANAGE),
    Case("mr-room-list", ALL, json=True),
    Case("mr-room-list", MR_MANAGE, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "name": f"机房{c['me'].pk}"}),
    Case("mr-room-detail", MR_REQUEST, json=True, kwargs=lambda c: {"pk": c["room"].pk}),
    Case("mr-request-list", ALL, json=True),
    Case("mr-request-list", MR_REQUEST, "post", ok=(201,), json=True, data=_request_json),
    Case("mr-request-detail", MR_REQUEST_SEEN, json=True, needs=("request",), kwargs=lambda c: {"pk": c["request"].pk}),
    Case("mr-request-approve", MR_APPROVE, "post", json=True, needs=("request",),
         kwargs=lambda c: {"pk": c["request"].pk}, data=lambda c: {"version": c["request"].version}),
    Case("mr-request-refuse", MR_APPROVE, "post", json=True, needs=("request",),
         kwargs=lambda c: {"pk": c["request"].pk}, data=lambda c: {"version": c["request"].version, "note": "不同意"}),
    Case("mr-request-cancel", MR_DESK | {Role.DEPT_HEAD}, "post", json=True, needs=("request",),
         kwargs=lambda c: {"pk": c["request"].pk}, data=lambda c: {"version": c["request"].version}),
    Case("mr-request-close", MR_DESK, "post", json=True, needs=("approved",),
         kwargs=lambda c: {"pk": c["approved"].pk}, data=lambda c: {"version": c["approved"].version}),
    Case("mr-request-release", MR_DESK, "post", ok=(201,), json=True, needs=("construction",),
         kwargs=lambda c: {"pk": c["construction"].pk},
         data=lambda c: {"version": c["construction"].version, "note": "已清理"}),
    Case("mr-request-phone", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"room": c["room"].pk, "organisation": "电信", "applicant": "赵", "phone": "10000",
                         "people": ["赵工"], "purpose": "光缆中断", "head": c["head"].pk,
                         "ends_at": "2030-01-01T10:00:00+08:00", "escort": c["me"].pk}),
    Case("mr-visit-list", ALL, json=True),
    Case("mr-visit-detail", MR_VIEW, json=True, needs=("visit",), kwargs=lambda c: {"pk": c["visit"].pk}),
    Case("mr-visit-inside", MR_VIEW, json=True, extra_query=lambda c: f"?site={c['site'].pk}"),
    Case("mr-visit-staff", MR_DESK, "post", ok=(201,), json=True, data=lambda c: {"room": c["room"].pk}),
    Case("mr-visit-visitor", MR_DESK, "post", ok=(201,), json=True, needs=("approved",),
         data=lambda c: {"request": c["approved"].pk, "name": "王师傅"}),
    Case("mr-visit-refusal", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"room": c["room"].pk, "name": "陌生人", "reason": "无审批"}),
    Case("mr-visit-sign-out", MR_DESK, "post", json=True, needs=("visit",), kwargs=lambda c: {"pk": c["visit"].pk},
         data=lambda c: {"version": c["visit"].version}),
    Case("mr-item-list", ALL, json=True),
    Case("mr-item-list", MR_DESK, "post", ok=(201,), json=True, needs=("visit",),
         data=lambda c: {"visit": c["visit"].pk, "direction": "out", "description": "旧光猫"}),
    Case("mr-item-detail", MR_VIEW, json=True, needs=("item",), kwargs=lambda c: {"pk": c["item"].pk}),
    Case("mr-approvals", MR_APPROVE, json=True),
    Case("machineroom:keys", MR_VIEW),
    Case("machineroom:key_new", MR_DESK, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "label": "机柜钥匙", "opens": "机柜 A1"}),
    Case("machineroom:key_step", MR_DESK, "post", ok=(302,), needs=("key",),
         kwargs=lambda c: {"pk": c["key"].pk, "step": "hand_over"},
         data=lambda c: {"version": c["key"].version, "to": c["head"].pk}),
    Case("machineroom:credentials", MR_VIEW),
    Case("machineroom:credential_new", MR_APPROVE, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "system": "防火墙", "account": "admin", "level": "admin",
                         "custodian": c["head"].pk, "last_rotated_on": "2026-10-01", "rotate_every_days": 90}),
    Case("machineroom:credential_step", MR_APPROVE, "post", ok=(302,), needs=("credential",),
         kwargs=lambda c: {"pk": c["credential"].pk, "step": "rotate"},
         data=lambda c: {"version": c["credential"].version}),
    Case("machineroom:reports", MR_VIEW),
    Case("machineroom:reports", MR_DESK, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "kind": "weakness", "description": "门禁失灵", "remedy": "报修"}),
    Case("machineroom:report", MR_VIEW, needs=("report",), kwargs=lambda c: {"pk": c["report"].pk}),
    Case("machineroom:report", MR_APPROVE, "post", ok=(302,), needs=("report",),
         kwargs=lambda c: {"pk": c["report"].pk}, data=lambda c: {"version": c["report"].version}),
    Case("mr-key-list", ALL, json=True),
    Case("mr-key-list", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "label": "机柜钥匙", "opens": "机柜 A1"}),
    Case("mr-key-detail", MR_VIEW, json=True, needs=("key",), kwargs=lambda c: {"pk": c["key"].pk}),
    Case("mr-key-hand-over", MR_DESK, "post", json=True, needs=("key",), kwargs=lambda c: {"pk": c["key"].pk},
         data=lambda c: {"version": c["key"].version, "to": c["head"].pk}),
    Case("mr-key-return", MR_DESK, "post", json=True, needs=("issued_key",), kwargs=lambda c: {"pk": c["key"].pk},
         data=lambda c: {"version": c["key"].version}),
    Case("mr-key-lost", MR_DESK, "post", ok=(201,), json=True, needs=("key",), kwargs=lambda c: {"pk": c["key"].pk},
         data=lambda c: {"version": c["key"].version, "description": "遗失", "remedy": "换锁"}),
    Case("mr-key-found", MR_DESK, "post", json=True, needs=("lost_key",), kwargs=lambda c: {"pk": c["key"].pk},
         data=lambda c: {"version": c["key"].version}),
    Case("mr-credential-list", ALL, json=True),
    Case("mr-credential-list", MR_APPROVE, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "system": "防火墙", "account": "admin", "level": "admin",
                         "custodian": c["head"].pk, "last_rotated_on": "2026-10-01"}),
    Case("mr-credential-detail", MR_VIEW, json=True, needs=("credential",), kwargs=lambda c: {"pk": c["credential"].pk}),
    Case("mr-credential-rotate", MR_APPROVE, "post", json=True, needs=("credential",),
         kwargs=lambda c: {"pk": c["credential"].pk}, data=lambda c: {"version": c["credential"].version}),
    Case("mr-credential-custodian", MR_APPROVE, "post", json=True, needs=("credential",),
         kwargs=lambda c: {"pk": c["credential"].pk},
         data=lambda c: {"version": c["credential"].version, "custodian": c["head"].pk}),
    Case("mr-credential-retire", MR_APPROVE, "post", json=True, needs=("credential",),
         kwargs=lambda c: {"pk": c["credential"].pk}, data=lambda c: {"version": c["credential"].version}),
    Case("mr-report-list", ALL, json=True),
    Case("mr-report-list", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "kind": "weakness", "description": "门禁失灵", "remedy": "报修"}),
    Case("mr-report-detail", MR_VIEW, json=True, needs=("report",), kwargs=lambda c: {"pk": c["report"].pk}),
    Case("mr-report-acknowledge", MR_APPROVE, "post", json=True, needs=("report",),
         kwargs=lambda c: {"pk": c["report"].pk}, data=lambda c: {"version": c["report"].version}),
    # inspections (MR-9): rounds, checklists, schedules, alarms, faults
    *[Case(f"machineroom:{name}", MR_VIEW) for name in ("rounds", "rounds_export", "checklists", "inspection_schedules",
                                                         "alarms", "faults")],
    Case("machineroom:round_new", MR_DESK, "post", ok=(302,), needs=("checklist",),
         data=lambda c: {"site": c["site"].pk, "checklist": c["checklist"].pk}),
    Case("machineroom:round", MR_VIEW, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk}),
    Case("machineroom:round", MR_DESK, "post", ok=(302,), needs=("round",), kwargs=lambda c: {"pk": c["round"].pk},
         data=lambda c: {"version": c["round"].version, "action": "save"}),
    Case("machineroom:round_cancel", MR_CHECKLISTS, "post", ok=(302,), needs=("round",),
         kwargs=lambda c: {"pk": c["round"].pk}, data=lambda c: {"version": c["round"].version, "note": "停电"}),
    Case("machineroom:round_print", MR_VIEW, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk}),
    Case("machineroom:round_photo", MR_VIEW, needs=("photo_round",),
         kwargs=lambda c: {"pk": c["round"].pk, "result": c["result"].pk}),
    Case("machineroom:checklists", MR_CHECKLISTS, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "name": f"表{c['me'].pk}", "target": "device", "device": "UPS"}),
    Case("machineroom:checklist", MR_VIEW, needs=("checklist",), kwargs=lambda c: {"pk": c["checklist"].pk}),
    Case("machineroom:checklist_edit", MR_CHECKLISTS, "post", ok=(302,), needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "name": "改名", "target": "area", "room": c["room"].pk,
                         "active": "on"}),
    Case("machineroom:checklist_item_add", MR_CHECKLISTS, "post", ok=(302,), needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "label": "门窗", "kind": "check"}),
    Case("machineroom:checklist_item_remove", MR_CHECKLISTS, "post", ok=(302,), needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk, "item": c["check_item"].pk},
         data=lambda c: {"version": c["checklist"].version}),
    Case("machineroom:checklist_item_move", MR_CHECKLISTS, "post", ok=(302,), needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk, "item": c["check_item"].pk},
         data=lambda c: {"version": c["checklist"].version, "direction": "up"}),
    Case("machineroom:inspection_schedules", MR_CHECKLISTS, "post", ok=(302,), needs=("checklist",),
         data=lambda c: {"site": c["site"].pk, "checklist": c["checklist"].pk, "name": "每日",
                         "rule": "FREQ=DAILY;BYHOUR=8", "due_hours": 10}),
    Case("machineroom:inspection_schedule_edit", MR_CHECKLISTS, "post", ok=(302,), needs=("schedule",),
         kwargs=lambda c: {"pk": c["schedule"].pk},
         data=lambda c: {"version": c["schedule"].version, "name": "每日", "rule": "FREQ=DAILY;BYHOUR=9",
                         "due_hours": 8}),
    Case("machineroom:inspection_schedule_toggle", MR_CHECKLISTS, "post", ok=(302,), needs=("schedule",),
         kwargs=lambda c: {"pk": c["schedule"].pk}, data=lambda c: {"version": c["schedule"].version}),
    Case("machineroom:alarms", MR_DESK, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "device": "防火墙", "severity": "minor", "text": "CPU 高"}),
    Case("machineroom:alarm", MR_VIEW, needs=("alarm",), kwargs=lambda c: {"pk": c["alarm"].pk}),
    Case("machineroom:alarm_step", MR_DESK, "post", ok=(302,), needs=("alarm",),
         kwargs=lambda c: {"pk": c["alarm"].pk, "step": "respond"},
         data=lambda c: {"version": c["alarm"].version, "response": "已处理"}),
    Case("machineroom:faults", MR_DESK, "post", ok=(302,),
         data=lambda c: {"site": c["site"].pk, "kind": "network", "description": "掉线"}),
    Case("machineroom:fault", MR_VIEW, needs=("fault",), kwargs=lambda c: {"pk": c["fault"].pk}),
    Case("machineroom:fault_step", MR_DESK, "post", ok=(302,), needs=("fault",),
         kwargs=lambda c: {"pk": c["fault"].pk, "step": "check"},
         data=lambda c: {"version": c["fault"].version, "local_findings": "网线松动"}),
    *[Case(f"mr-{name}-list", ALL, json=True) for name in ("checklist", "inspection-schedule", "round", "alarm", "fault")],
    Case("mr-checklist-list", MR_CHECKLISTS, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "name": f"表{c['me'].pk}", "target": "device", "device": "UPS"}),
    Case("mr-checklist-detail", MR_VIEW, json=True, needs=("checklist",), kwargs=lambda c: {"pk": c["checklist"].pk}),
    Case("mr-checklist-edit", MR_CHECKLISTS, "post", json=True, needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "name": "改名", "target": "device", "device": "UPS"}),
    Case("mr-checklist-add-item", MR_CHECKLISTS, "post", ok=(201,), json=True, needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "label": "门窗", "kind": "check"}),
    Case("mr-checklist-remove-item", MR_CHECKLISTS, "post", json=True, needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "item": c["check_item"].pk}),
    Case("mr-checklist-move-item", MR_CHECKLISTS, "post", json=True, needs=("checklist",),
         kwargs=lambda c: {"pk": c["checklist"].pk},
         data=lambda c: {"version": c["checklist"].version, "item": c["check_item"].pk, "up": True}),
    Case("mr-inspection-schedule-list", MR_CHECKLISTS, "post", ok=(201,), json=True, needs=("checklist",),
         data=lambda c: {"checklist": c["checklist"].pk, "name": "每日", "rule": "FREQ=DAILY;BYHOUR=8"}),
    Case("mr-inspection-schedule-detail", MR_VIEW, json=True, needs=("schedule",), kwargs=lambda c: {"pk": c["schedule"].pk}),
    Case("mr-inspection-schedule-edit", MR_CHECKLISTS, "post", json=True, needs=("schedule",),
         kwargs=lambda c: {"pk": c["schedule"].pk},
         data=lambda c: {"version": c["schedule"].version, "name": "每日", "rule": "FREQ=DAILY;BYHOUR=9",
                         "due_hours": 8}),
    Case("mr-inspection-schedule-pause", MR_CHECKLISTS, "post", json=True, needs=("schedule",),
         kwargs=lambda c: {"pk": c["schedule"].pk}, data=lambda c: {"version": c["schedule"].version}),
    Case("mr-inspection-schedule-resume", MR_CHECKLISTS, "post", json=True, needs=("paused_schedule",),
         kwargs=lambda c: {"pk": c["schedule"].pk}, data=lambda c: {"version": c["schedule"].version}),
    Case("mr-round-list", MR_DESK, "post", ok=(201,), json=True, needs=("checklist",),
         data=lambda c: {"checklist": c["checklist"].pk}),
    Case("mr-round-detail", MR_VIEW, json=True, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk}),
    Case("mr-round-record", MR_DESK, "post", json=True, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk},
         data=lambda c: {"version": c["round"].version, "entries": []}),
    Case("mr-round-photo", MR_DESK, "post", needs=("round",), kwargs=lambda c: {"pk": c["round"].pk},
         data=lambda c: {"version": c["round"].version, "result": c["round"].results.get(label="UPS").pk,
                         "photo": _jpeg()}),
    Case("mr-round-cancel", MR_CHECKLISTS, "post", json=True, needs=("round",), kwargs=lambda c: {"pk": c["round"].pk},
         data=lambda c: {"version": c["round"].version, "note": "停电"}),
    Case("mr-alarm-list", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "device": "防火墙", "severity": "minor", "text": "CPU 高"}),
    Case("mr-alarm-detail", MR_VIEW, json=True, needs=("alarm",), kwargs=lambda c: {"pk": c["alarm"].pk}),
    Case("mr-alarm-respond", MR_DESK, "post", json=True, needs=("alarm",), kwargs=lambda c: {"pk": c["alarm"].pk},
         data=lambda c: {"version": c["alarm"].version, "response": "已处理"}),
    Case("mr-alarm-close", MR_DESK, "post", json=True, needs=("responded_alarm",),
         kwargs=lambda c: {"pk": c["alarm"].pk}, data=lambda c: {"version": c["alarm"].version, "outcome": "恢复"}),
    Case("mr-fault-list", MR_DESK, "post", ok=(201,), json=True,
         data=lambda c: {"site": c["site"].pk, "kind": "network", "description": "掉线"}),
    Case("mr-fault-detail", MR_VIEW, json=True, needs=("fault",), kwargs=lambda c: {"pk": c["fault"].pk}),
    Case("mr-fault-check", MR_DESK, "post", json=True, needs=("fault",), kwargs=lambda c: {"pk": c["fault"].pk},
         data=lambda c: {"version": c["fault"].version, "local_findings": "网线松动"}),
    Case("mr-fault-report", MR_DESK, "post", json=True, needs=("checked_fault",),
         kwargs=lambda c: {"pk": c["fault"].pk}, data=lambda c: {"version": c["fault"].version,
                                                                  "upstream_unit": "中国电信"}),
    Case("mr-fault-feedback", MR_DESK, "post", json=True, needs=("reported_fault",),
         kwargs=lambda c: {"pk": c["fault"].pk}, data=lambda c: {"version": c["fault"].version, "feedback": "已修复"}),
    Case("mr-fault-close", MR_DESK, "post", json=True, needs=("checked_fault",),
         kwargs=lambda c: {"pk": c["fault"].pk}, data=lambda c: {"version": c["fault"].version, "resolution": "恢复"}),
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


CASES += LB_CASES + MR_CASES


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_org2_permission_matrix(case, org, people, root, client_for):
    refused_codes = (403, 404)
    for role, person in people.items():
        ctx = ctx_objects(org, people)
        ctx["me"] = person
        # Per-role objects that a successful request consumes.
        ctx["override"] = services.add_calendar_override(
            root, site=org["a"], date=dt.date(2026, 12, 30), kind=OverrideKind.HOLIDAY)
        ctx["webhook"] = services.add_department_webhook(root, department=ctx["gc"], channel="wecom",
                                                         url="http://127.0.0.1:9/hook")
        ctx["assignment"] = services.assign_role(root, person=people[Role.AUDITOR], role=Role.IT_STAFF,
                                                 site=org["a"])
        if case.name.startswith(("machineroom:", "mr-")):
            # The auditor's extra IT-staff role (for the role-revocation cases) would open the desk.
            RoleAssignment.objects.filter(pk=ctx["assignment"].pk).delete()
            ctx["head"] = people[Role.IC_HEAD]
            mr_objects(ctx, people, case.needs)
        elif case.needs and case.name.startswith(("logbook:", "lb-")):
            lb_objects(ctx, people, case.needs)
        elif case.needs:
            sd_objects(ctx, people, case.needs)
        response = _request(client_for(person), case, ctx)
        if role in case.allowed:
            assert response.status_code in case.ok, (role, response.status_code, response.content[:300])
        else:
            assert response.status_code in refused_codes, (role, response.status_code)
        # Undo what a permitted write created so the next role starts from the same state.
        CalendarOverride.objects.filter(date__in=[dt.date(2026, 12, 28), dt.date(2026, 12, 30)]).delete()
        RoleAssignment.objects.filter(role__in=[Role.IT_STAFF, Role.DATA_MANAGER], user=people[Role.AUDITOR]).delete()
        RoleAssignment.objects.filter(role=Role.AUDITOR, user=people[Role.PROCESSOR]).delete()
        Department.objects.filter(code="cw").delete()
        DepartmentWebhook.objects.all().delete()
        _clean_logbook()
        _clean_machineroom()


def _out_of_scope_targets(org, root):
    b = org["b"]
    other = services.create_person(root, username="other_site", full_name="外项目", password="Test-Passw0rd!")
    services.assign_role(root, person=other, role=Role.PROCESSOR, site=b)
    override = services.add_calendar_override(root, site=b, date=dt.date(2026, 12, 29), kind="holiday")
    building = Building.objects.filter(site=b).first()
    dept = Department.objects.get(site=b, code="gc")
    from infocenter.servicedesk import services as sd

    services.assign_role(root, person=other, role=Role.CS_ASSISTANT, site=b)
    form = sd.log_form(other, site=b, source="phone", reporter_kind="owner", reporter_name="王五",
                       reporter_phone="13700000000", category="repair", content="B 项目")
    order = sd.dispatch_order(other, form, version=form.version, department=dept, assistant=other)
    return [
        ("servicedesk:form", {"pk": form.pk}), ("servicedesk:order", {"pk": order.pk}),
        ("core:site", {"pk": b.pk}), ("core:site_edit", {"pk": b.pk}),
        ("core:building", {"pk": building.pk}), ("core:person", {"pk": other.pk}),
        ("core:profile_edit", {"pk": other.pk}),
        ("site-detail", {"pk": b.pk}), ("department-detail", {"pk": dept.pk}),
        ("building-detail", {"pk": building.pk}), ("person-detail", {"pk": other.pk}),
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
            response = client.post(reverse(name, kwargs={"pk": org["b"].pk}), {"name": "x", "code": "x"})
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
    ctx = {**ctx_objects(org, people), "me": people[Role.PROCESSOR],
           "override": services.add_calendar_override(root, site=org["a"], date=dt.date(2026, 12, 30),
                                                      kind=OverrideKind.HOLIDAY),
           "assignment": RoleAssignment.objects.filter(user=people[Role.AUDITOR]).first(),
           "webhook": services.add_department_webhook(root, department=Department.objects.get(site=org["a"], code="gc"),
                                                      channel="wecom", url="http://127.0.0.1:9/hook")}
    sd_objects(ctx, people)
    lb_objects(ctx, people, {"handover", "answered_call", "missed_call", "entry", "contact", "document"})
    ctx["head"] = people[Role.IC_HEAD]
    mr_objects(ctx, people, {"request", "approved", "construction", "item", "key", "credential", "report",
                             "checklist", "schedule", "photo_round", "responded_alarm", "reported_fault"})
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
    assert User.objects.filter(role_assignments__isnull=False).distinct().count() == len(Role.values)
