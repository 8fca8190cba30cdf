"""Forms of core-device alarms and network faults (MR-9)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import AlarmSeverity, FaultKind
from ..models import MachineRoom
from .common import text_field, when


class AlarmForm(StyledForm):
    """MR-9: a core-device alarm as it came in."""

    device = forms.CharField(label=_("device"), max_length=100)
    room = forms.ModelChoiceField(
        label=_("machine room"), queryset=MachineRoom.objects.none(), required=False
    )
    severity = forms.ChoiceField(label=_("severity"), choices=AlarmSeverity.choices)
    occurred_at = when(label=_("alarm time"), required=False, help_text=_("Empty: now."))
    text = text_field(_("alarm message"))

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = MachineRoom.objects.filter(site=site)


class RespondForm(VersionedForm):
    response = text_field(_("what was done"))


class AlarmCloseForm(VersionedForm):
    outcome = text_field(_("how the alarm ended"))


class FaultForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=FaultKind.choices)
    description = text_field(_("symptom"))
    occurred_at = when(label=_("noticed at"), required=False, help_text=_("Empty: now."))
    local_findings = text_field(
        _("local findings"),
        required=False,
        help_text=_("What the local check found: cabling, ports, equipment, power."),
    )


class FindingsForm(VersionedForm):
    local_findings = text_field(_("local findings"))


class UpstreamForm(VersionedForm):
    upstream_unit = forms.CharField(
        label=_("upstream unit"),
        max_length=100,
        help_text=_("e.g. 中国电信 10000, the group's network centre"),
    )
    upstream_reference = forms.CharField(
        label=_("upstream reference"), max_length=60, required=False
    )
    reported_at = when(label=_("reported at"), required=False, help_text=_("Empty: now."))


class FeedbackForm(VersionedForm):
    feedback = text_field(_("upstream feedback"))


class FaultCloseForm(VersionedForm):
    resolution = text_field(_("resolution"))
