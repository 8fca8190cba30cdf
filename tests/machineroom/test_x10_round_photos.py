"""X-10 on the inspection round (MR-9): each item has the project's one photo control (a large
Chinese button over a hidden file input that takes several photos straight from the camera),
not the browser's own file control; several photos of an item are kept together, or none when
one is refused, the refused file named; the API takes several in one request too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from infocenter.core.attachments import attachments_of
from infocenter.core.models import Attachment

from .conftest import photo

pytestmark = pytest.mark.django_db

API = "/api/v1/machineroom"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _ids(record) -> dict:
    return {r.label: r.pk for r in record.results.all()}


def _page(client, record) -> str:
    return client.get(reverse("machineroom:round", args=[record.pk])).content.decode()


def broken(name="broken.jpg"):
    return SimpleUploadedFile(name, b"not an image", content_type="image/jpeg")


def test_x10_every_item_of_a_round_has_the_one_photo_control(open_round, maintainer, client_for):
    page = _page(client_for(maintainer), open_round)
    items = open_round.results.count()
    assert page.count("data-photo-control") == items
    assert page.count('data-testid="photo-pick"') == items and "拍照或选择照片" in page
    assert page.count('type="file"') == items
    assert page.count("data-photo-input") == items and page.count(" multiple") >= items
    assert page.count('capture="environment"') == items
    assert 'aria-label="拍照或选择照片: UPS 运行状态"' in page
    assert 'data-count-text="已选择 {n} 张照片"' in page and "infocenter/photos.js" in page
    assert 'class="form-control" aria-label' not in page  # the browser's own control is gone


def test_x10_several_photos_of_an_item_are_kept_and_shown(open_round, maintainer, client_for):
    client = client_for(maintainer)
    ups = _ids(open_round)["UPS 运行状态"]
    response = client.post(
        reverse("machineroom:round", args=[open_round.pk]),
        {
            "version": open_round.version,
            "action": "save",
            f"r{ups}_outcome": "pass",
            f"r{ups}_photo": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    assert response.status_code == 302
    result = open_round.results.get(pk=ups)
    kept = list(attachments_of(result).order_by("pk"))
    assert [p.original_name for p in kept] == ["a.jpg", "b.jpg"]
    assert result.photo_id == kept[-1].pk and result.outcome == "pass"
    page = _page(client, open_round)
    shown = page.split('data-item="UPS 运行状态"')[1].split('data-testid="item-photos"')[1]
    for p in kept:
        url = reverse("machineroom:round_result_photo", args=[open_round.pk, ups, p.pk])
        assert url in shown.split("</div>")[0]
        served = client.get(url)
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    other = _ids(open_round)["灭火器压力"]
    wrong = reverse("machineroom:round_result_photo", args=[open_round.pk, other, kept[0].pk])
    assert client.get(wrong).status_code == 404  # a photo is served only as its item's


def test_x10_one_refused_photo_keeps_none_and_is_named(
    open_round, maintainer, client_for, settings
):
    """Every file is checked before any is stored: the good photo sent before the broken one
    leaves neither a row nor a file behind."""
    client = client_for(maintainer)
    ids = _ids(open_round)
    ups, temperature = ids["UPS 运行状态"], ids["机房温度"]
    response = client.post(
        reverse("machineroom:round", args=[open_round.pk]),
        {
            "version": open_round.version,
            "action": "save",
            f"r{temperature}_reading": "22",
            f"r{ups}_outcome": "pass",
            f"r{ups}_photo": [photo("good.jpg"), broken(), photo("later.jpg")],
        },
    )
    assert response.status_code == 400
    item = response.content.decode().split('data-item="UPS 运行状态"')[1].split('data-item="')[0]
    assert "broken.jpg：无法识别的照片文件。" in item and "invalid-feedback" in item
    assert not Attachment.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    result = open_round.results.get(pk=ups)
    assert result.photo_id is None and result.outcome == "pending"  # none of it was saved
    assert open_round.results.get(pk=temperature).reading is None


def test_x10_an_item_takes_at_most_ten_photos_at_once(open_round, maintainer, client_for):
    ups = _ids(open_round)["UPS 运行状态"]
    response = client_for(maintainer).post(
        reverse("machineroom:round", args=[open_round.pk]),
        {
            "version": open_round.version,
            "action": "save",
            f"r{ups}_photo": [photo(f"{n}.jpg") for n in range(11)],
        },
    )
    assert response.status_code == 400
    assert "一次最多 10 张照片。" in response.content.decode()
    assert not Attachment.objects.exists()


def test_x10_api_takes_several_photos_of_an_item_in_one_request(open_round, maintainer, api_for):
    client = api_for(maintainer)
    ups = _ids(open_round)["UPS 运行状态"]
    url = f"{API}/rounds/{open_round.pk}/photo/"
    refused = client.post(
        url,
        {"version": open_round.version, "result": ups, "photo": [photo("a.jpg"), broken()]},
        format="multipart",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {f"r{ups}_photo": ["broken.jpg：无法识别的照片文件。"]}
    assert not Attachment.objects.exists()
    done = client.post(
        url,
        {"version": open_round.version, "result": ups, "photo": [photo("a.jpg"), photo("b.jpg")]},
        format="multipart",
    )
    assert done.status_code == 200, done.content
    item = next(r for r in done.json()["results"] if r["id"] == ups)
    assert item["has_photo"]
    result = open_round.results.get(pk=ups)
    assert [p.original_name for p in attachments_of(result)] == ["a.jpg", "b.jpg"]
    one = client.post(
        url,
        {"version": done.json()["version"], "result": ups, "photo": photo("c.jpg")},
        format="multipart",
    )
    assert one.status_code == 200  # one file, as before
    assert attachments_of(result).count() == 3
