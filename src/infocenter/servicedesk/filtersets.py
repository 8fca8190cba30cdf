"""One filterset per list, shared by pages, API and exports (STYLE 8): the register page and
its Excel export (page and API) narrow the register with ``FormFilter`` as the form list of the
API does; a page ignores an invalid value, the API answers 400 naming the field."""

import django_filters
from django.db.models import Q

from infocenter.core.filtersets import IdFilter, period
from infocenter.core.models import Building

from . import reports
from .choices import CallbackOutcome, Category
from .models import URGENT_ORDERS, BatchProblem, Resident, ServiceForm, WorkOrder
from .workflows import OPEN_ORDER_STATES

# -- the dashboard's click-through filters ------------------------------------
# Each figure of the dashboard links to a list with these filters in its URL; they use the same
# expressions as the figures (``reports``), so the list counts what the figure counted.


class ClockFilters(django_filters.FilterSet):
    """By a named clock (``clock``: its kind) and its outcome (``clock_state``: met, breached,
    open), and ``overdue``: a clock breached and still running, now."""

    clock = django_filters.ChoiceFilter(
        choices=[(k, k) for k in reports.CLOCK_KINDS], method="_clock"
    )
    clock_state = django_filters.ChoiceFilter(
        choices=[("met", "met"), ("breached", "breached"), ("open", "open")], method="_clock"
    )
    overdue = django_filters.BooleanFilter(method="_overdue")

    def _label(self) -> str:
        return self._meta.model._meta.label_lower

    def _clock(self, queryset, name, value):
        data = self.form.cleaned_data
        kinds = [data["clock"]] if data.get("clock") else reports.CLOCK_KINDS
        state = data.get("clock_state")
        states = (
            reports.STATE_GROUPS[state]
            if state
            else [s for g in reports.STATE_GROUPS.values() for s in g]
        )
        return queryset.filter(reports.clock_exists(self._label(), kinds=kinds, states=states))

    def _overdue(self, queryset, name, value):
        overdue = reports.overdue_exists(self._label())
        return queryset.filter(overdue if value else ~overdue)


class FormFigureFilters(ClockFilters):
    """Forms called back (``called_back``) or with a callback of one outcome (``callback``)."""

    called_back = django_filters.BooleanFilter(method="_called_back")
    callback = django_filters.ChoiceFilter(choices=CallbackOutcome.choices, method="_callback")

    def _called_back(self, queryset, name, value):
        exists = reports.callback_exists()
        return queryset.filter(exists if value else ~exists)

    def _callback(self, queryset, name, value):
        return queryset.filter(reports.callback_exists(value))


class OrderFigureFilters(ClockFilters):
    """Orders by their form's category; ``reissued``: re-issued after a breach (SD-14) or not;
    ``open``: still being worked on (dispatched to in progress)."""

    category = django_filters.ChoiceFilter(field_name="form__category", choices=Category.choices)
    reissued = django_filters.BooleanFilter(
        field_name="reissue_of", lookup_expr="isnull", exclude=True
    )
    open = django_filters.BooleanFilter(method="_open")

    def _open(self, queryset, name, value):
        running = Q(state__in=OPEN_ORDER_STATES)
        return queryset.filter(running if value else ~running)


# -- the lists ------------------------------------------------------------------------------------


class FormFilter(FormFigureFilters):
    """Also by the building of the flat (``building``), at a flat or elsewhere (``flat``), and
    the complaints of a flat or resident that complained more than once within the received
    period (``repeat``)."""

    received_after, received_before = period("received_at")
    phone = django_filters.CharFilter(field_name="reporter_phone", lookup_expr="startswith")
    building = django_filters.ModelChoiceFilter(
        field_name="room__unit__building", queryset=Building.objects.all()
    )
    flat = django_filters.BooleanFilter(field_name="room", lookup_expr="isnull", exclude=True)
    repeat = django_filters.BooleanFilter(method="_repeat")

    class Meta:
        model = ServiceForm
        fields = ["site", "state", "category", "source", "major", "room", "resident"]

    def _repeat(self, queryset, name, value):
        data = self.form.cleaned_data
        repeated = reports.repeat_complaint(data.get("received_after"), data.get("received_before"))
        return queryset.filter(repeated) if value else queryset.exclude(repeated)


class OrderFilter(OrderFigureFilters):
    dispatched_after, dispatched_before = period("dispatched_at")
    returned_after, returned_before = period("returned_at")

    class Meta:
        model = WorkOrder
        fields = ["site", "state", "department", "assignee", "assistant", "form"]


class QueueFilter(django_filters.FilterSet):
    """The order queues (inbox, follow-up): by state and department, urgent or major matters
    only (``urgent=true``), and what the filter box holds (``q``): a serial, the reporter's
    name, the place (when not a flat) or words of what was reported. All of them combine, so
    a saved filter keeps its words too."""

    urgent = django_filters.BooleanFilter(method="_urgent")
    q = django_filters.CharFilter(method="_matching")

    class Meta:
        model = WorkOrder
        fields = ["state", "department"]

    def _urgent(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(URGENT_ORDERS) if value else queryset.exclude(URGENT_ORDERS)

    def _matching(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(serial__icontains=q)
            | Q(form__reporter_name__icontains=q)
            | Q(form__location__icontains=q)
            | Q(form__content__icontains=q)
        )


class ResidentFilter(django_filters.FilterSet):
    building = IdFilter(field_name="room__unit__building")

    class Meta:
        model = Resident
        fields = ["site", "kind", "room", "state"]


class MajorEventFilter(django_filters.FilterSet):
    """Major events (SD-15): by site and state, and by whether the written report and the
    leaders' instructions exist yet."""

    reported = django_filters.BooleanFilter(method="_has", field_name="major_report")
    instructed = django_filters.BooleanFilter(method="_has", field_name="instructions")

    class Meta:
        model = ServiceForm
        fields = ["site", "state"]

    def _has(self, queryset, name, value):
        return queryset.exclude(**{name: ""}) if value else queryset.filter(**{name: ""})


class ProblemFilter(django_filters.FilterSet):
    """SD-12: the corrections queue; ``mine`` keeps the reader's own problems."""

    mine = django_filters.BooleanFilter(method="_mine")

    class Meta:
        model = BatchProblem
        fields = ["site", "state", "batch", "form", "responsible"]

    def _mine(self, queryset, name, value):
        user = self.request.user if self.request else None
        if value is None or user is None:
            return queryset
        return queryset.filter(responsible=user) if value else queryset.exclude(responsible=user)
