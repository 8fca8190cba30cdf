"""X-10: photos before and after the work on a work order: JPEG, PNG or WebP up to 10 MB,
checked, turned upright and resized for the phone; anything else is refused with the reason."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from infocenter.core.attachments import attachments_of
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from infocenter.servicedesk import services


def image_file(fmt="JPEG", size=(3000, 2000), name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def assigned(order, people):
    return services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )


def test_x10_photo_is_resized_for_the_phone(assigned, people):
    photo = services.add_order_photo(
        people[Role.DEPT_STAFF], assigned, upload=image_file(), stage="before"
    )
    assert (photo.width, photo.height) == (1600, 1067) and photo.content_type == "image/jpeg"
    assert photo.size < 1_000_000
    services.add_order_photo(
        people[Role.DEPT_STAFF],
        assigned,
        upload=image_file("PNG", (800, 600), "a.png"),
        stage="after",
    )
    assert [p.stage for p in attachments_of(assigned)] == ["before", "after"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"not an image"), "not a readable photo"),
        (image_file("GIF", (10, 10), "a.gif"), "JPEG, PNG or WebP"),
        (SimpleUploadedFile("huge.jpg", b"\xff" * (10 * 1024 * 1024 + 1)), "10 MB"),
    ],
)
def test_x10_refusals_name_the_limit(assigned, people, upload, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        services.add_order_photo(people[Role.DEPT_STAFF], assigned, upload=upload, stage="before")
    assert exc.value.rule == "X-10" and not attachments_of(assigned).exists()
    assert message in str(exc.value.field_errors["photo"][0])


def test_x10_only_the_handling_department_adds_photos_while_handling(assigned, order, people):
    with pytest.raises(PermissionDenied):
        services.add_order_photo(
            people[Role.CS_ASSISTANT], assigned, upload=image_file(), stage="after"
        )
    with pytest.raises(ValidationFailed):
        services.add_order_photo(
            people[Role.DEPT_STAFF], assigned, upload=image_file(), stage="during"
        )
    returned = services.return_order(
        people[Role.DEPT_HEAD], assigned, version=assigned.version, reason="缺件"
    )
    with pytest.raises(InvalidTransition):
        services.add_order_photo(
            people[Role.DEPT_STAFF], returned, upload=image_file(), stage="after"
        )


def test_x10_photo_pages(assigned, people, client_for):
    tech = client_for(people[Role.DEPT_STAFF])
    page = tech.get(reverse("servicedesk:order", args=[assigned.pk])).content.decode()
    assert 'capture="environment"' in page
    response = tech.post(
        reverse("servicedesk:order_photo_add", args=[assigned.pk]),
        {"stage": "before", "upload": image_file()},
    )
    assert response.status_code == 302
    photo = attachments_of(assigned).get()
    image = client_for(people[Role.CS_ASSISTANT]).get(
        reverse("servicedesk:order_photo", args=[assigned.pk, photo.pk])
    )
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"
