"""Page helpers shared by the apps."""

import pytest

from infocenter.core.models import Site
from infocenter.core.web import LookaheadPaginator


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
