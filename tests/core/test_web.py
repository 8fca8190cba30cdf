"""Page helpers shared by the apps."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Site
from infocenter.core.web import LookaheadPaginator, saved


@pytest.mark.django_db
def test_lookahead_pages_read_one_row_more_and_never_count(org, django_assert_num_queries):
    rows = Site.objects.order_by("pk")  # two sites in the fixture
    with django_assert_num_queries(1):
        first = LookaheadPaginator(rows, 1).get_page(1)
        assert [s.code for s in first] == ["sa"] and first.has_next() and not first.has_previous()
    second = LookaheadPaginator(rows, 1).get_page("2")
    assert (
        [s.code for s in second] == ["sb"]
        and not second.has_next()
        and second.previous_page_number() == 1
    )
    assert [s.code for s in LookaheadPaginator(rows, 1).get_page(99)] == [
        "sa"
    ]  # past the end: the first page
    assert [s.code for s in LookaheadPaginator(rows, 5).get_page("x")] == ["sa", "sb"]


class _NameForm(forms.Form):
    name = forms.CharField()


def _posted(data):
    request = RequestFactory().post("/x/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_saved_says_and_goes_where_the_saved_record_tells():
    request = _posted({"name": "江岸"})
    form = _NameForm(request.POST)
    response = saved(
        request,
        form,
        lambda: Site(pk=7, name=form.cleaned_data["name"]),
        lambda site: f"{site.name} saved.",
        lambda site: f"/sites/{site.pk}/",
    )
    assert response.status_code == 302 and response.url == "/sites/7/"
    assert [str(m) for m in get_messages(request)] == ["江岸 saved."]


def test_saved_puts_a_refusal_on_the_form_and_shows_the_page():
    request = _posted({"name": "江岸"})
    form = _NameForm(request.POST)

    def refuse():
        raise ValidationFailed(field_errors={"name": ["Taken."]})

    assert saved(request, form, refuse, "Saved.", "/") is None
    assert form.errors == {"name": ["Taken."]} and not list(get_messages(request))
    unposted = RequestFactory().get("/x/")
    assert saved(unposted, _NameForm(), refuse, "Saved.", "/") is None
