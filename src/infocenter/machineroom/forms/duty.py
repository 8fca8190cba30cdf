"""Forms of duty and closing (MR-1), serious events and the power and fire-system approvals (MR-5,
MR-6). They parse; the services in ``machineroom.duty`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import User

from ..choices import ClosingItem, DutyItem, EventKind, FireChangeKind
from ..models import MachineRoom
from . import PeopleForm, PersonField, day, when

OK, PROBLEM = "ok", "problem"
YES_NO = [("", "---------"), ("yes", _("Yes")), ("no", _("No"))]


class PeopleChoiceField(forms.MultipleChoiceField):
    """Several people among those already read; cleans to a list of ``User`` in the listed order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.people: dict[str, User] = {}

    def set_people(self, people) -> None:
        self.people = {str(p.pk): p for p in people}
        self.choices = [(str(p.pk), str(p)) for p in people]

    def clean(self, value):
        chosen = set(super().clean(value) or [])
        return [p for key, p in self.people.items() if key in chosen]


class RoomChoices(StyledForm):
    """A form naming one of the site's rooms (read once by the page)."""

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = MachineRoom.objects.filter(pk__in=[r.pk for r in rooms])


class RosterPlanForm(RoomChoices, PeopleForm):
    """MR-1: plan a week or a month at once, the duty rotating through the chosen people."""

    people_fields = ("people", "on_call")
    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    start = day(label=_("from"))
    end = day(label=_("to"))
    people = PeopleChoiceField(
        label=_("duty in turn"), help_text=_("One a day, in the listed order.")
    )
    on_call = PeopleChoiceField(
        label=_("on call"),
        required=False,
        help_text=_(
            "Called out at once for theft, break-in, fire, flooding, a 110 alarm or a power outage."
        ),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    replace = forms.BooleanField(label=_("Replace days already planned"), required=False)


class RosterDayForm(VersionedForm, PeopleForm):
    """MR-1: change one day's duty person or on-call staff."""

    people_fields = ("person", "on_call")
    person = PersonField(label=_("duty person"))
    on_call = PeopleChoiceField(label=_("on call"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class SwapForm(VersionedForm):
    """MR-1: swap a day's duty person with another day's."""

    # "id:version": the other day is version-checked too (a change made to it since is refused as stale).
    other = forms.CharField(label=_("swap with"), widget=forms.Select)

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.day_ids = {r.pk for r in days}
        self.fields["other"].widget.choices = [
            ("", "---------"),
            *((f"{r.pk}:{r.version}", f"{r.day:%m-%d} {r.person}") for r in days),
        ]

    def clean_other(self) -> tuple[int, int]:
        pk, _sep, version = self.cleaned_data["other"].partition(":")
        if not (pk.isdigit() and version.isdigit() and int(pk) in self.day_ids):
            raise forms.ValidationError(_("Choose another day of the same machine room."))
        return int(pk), int(version)


def _checklist_fields(items) -> dict:
    fields = {}
    for code, label in items.choices:
        fields[f"ok_{code}"] = forms.ChoiceField(
            label=label, choices=[(OK, _("OK")), (PROBLEM, _("Problem"))], widget=forms.RadioSelect
        )
        fields[f"note_{code}"] = forms.CharField(
            label=_("what is wrong"), max_length=300, required=False
        )
    fields["note"] = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    return fields


class ChecklistForm(StyledForm):
    """Each item OK or a problem with its note; ``results()`` gives the service's shape."""

    items = DutyItem

    def results(self) -> dict:
        data = self.cleaned_data
        return {
            code: (data[f"ok_{code}"] == OK, data.get(f"note_{code}", ""))
            for code in self.items.values
        }

    def rows(self):
        """(item field, note field) pairs, for the page."""
        return [(self[f"ok_{code}"], self[f"note_{code}"]) for code in self.items.values]


DutyCheckForm = type(ChecklistForm)(
    "DutyCheckForm",
    (ChecklistForm,),
    {
        **_checklist_fields(DutyItem),
        "items": DutyItem,
        "version": forms.IntegerField(widget=forms.HiddenInput),
        "__doc__": "MR-1: the day's duty checklist.",
    },
)
ClosingForm = type(ChecklistForm)(
    "ClosingForm",
    (ChecklistForm,),
    {
        **_checklist_fields(ClosingItem),
        "items": ClosingItem,
        "room": forms.IntegerField(widget=forms.HiddenInput),
        "__doc__": "MR-1, MR-5, MR-6: the last person out's closing checklist.",
    },
)


class EventForm(RoomChoices):
    """MR-1: a serious event (or an electrical or fire hazard) reported at once."""

    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=EventKind.choices)
    description = forms.CharField(
        label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("measures taken at once"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a hazard."),
    )
    occurred_at = when(label=_("occurred at"), required=False, help_text=_("Empty: now."))


class OutageForm(VersionedForm):
    """MR-5: the power-outage procedure as followed."""

    ups_on_battery = forms.ChoiceField(label=_("UPS took over"), choices=YES_NO)
    generator_called_at = when(label=_("generator requested at"), required=False)
    generator_running_at = when(label=_("generator running at"), required=False)
    power_restored_at = when(label=_("mains power restored at"), required=False)

    def clean_ups_on_battery(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["ups_on_battery"])


class CloseEventForm(VersionedForm):
    outcome = forms.CharField(label=_("how it ended"), widget=forms.Textarea(attrs={"rows": 3}))


class ArrivalForm(PeopleForm):
    people_fields = ("person",)
    person = PersonField(label=_("person"), required=False, help_text=_("Empty: yourself."))


class PowerPermitForm(RoomChoices):
    """MR-5: a power-use permit (用电申请)."""

    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    equipment = forms.CharField(label=_("equipment"), max_length=120)
    watts = forms.IntegerField(label=_("power (W)"), min_value=1)
    supply = forms.CharField(
        label=_("where it is plugged in"),
        max_length=120,
        help_text=_("e.g. PDU B2 socket 5, the maintenance board"),
    )
    organisation = forms.CharField(
        label=_("outside organisation"),
        max_length=100,
        required=False,
        help_text=_("When an outside unit uses the machine room's power."),
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    starts_at = when(label=_("from"))
    ends_at = when(label=_("until"))
    lines_checked = forms.BooleanField(
        label=_("Lines, connectors and protection are checked before switching on"), required=False
    )


class FireChangeForm(RoomChoices):
    """MR-6: a fire-system change request (消防系统变更)."""

    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    kind = forms.ChoiceField(label=_("what changes"), choices=FireChangeKind.choices)
    equipment = forms.CharField(
        label=_("equipment"),
        max_length=120,
        help_text=_("e.g. gas extinguishing controller, smoke detector zone 2"),
    )
    current = forms.CharField(label=_("now"), max_length=200)
    proposed = forms.CharField(label=_("after the change"), max_length=200)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    safeguards = forms.CharField(
        label=_("fire safety during the change"), widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_at = when(label=_("from"))
    ends_at = when(label=_("until"))


class FinishForm(VersionedForm):
    note = forms.CharField(label=_("how it was left"), widget=forms.Textarea(attrs={"rows": 2}))


class DutyPolicyForm(VersionedForm):
    power_threshold_watts = forms.IntegerField(
        label=_("permit needed above (W)"), min_value=100, max_value=100000
    )
