"""LOG-4: the contact directory: every category of the source, owners and residents from the
service desk's one register, search by name, number, pinyin and initials, and an all-or-nothing
Excel import that reports every bad row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.logbook import exports, selectors, services
from infocenter.logbook.choices import ContactCategory
from infocenter.logbook.models import Contact
from infocenter.servicedesk import services as sd


def xlsx(
    rows, header=("类别", "名称", "单位", "职务或分工", "电话", "备用电话", "备注")
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("contacts.xlsx", out.getvalue())


@pytest.fixture
def police(site, people):
    return services.add_contact(
        people[Role.PROCESSOR],
        site=site,
        category=ContactCategory.POLICE,
        name="张警官",
        organisation="江北派出所",
        phone="023-67001234",
        title="社区民警",
    )


def test_log4_search_by_name_number_pinyin_and_initials(site, people, police):
    p = people[Role.PROCESSOR]
    for q in (
        "张警官",
        "派出所",
        "zhang",
        "zhangjingguan",
        "zjg",
        "jbpcs",
        "pcs",
        "02367",
        "023-6700",
    ):
        assert list(
            selectors.search_contacts(p, site=site, q=q.replace("-", "") if q[0].isdigit() else q)
        ) == [police], q
    assert not selectors.search_contacts(p, site=site, q="lisi").exists()
    assert list(selectors.search_contacts(p, site=site, category=ContactCategory.POLICE)) == [
        police
    ]


def test_log4_owners_are_the_residents_register_not_a_copy(site, people, building):
    room = building.units.first().rooms.first()
    resident = sd.add_resident(
        people[Role.PROCESSOR], site=site, name="刘德华", phone="13912345678", room=room
    )
    assert list(selectors.search_residents(people[Role.PROCESSOR], site=site, q="ldh")) == [
        resident
    ]
    assert not Contact.objects.exists()


def test_log4_every_category_of_the_source_is_there():
    assert {
        "water_supplier",
        "power_supplier",
        "gas_supplier",
        "police",
        "flood_hq",
        "residents_committee",
        "equipment",
        "internal",
        "emergency",
    } <= set(ContactCategory.values)


def test_log4_import_is_all_or_nothing_with_every_bad_row(site, people, police):
    p = people[Role.PROCESSOR]
    upload = xlsx(
        [
            ("供水单位", "自来水公司客服", "", "", "96968", "", ""),
            ("辖区派出所", "", "", "", "023-67001234", "", ""),
            ("外星人", "某人", "", "", "12", "", ""),
        ]
    )
    with pytest.raises(ValidationFailed) as exc:
        services.import_contacts(p, site=site, rows=exports.read_contacts(upload))
    problems = exc.value.field_errors["rows"]
    assert [r["row"] for r in problems] == [3, 4]
    assert set(problems[0]["errors"]) == {"name"} and set(problems[1]["errors"]) == {
        "category",
        "phone",
    }
    assert Contact.objects.count() == 1  # only the one added before


def test_log4_import_then_export_round_trip(site, people, police):
    p = people[Role.PROCESSOR]
    created = services.import_contacts(
        p,
        site=site,
        rows=exports.read_contacts(
            xlsx(
                [
                    ("供气单位", "燃气抢修", "重庆燃气", "", "023-96577", "", "24小时"),
                    ("常用紧急电话", "火警", "", "", "119", "", ""),
                ]
            )
        ),
    )
    assert [c.category for c in created] == [
        ContactCategory.GAS_SUPPLIER,
        ContactCategory.EMERGENCY,
    ]
    book = load_workbook(
        io.BytesIO(exports.contacts_workbook(Contact.objects.order_by("pk"), title="t"))
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == tuple(exports.contact_columns())
    assert [r[1] for r in rows[1:]] == ["张警官", "燃气抢修", "火警"]


def test_log4_import_refuses_a_file_that_is_not_the_template(site, people):
    with pytest.raises(ValidationFailed) as exc:
        exports.read_contacts(xlsx([("x",)], header=("name",)))
    assert "Columns missing" in exc.value.field_errors["file"][0]
    with pytest.raises(ValidationFailed):
        exports.read_contacts(SimpleUploadedFile("contacts.xlsx", b"not a workbook"))


def test_log4_edit_is_versioned_and_audited(site, people, police):
    p = people[Role.PROCESSOR]
    changed = services.update_contact(
        p,
        police,
        version=police.version,
        category=ContactCategory.POLICE,
        name="张警官",
        organisation="江北派出所",
        phone="023-67009999",
    )
    assert changed.phone == "023-67009999" and list(
        selectors.search_contacts(p, site=site, q="0236700999")
    )
    with pytest.raises(Conflict):
        services.update_contact(
            p,
            police,
            version=police.version,
            category=ContactCategory.POLICE,
            name="x",
            phone="023-67001111",
        )
    with pytest.raises(PermissionDenied):
        services.add_contact(
            people[Role.DEPT_STAFF],
            site=site,
            category=ContactCategory.OTHER,
            name="x",
            phone="13800138000",
        )
    services.remove_contact(p, changed, version=changed.version)
    assert not Contact.objects.exists()


def test_log4_import_from_the_command_line(site, people, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([("辖区派出所", "", "", "", "110", "", "")]).read())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_contacts", str(bad), site=site.code, username=people[Role.PROCESSOR].username
        )
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        xlsx(
            [
                ("常用紧急电话", "火警", "", "", "119", "", ""),
                ("居委会", "王主任", "江岸社区居委会", "主任", "023-67552233", "", ""),
            ]
        ).read()
    )
    call_command(
        "import_contacts", str(good), site=site.code, username=people[Role.PROCESSOR].username
    )
    assert Contact.objects.count() == 2
