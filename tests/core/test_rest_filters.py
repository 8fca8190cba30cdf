"""One filterset serves a list page, the API and the export (STYLE 8): the API refuses an
invalid value with a 400 naming the field; a page ignores it."""

import django_filters
import pytest
from rest_framework.exceptions import ValidationError

from infocenter.core.models import Department
from infocenter.core.rest import filter_strictly


class DepartmentFilter(django_filters.FilterSet):
    class Meta:
        model = Department
        fields = ["site", "code"]


def test_x7_filter_strictly_narrows_by_valid_values_and_names_the_invalid_field(org):
    everything = Department.objects.all()
    narrowed = filter_strictly(DepartmentFilter, {"site": org["a"].pk}, everything)
    assert set(narrowed) == set(everything.filter(site=org["a"]))
    with pytest.raises(ValidationError) as refused:
        filter_strictly(DepartmentFilter, {"site": "nowhere"}, everything)
    assert set(refused.value.detail) == {"site"}
    assert set(DepartmentFilter({"site": "nowhere"}, queryset=everything).qs) == set(everything)
