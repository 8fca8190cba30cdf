"""X-7: what the service-desk pages can do is in the API too: the managers' dashboard figures,
major events (SD-15) with the written report and the leaders' instructions, and the photos of a
work order (X-10), each with its refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import Category, ReporterKind, Source

from .test_photos import image_file


@pytest.fixture
def major(org, people):
    return services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="李四",
        reporter_phone="13900001111",
        category=Category.COMPLAINT,
        content="地下车库进水",
        major=True,
    )


@pytest.fixture
def assigned(order, people):
    return services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )


# -- dashboard -------------------------------------------------------------------------------


def test_x7_dashboard_figures_as_json(order, org, people, api_for):
    response = api_for(people[Role.CS_MANAGER]).get(
        reverse("sd-dashboard"), {"site": org["a"].pk, "days": 7}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["site"] == org["a"].pk and body["total"] == 1 and body["orders"] == 1
    assert body["by_department"] == [{"label": "工程部", "count": 1}]
    assert {s["kind"] for s in body["sla"]} == {
        "sd.dispatch",
        "sd.arrange",
        "sd.report",
        "sd.finish",
    }
    assert len(body["daily"]) == 7 and body["overdue"] == []


def test_x7_dashboard_refusals(org, people, api_for):
    url = reverse("sd-dashboard")
    assert api_for(people[Role.DEPT_STAFF]).get(url, {"site": org["a"].pk}).status_code == 403
    manager = api_for(people[Role.CS_MANAGER])
    assert manager.get(url, {"site": org["b"].pk}).status_code == 404
    bad = manager.get(url, {"site": org["a"].pk, "days": 12})
    assert bad.status_code == 400 and "days" in bad.json()
    assert manager.get(url).status_code == 400


# -- major events (SD-15) -----------------------------------------------------------------------


def test_sd15_major_events_list_report_and_instructions(major, form, people, api_for):
    processor = api_for(people[Role.PROCESSOR])
    rows = processor.get(reverse("sd-major-event-list")).json()["results"]
    assert [r["serial"] for r in rows] == [major.serial]  # only major forms
    waiting = processor.get(reverse("sd-major-event-list"), {"reported": "false"}).json()
    assert waiting["count"] == 1
    response = processor.post(
        reverse("sd-major-event-report", kwargs={"pk": major.pk}),
        {"version": major.version, "report": "车库B2进水约10厘米"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["major_report"] == "车库B2进水约10厘米"
    assert body["major_reported_by_name"] == str(people[Role.PROCESSOR])
    gm = api_for(people[Role.BRANCH_GM])
    response = gm.post(
        reverse("sd-major-event-instructions", kwargs={"pk": major.pk}),
        {"version": body["version"], "instructions": "启动防汛预案"},
        format="json",
    )
    assert response.status_code == 200, response.content
    detail = gm.get(reverse("sd-major-event-detail", kwargs={"pk": major.pk})).json()
    assert detail["instructions"] == "启动防汛预案"
    assert detail["instructed_by_name"] == str(people[Role.BRANCH_GM])
    assert (
        processor.get(reverse("sd-major-event-list"), {"instructed": "true"}).json()["count"] == 1
    )
    # a form that is not major is not a major event
    missing = processor.get(reverse("sd-major-event-detail", kwargs={"pk": form.pk}))
    assert missing.status_code == 404


def test_sd15_major_event_refusals_over_the_api(major, people, api_for):
    report = reverse("sd-major-event-report", kwargs={"pk": major.pk})
    instructions = reverse("sd-major-event-instructions", kwargs={"pk": major.pk})
    gm = api_for(people[Role.BRANCH_GM])
    early = gm.post(instructions, {"version": major.version, "instructions": "x"}, format="json")
    assert early.status_code == 409 and early.json()["rule"] == "SD-15"
    assert early.json()["detail"] == f"{major.serial} 尚无书面汇报。"
    staff = api_for(people[Role.DEPT_STAFF])
    refused = staff.post(report, {"version": major.version, "report": "x"}, format="json")
    assert refused.status_code in (403, 404)
    processor = api_for(people[Role.PROCESSOR])
    empty = processor.post(report, {"version": major.version, "report": " "}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"] == {"report": ["请填写汇报内容。"]}
    stale = processor.post(report, {"version": major.version + 5, "report": "y"}, format="json")
    assert stale.status_code == 409
    done = processor.post(report, {"version": major.version, "report": "y"}, format="json")
    assert done.status_code == 200
    refused = api_for(people[Role.PROCESSOR]).post(
        instructions, {"version": major.version + 1, "instructions": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_sd15_major_event_list_query_budget(org, people, api_for):
    for n in range(5):
        services.log_form(
            people[Role.PROCESSOR],
            site=org["a"],
            source=Source.PHONE,
            reporter_kind=ReporterKind.OWNER,
            reporter_name=f"业主{n}",
            reporter_phone="13900001111",
            category=Category.COMPLAINT,
            content="停电",
            major=True,
        )
    client = api_for(people[Role.CS_MANAGER])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("sd-major-event-list")).json()["count"] == 5
    assert len(queries) <= 6, [q["sql"] for q in queries]


# -- order photos (X-10) -------------------------------------------------------------------------


def test_x7_order_photos_upload_list_and_download(assigned, people, api_for):
    url = reverse("sd-order-photos", kwargs={"pk": assigned.pk})
    tech = api_for(people[Role.DEPT_STAFF])
    response = tech.post(
        url, {"stage": "before", "upload": image_file(size=(80, 60))}, format="multipart"
    )
    assert response.status_code == 201, response.content
    [photo] = response.json()  # the photos added: here the one sent
    assert photo["stage"] == "before" and photo["content_type"] == "image/jpeg"
    assistant = api_for(people[Role.CS_ASSISTANT])
    listed = assistant.get(url).json()
    assert [p["id"] for p in listed] == [photo["id"]]
    image = assistant.get(
        reverse("sd-order-photo", kwargs={"pk": assigned.pk, "photo": photo["id"]})
    )
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content).startswith(b"\xff\xd8")


def test_x7_order_photos_several_in_one_request(assigned, people, api_for):
    """Several files in one request (a multipart part named ``upload`` each): all kept, in
    the order sent, with one audit event each; the answer lists them."""
    from infocenter.core.models import AuditEvent

    url = reverse("sd-order-photos", kwargs={"pk": assigned.pk})
    tech = api_for(people[Role.DEPT_STAFF])
    files = [image_file(name=name, size=(80, 60)) for name in ("a.jpg", "b.jpg", "c.jpg")]
    response = tech.post(url, {"stage": "after", "upload": files}, format="multipart")
    assert response.status_code == 201, response.content
    added = response.json()
    assert [p["original_name"] for p in added] == ["a.jpg", "b.jpg", "c.jpg"]
    assert {p["stage"] for p in added} == {"after"}
    assert [p["id"] for p in tech.get(url).json()] == [p["id"] for p in added]
    assert AuditEvent.objects.filter(kind="order.photo_added").count() == 3


def test_x7_order_photos_one_refused_file_keeps_none_and_is_named(assigned, people, api_for):
    from infocenter.core.models import Attachment

    url = reverse("sd-order-photos", kwargs={"pk": assigned.pk})
    tech = api_for(people[Role.DEPT_STAFF])
    files = [
        image_file(name="good.jpg", size=(80, 60)),
        SimpleUploadedFile("broken.jpg", b"not an image", content_type="image/jpeg"),
        image_file(name="later.jpg", size=(80, 60)),
    ]
    refused = tech.post(url, {"stage": "after", "upload": files}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"photo": ["broken.jpg：无法识别的照片文件。"]}
    assert not Attachment.objects.exists()
    empty = tech.post(url, {"stage": "after"}, format="multipart")
    assert empty.status_code == 400 and "upload" in empty.json()
    too_many = [image_file(name=f"{n}.jpg", size=(8, 6)) for n in range(11)]
    over = tech.post(url, {"stage": "after", "upload": too_many}, format="multipart")
    assert over.status_code == 400
    assert over.json()["errors"] == {"photo": ["一次最多 10 张照片。"]}
    assert not Attachment.objects.exists()


def test_x7_order_photo_api_documents_several_files():
    """The OpenAPI schema says ``upload`` takes several files and the answer is a list."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    post = schema["paths"]["/api/v1/servicedesk/orders/{id}/photos/"]["post"]
    body = post["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    upload = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]["upload"]
    assert upload["type"] == "array" and upload["items"]["format"] == "binary"
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["type"] == "array"
    assert "All are kept or none" in post["description"]
    photo = schema["paths"]["/api/v1/machineroom/rounds/{id}/photo/"]["post"]
    body = photo["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    field = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]["photo"]
    assert field["type"] == "array" and field["items"]["format"] == "binary"


def test_x7_order_photo_refusals(order, assigned, people, api_for, org):
    url = reverse("sd-order-photos", kwargs={"pk": assigned.pk})
    refused = api_for(people[Role.CS_ASSISTANT]).post(
        url, {"stage": "before", "upload": image_file(size=(80, 60))}, format="multipart"
    )
    assert refused.status_code == 403
    tech = api_for(people[Role.DEPT_STAFF])
    bad = tech.post(url, {"stage": "during", "upload": image_file()}, format="multipart")
    assert bad.status_code == 400 and "stage" in bad.json()
    not_image = tech.post(
        url,
        {"stage": "after", "upload": SimpleUploadedFile("x.jpg", b"not an image")},
        format="multipart",
    )
    assert not_image.status_code == 400
    missing = tech.get(reverse("sd-order-photo", kwargs={"pk": assigned.pk, "photo": 999999}))
    assert missing.status_code == 404
