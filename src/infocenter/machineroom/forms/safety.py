"""Forms of serious events and of the power and fire-system approvals (MR-1, MR-5, MR-6). They
parse; the services in ``services.safety`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import VersionedForm

from ..choices import EventKind, FireChangeKind
from ..models import MachineRoom
from .common import PeopleForm, PersonField, RoomChoices, when

YES_NO = [("", "---------"), ("yes", _("Yes")), ("no", _("No"))]


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
