"""Issue 14, items 7 and 9 on the service desk's pages: the technician's order page on a phone
(the customer's tap-to-call phone, one photo control taking several photos, all kept or none)
and the weekly hand-over made on any day with a preview before it is confirmed."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from infocenter.core.attachments import attachments_of
from infocenter.core.choices import Role
from infocenter.core.models import AuditEvent
from infocenter.servicedesk import services
from infocenter.servicedesk.models import ArchiveBatch

from .test_archive import complete, last_week_form


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def image_file(name="photo.jpg", fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def assigned(order, people):
    return services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )


def test_ux7_order_page_shows_the_customer_with_a_tap_to_call_phone(assigned, people, client_for):
    page = (
        client_for(people[Role.DEPT_STAFF])
        .get(reverse("servicedesk:order", args=[assigned.pk]))
        .content.decode()
    )
    assert 'href="tel:13800138000"' in page and "张三" in page
    # On a phone the actions come before the details (Bootstrap order classes).
    assert 'class="col-12 col-lg-5 order-first order-lg-last" data-testid="actions"' in page


def test_ux7_one_chinese_photo_control_for_several_photos(assigned, people, client_for):
    page = (
        client_for(people[Role.DEPT_STAFF])
        .get(reverse("servicedesk:order", args=[assigned.pk]))
        .content.decode()
    )
    assert "拍照或选择照片" in page and "photos.js" in page
    field = page[page.index('<input type="file"') :]
    field = field[: field.index(">")]
    assert 'accept="image/*"' in field and 'capture="environment"' in field
    assert "multiple" in field


def test_ux7_several_photos_in_one_post(assigned, people, client_for):
    tech = client_for(people[Role.DEPT_STAFF])
    response = tech.post(
        reverse("servicedesk:order_photo_add", args=[assigned.pk]),
        {"stage": "before", "upload": [image_file("a.jpg"), image_file("b.png", "PNG")]},
        follow=True,
    )
    assert "已添加照片 2 张。" in response.content.decode()
    assert [p.original_name for p in attachments_of(assigned)] == ["a.jpg", "b.png"]
    assert AuditEvent.objects.filter(kind="order.photo_added").count() == 2


def test_ux7_one_bad_photo_refuses_all_with_its_reason(assigned, people, client_for):
    tech = client_for(people[Role.DEPT_STAFF])
    response = tech.post(
        reverse("servicedesk:order_photo_add", args=[assigned.pk]),
        {
            "stage": "after",
            "upload": [image_file("good.jpg"), SimpleUploadedFile("notes.txt", b"not an image")],
        },
        follow=True,
    )
    body = response.content.decode()
    assert "照片未添加：notes.txt：" in body
    assert not attachments_of(assigned).exists()
    assert not AuditEvent.objects.filter(kind="order.photo_added").exists()


def test_ux7_photos_only_by_the_handling_department(assigned, people, client_for):
    response = client_for(people[Role.CS_ASSISTANT]).post(
        reverse("servicedesk:order_photo_add", args=[assigned.pk]),
        {"stage": "after", "upload": [image_file()]},
    )
    assert response.status_code == 403 and not attachments_of(assigned).exists()


def test_ux7_no_photo_chosen_is_refused_in_words(assigned, people, client_for):
    response = client_for(people[Role.DEPT_STAFF]).post(
        reverse("servicedesk:order_photo_add", args=[assigned.pk]),
        {"stage": "before"},
        follow=True,
    )
    assert "请至少选择一张照片。" in response.content.decode()


def _wednesday_after(day: dt.date) -> dt.datetime:
    """10:00 on the Wednesday of the week after ``day``'s week: not a hand-over weekday."""
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=7)
    return timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(10)))


def test_ux9_handover_on_a_wednesday_of_any_day_of_the_past_week(people, org, gc, client_for):
    done, _order = complete(people, last_week_form(people, org), gc)
    waiting = last_week_form(people, org)
    received = timezone.localdate(done.received_at)
    with time_machine.travel(_wednesday_after(received), tick=False):
        client = client_for(people[Role.PROCESSOR])
        any_day = received + dt.timedelta(days=3)  # a Friday or so: the week it is in counts
        preview = client.post(
            reverse("servicedesk:archive"),
            {"site": org["a"].pk, "week_start": any_day.isoformat(), "preview": "1"},
        )
        body = preview.content.decode()
        assert preview.status_code == 200 and 'data-testid="batch-preview"' in body
        assert "确认移交" in body and waiting.serial in body and done.serial not in body
        assert not ArchiveBatch.objects.exists()
        confirmed = client.post(
            reverse("servicedesk:archive"),
            {"site": org["a"].pk, "week_start": any_day.isoformat()},
        )
        assert confirmed.status_code == 302
    batch = ArchiveBatch.objects.get()
    assert batch.week_start == received - dt.timedelta(days=received.weekday())
    assert list(batch.forms.all()) == [done] and [r["serial"] for r in batch.refused] == [
        waiting.serial
    ]


def test_ux9_handover_preview_needs_the_hand_over_right(people, org, client_for):
    response = client_for(people[Role.DATA_MANAGER]).post(
        reverse("servicedesk:archive"),
        {"site": org["a"].pk, "week_start": timezone.localdate().isoformat(), "preview": "1"},
    )
    assert response.status_code == 403


def test_ux9_handover_preview_query_budget(
    people, org, gc, client_for, django_assert_max_num_queries
):
    for _n in range(3):
        last_week_form(people, org)
    client = client_for(people[Role.PROCESSOR])
    data = {"site": org["a"].pk, "week_start": timezone.localdate().isoformat(), "preview": "1"}
    client.post(reverse("servicedesk:archive"), data)
    with django_assert_max_num_queries(25):
        assert client.post(reverse("servicedesk:archive"), data).status_code == 200
