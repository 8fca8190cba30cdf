"""Forms of duty and closing (MR-1): the roster, its changes and swaps, the duty and closing
checklists. They parse; the services in ``services.duty`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.validators import is_number

from ..choices import ClosingItem, DutyItem
from ..models import MachineRoom
from .common import PeopleChoiceField, PeopleForm, PersonField, RoomChoices, day

OK, PROBLEM = "ok", "problem"


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
        if not (is_number(pk) and is_number(version) and int(pk) in self.day_ids):
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
