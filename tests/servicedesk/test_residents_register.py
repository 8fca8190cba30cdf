"""LOG-4: the residents register (业户名册): search by name, pinyin, initials, phone and address;
versioned edits; moving out keeps the flat's history; duplicates merged; an all-or-nothing Excel
import that names every bad row (row, column, reason) with a preview, its export importing again;
intake's room look-up; the same through the API, the pages and the command line."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import Room
from infocenter.core.selectors import timeline
from infocenter.servicedesk import exports, selectors, services
from infocenter.servicedesk.addresses import Address, parse_address
from infocenter.servicedesk.choices import ResidentState
from infocenter.servicedesk.models import Resident

API = "/api/v1/servicedesk"


def xlsx(rows, header=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header or exports.resident_columns()))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("residents.xlsx", out.getvalue())


def room_of(site, number) -> Room:
    return Room.objects.get(unit__building__site=site, number=number)


@pytest.fixture
def pc(people):
    return people[Role.PROCESSOR]


@pytest.fixture
def zhang(org, pc):
    return services.add_resident(
        pc,
        site=org["a"],
        name="张三",
        phone="13800138000",
        room=room_of(org["a"], "201"),
        moved_in_on=dt.date(2020, 5, 1),
    )


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("3-1-1201", Address("3", "1", "1201")),
        ("3栋1201", Address("3", "", "1201")),
        ("3栋1单元1201", Address("3", "1", "1201")),
        ("3号楼1单元1201室", Address("3", "1", "1201")),
        ("３栋 １２０１", Address("3", "", "1201")),
        ("A座-1201", Address("A", "", "1201")),
        ("1201", Address("", "", "1201")),
        ("3 1 12", Address("3", "1", "12")),
        ("张三", Address()),
    ],
)
def test_log4_address_parser_reads_what_the_control_room_types(typed, address):
    assert parse_address(typed) == address


def test_log4_room_lookup_finds_the_flat_as_typed(org, pc, zhang):
    site = org["a"]
    for typed in ("1-1-201", "1栋201", "1栋1单元201", "1-201", "1栋1单元20"):
        rooms = selectors.rooms_matching(pc, typed, site=site)
        assert str(rooms[0]) == "1栋1单元201", typed
    [room] = selectors.rooms_matching(pc, "1-1-201", site=site)
    assert [r.name for r in room.current_residents] == ["张三"]
    assert selectors.rooms_matching(pc, "9-1-201", site=site) == []
    assert selectors.rooms_matching(pc, "张三", site=site) == []


def test_log4_search_by_name_pinyin_initials_phone_and_room(org, pc, zhang):
    site = org["a"]
    services.add_resident(pc, site=site, name="李四", phone="13911112222")
    for q in ("张三", "张", "zhangsan", "zs", "138001", "1-1-201", "1栋201"):
        assert [r.name for r in selectors.residents_for(pc, q=q, site=site)] == ["张三"], q
    assert selectors.residents_for(pc, q="zs", site=org["b"]).count() == 0


def test_log4_edit_is_versioned_audited_and_a_stale_edit_refused(org, pc, zhang):
    fields = {"name": "张叁", "phone": "13800138001", "kind": "tenant", "room": zhang.room}
    edited = services.update_resident(pc, zhang, version=1, **fields)
    assert (edited.version, edited.name_initials, edited.kind) == (2, "zs", "tenant")
    changed = timeline(edited).get(kind="resident.changed")
    assert changed.data["changes"]["phone"] == ["13800138000", "13800138001"]
    with pytest.raises(StaleEdit):
        services.update_resident(pc, zhang, version=1, **{**fields, "name": "张三丰"})
    with pytest.raises(ValidationFailed) as bad:
        services.update_resident(pc, edited, version=2, **{**fields, "phone": "12"})
    assert set(bad.value.field_errors) == {"phone"}
    with pytest.raises(PermissionDenied):
        services.update_resident(people_auditor(org), edited, version=2, **fields)
    assert Resident.objects.get(pk=zhang.pk).name == "张叁"


def people_auditor(org):
    from infocenter.core.models import User

    return User.objects.get(username=f"u_{Role.AUDITOR}")


def test_log4_moving_out_keeps_the_flat_history(org, pc, zhang):
    gone = services.move_out_resident(pc, zhang, version=1, moved_out_on=dt.date(2026, 1, 31))
    assert (gone.state, gone.moved_out_on) == (ResidentState.MOVED_OUT, dt.date(2026, 1, 31))
    newcomer = services.add_resident(
        pc, site=org["a"], name="王五", phone="13700137000", room=zhang.room
    )
    assert [r.name for r in selectors.flat_history(newcomer)] == ["王五", "张三"]
    assert [r.name for r in selectors.residents_for(pc, q="1-1-201", state="current")] == ["王五"]
    with pytest.raises(Conflict):
        services.move_out_resident(pc, gone, version=gone.version)
    with pytest.raises(ValidationFailed) as early:
        other = services.add_resident(
            pc, site=org["a"], name="赵六", phone="13600136000", moved_in_on=dt.date(2025, 1, 1)
        )
        services.move_out_resident(pc, other, version=1, moved_out_on=dt.date(2024, 1, 1))
    assert set(early.value.field_errors) == {"moved_out_on"}
    with pytest.raises(ValidationFailed):
        services.move_out_resident(pc, other, version=1, moved_out_on=dt.date(2999, 1, 1))
    assert Resident.objects.get(pk=other.pk).state == ResidentState.CURRENT


def test_log4_merging_duplicates_keeps_one_and_moves_its_forms(org, pc, form):
    site, duplicate = org["a"], form.resident
    kept = services.add_resident(pc, site=site, name="张三", phone="13800138009")
    result = services.merge_residents(
        pc, duplicate, version=duplicate.version, into=kept, into_version=kept.version
    )
    duplicate.refresh_from_db()
    form.refresh_from_db()
    assert result.pk == kept.pk and duplicate.merged_into_id == kept.pk
    assert duplicate.state == ResidentState.MERGED and form.resident_id == kept.pk
    assert list(selectors.forms_of_resident(pc, kept)) == [form]
    assert timeline(duplicate).filter(kind="resident.merged").exists()
    with pytest.raises(Conflict):
        services.update_resident(
            pc,
            duplicate,
            version=duplicate.version,
            name="x",
            phone="13800138000",
            kind="owner",
            room=None,
        )
    with pytest.raises(ValidationFailed):
        services.merge_residents(pc, kept, version=kept.version, into=kept, into_version=1)
    other_site = services.add_resident(root_user(), site=org["b"], name="张三", phone="13800138000")
    with pytest.raises(ValidationFailed):
        services.merge_residents(pc, kept, version=kept.version, into=other_site, into_version=1)


def root_user():
    from infocenter.core.models import User

    return User.objects.get(username="root")


def test_log4_import_is_all_or_nothing_and_names_every_bad_row(org, pc, zhang):
    site = org["a"]
    upload = xlsx(
        [
            ("王五", "业主", "13700137000", "", "1栋", "1单元", "301", "2021-03-01", ""),
            ("", "业主", "13700137001", "", "1栋", "1单元", "302", "", ""),
            ("钱七", "外星人", "12", "", "9栋", "1单元", "301", "昨天", ""),
        ]
    )
    with pytest.raises(ValidationFailed) as exc:
        services.import_residents(pc, site=site, rows=exports.read_residents(upload))
    problems = exc.value.field_errors["rows"]
    assert [p["row"] for p in problems] == [3, 4]
    assert set(problems[0]["errors"]) == {"name"}
    assert set(problems[1]["errors"]) == {"kind", "phone", "room", "moved_in_on"}
    assert Resident.objects.count() == 1


def test_log4_import_previews_then_commits_and_an_export_imports_again(org, pc, zhang):
    site = org["a"]
    rows = [
        ("王五", "业主", "13700137000", "", "1", "1", "301", "2021-03-01", "老人独居"),
        ("孙八", "住户", "023-68881000", "13600136000", "1栋", "1单元", "302", "", ""),
        ("张三", "业主", "13800138000", "", "1栋", "1单元", "201", "2020-05-01", ""),
    ]
    preview = services.import_residents(
        pc, site=site, rows=exports.read_residents(xlsx(rows)), dry_run=True
    )
    assert (len(preview["new"]), preview["present"]) == (2, 1)
    assert Resident.objects.count() == 1  # a preview writes nothing
    ticks = []
    services.import_residents(
        pc,
        site=site,
        rows=exports.read_residents(xlsx(rows)),
        progress=lambda n, total: ticks.append((n, total)),
    )
    assert ticks[-1] == (2, 2) and Resident.objects.count() == 3
    wang = Resident.objects.get(name="王五")
    assert (str(wang.room), wang.name_initials, wang.moved_in_on) == (
        "1栋1单元301",
        "ww",
        dt.date(2021, 3, 1),
    )
    assert timeline(site).filter(kind="resident.imported").exists()
    exported = exports.residents_workbook(selectors.residents_for(pc, site=site))
    sheet = load_workbook(io.BytesIO(exported)).active
    assert list(next(sheet.iter_rows(values_only=True))) == list(exports.resident_columns())
    again = services.import_residents(
        pc, site=site, rows=exports.read_residents(SimpleUploadedFile("r.xlsx", exported))
    )
    assert (len(again["new"]), again["present"]) == (0, 3)
    with pytest.raises(PermissionDenied):
        services.import_residents(
            people_auditor(org), site=site, rows=exports.read_residents(xlsx(rows))
        )


def test_log4_import_from_the_command_line(org, pc, tmp_path, capsys):
    site = org["a"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([("王五", "业主", "1", "", "1栋", "1单元", "301", "", "")]).read())
    with pytest.raises(CommandError):
        call_command("import_residents", str(bad), site=site.code, username=pc.username)
    assert "row 2, " in capsys.readouterr().err
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        xlsx([("王五", "业主", "13700137000", "", "1栋", "1单元", "301", "", "")]).read()
    )
    call_command("import_residents", str(good), site=site.code, username=pc.username, check=True)
    assert not Resident.objects.exists()
    call_command("import_residents", str(good), site=site.code, username=pc.username)
    assert Resident.objects.get().name == "王五"


def test_log4_the_register_through_the_api(org, people, api_for, zhang):
    site, api = org["a"], api_for(people[Role.PROCESSOR])
    found = api.get(f"{API}/residents/?q=1-1-201").json()["results"]
    assert [r["name"] for r in found] == ["张三"]
    body = {"version": 1, "name": "张三", "phone": "13800138002", "kind": "owner"}
    updated = api.put(
        f"{API}/residents/{zhang.pk}/", {**body, "room": zhang.room_id}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert api.put(f"{API}/residents/{zhang.pk}/", body, format="json").status_code == 409
    moved = api.post(
        f"{API}/residents/{zhang.pk}/move-out/",
        {"version": 2, "moved_out_on": "2026-01-31"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["state"] == "moved_out"
    twice = api.post(f"{API}/residents/{zhang.pk}/move-out/", {"version": 3}, format="json")
    assert twice.status_code == 409
    history = api.get(f"{API}/residents/{zhang.pk}/history/").json()
    assert [r["name"] for r in history["flat"]] == ["张三"]
    assert [e["kind"] for e in history["events"]] == [
        "resident.added",
        "resident.changed",
        "resident.moved_out",
    ]
    dup = services.add_resident(people[Role.PROCESSOR], site=site, name="张三", phone="13800138002")
    merged = api.post(
        f"{API}/residents/{dup.pk}/merge/",
        {"version": 1, "into": zhang.pk, "into_version": 3},
        format="json",
    )
    assert merged.status_code == 200 and merged.json()["id"] == zhang.pk
    rows = [("王五", "业主", "13700137000", "", "1栋", "1单元", "301", "", "")]
    dry = api.post(
        f"{API}/residents/import/",
        {"site": site.pk, "file": xlsx(rows), "dry_run": True},
        format="multipart",
    )
    assert dry.status_code == 200 and dry.json()["new"] == 1 and dry.json()["imported"] == 0
    assert not Resident.objects.filter(name="王五").exists()
    bad = api.post(
        f"{API}/residents/import/",
        {"site": site.pk, "file": xlsx([("", "业主", "1", "", "", "", "", "", "")])},
        format="multipart",
    )
    assert bad.status_code == 400
    assert {(r["row"], *sorted(r["errors"])) for r in bad.json()["errors"]["rows"]} == {
        (2, "name", "phone")
    }
    done = api.post(
        f"{API}/residents/import/", {"site": site.pk, "file": xlsx(rows)}, format="multipart"
    )
    assert done.status_code == 201 and done.json()["imported"] == 1
    export = api.get(f"{API}/residents/export/?site={site.pk}&state=current")
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content)).active.max_row == 2  # 王五 only
    rooms = api.get(f"{API}/rooms/lookup/?site={site.pk}&q=1栋30").json()
    assert [r["label"] for r in rooms] == ["1栋1单元301", "1栋1单元302"]
    assert rooms[0]["residents"][0]["name"] == "王五"


def test_log4_api_refusals(org, people, api_for, zhang):
    site = org["a"]
    auditor = api_for(people[Role.AUDITOR])
    body = {"version": 1, "name": "张三", "phone": "13800138002", "kind": "owner"}
    assert auditor.put(f"{API}/residents/{zhang.pk}/", body, format="json").status_code == 403
    assert auditor.post(f"{API}/residents/{zhang.pk}/move-out/", {"version": 1}).status_code == 403
    assert (
        auditor.post(
            f"{API}/residents/import/",
            {"site": site.pk, "file": xlsx([])},
            format="multipart",
        ).status_code
        == 403
    )
    other = services.add_resident(root_user(), site=org["b"], name="外人", phone="13300133000")
    pc = api_for(people[Role.PROCESSOR])
    assert pc.put(f"{API}/residents/{other.pk}/", body, format="json").status_code == 404
    assert pc.get(f"{API}/residents/{other.pk}/history/").status_code == 404
    assert pc.get(f"{API}/rooms/lookup/?site={org['b'].pk}&q=1-1-201").status_code == 404


def test_log4_the_register_pages(org, people, client_for, zhang):
    site, web = org["a"], client_for(people[Role.PROCESSOR])
    for n in range(30):
        services.add_resident(
            people[Role.PROCESSOR], site=site, name=f"住户{n}", phone=f"137{n:08d}"
        )
    with CaptureQueriesContext(connection) as queries:
        page = web.get(f"/servicedesk/residents/?site={site.pk}&q=zs")
    assert page.status_code == 200 and "张三" in page.content.decode()
    assert len(queries) <= 12
    with CaptureQueriesContext(connection) as queries:
        assert web.get(f"/servicedesk/residents/?site={site.pk}").status_code == 200
    assert len(queries) <= 12
    added = web.post(
        "/servicedesk/residents/add/",
        {
            "site": site.pk,
            "name": "王五",
            "phone": "13700137000",
            "kind": "owner",
            "room": room_of(site, "301").pk,
        },
    )
    assert added.status_code == 302
    wang = Resident.objects.get(name="王五")
    stale = web.post(
        f"/servicedesk/residents/{wang.pk}/edit/",
        {"version": 9, "name": "王五", "phone": "13700137000", "kind": "owner"},
    )
    assert stale.status_code == 409
    moved = web.post(f"/servicedesk/residents/{wang.pk}/move-out/", {"version": 1})
    assert moved.status_code == 302
    unknown = web.post(f"/servicedesk/residents/{zhang.pk}/merge/", {"version": 1, "into": 999999})
    assert unknown.status_code == 400 and Resident.objects.get(pk=zhang.pk).state == "current"
    detail = web.get(f"/servicedesk/residents/{wang.pk}/").content.decode()
    assert 'data-testid="flat-history"' in detail
    rooms = web.get(f"/servicedesk/rooms/lookup/?site={site.pk}&q=1-1-201").json()["rooms"]
    assert rooms[0]["residents"][0]["id"] == zhang.pk
    export = web.get(f"/servicedesk/residents/export.xlsx?site={site.pk}")
    assert export.status_code == 200


def test_log4_import_page_uploads_previews_and_confirms(org, people, client_for, zhang):
    site, web = org["a"], client_for(people[Role.PROCESSOR])
    bad = web.post(
        f"/servicedesk/residents/import/?site={site.pk}",
        {"file": xlsx([("", "业主", "1", "", "1栋", "1单元", "999", "", "")])},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert 'data-testid="import-errors"' in text and "999" in text
    rows = [("王五", "业主", "13700137000", "", "1栋", "1单元", "301", "", "")]
    preview = web.post(f"/servicedesk/residents/import/?site={site.pk}", {"file": xlsx(rows)})
    assert preview.status_code == 200 and 'data-testid="import-preview"' in preview.content.decode()
    assert not Resident.objects.filter(name="王五").exists()
    confirmed = web.post("/servicedesk/residents/import/confirm/")
    assert confirmed.status_code == 302 and Resident.objects.filter(name="王五").exists()
    again = web.post("/servicedesk/residents/import/confirm/")
    assert again.status_code == 302 and Resident.objects.filter(name="王五").count() == 1


def test_log4_intake_types_the_room_instead_of_choosing_from_every_flat(org, people, client_for):
    site, web = org["a"], client_for(people[Role.PROCESSOR])
    page = web.get(f"/servicedesk/intake/?site={site.pk}").content.decode()
    assert "data-room-picker" in page and "room-picker.js" in page
    assert '<select name="room"' not in page
    call = {
        "site": site.pk,
        "reporter_phone": "13912345678",
        "reporter_name": "李四",
        "reporter_kind": "owner",
        "source": "phone",
        "category": "repair",
        "priority": "normal",
        "room": room_of(site, "302").pk,
    }
    again = web.post(f"/servicedesk/intake/?site={site.pk}", call)  # no content
    assert again.status_code == 400 and 'value="1栋1单元302"' in again.content.decode()
    logged = web.post(
        f"/servicedesk/intake/?site={site.pk}",
        {
            "site": site.pk,
            "reporter_phone": "13912345678",
            "reporter_name": "李四",
            "reporter_kind": "owner",
            "source": "phone",
            "category": "repair",
            "priority": "normal",
            "content": "门坏了",
            "room": room_of(site, "302").pk,
        },
    )
    assert logged.status_code == 302
    assert str(Resident.objects.get(name="李四").room) == "1栋1单元302"
