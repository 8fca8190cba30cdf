"""Forms of keys, credentials and security reports (MR-4, MR-12). No field takes a secret."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import CredentialLevel, SecurityReportKind
from ..models import Credential
from .common import PeopleForm, PersonField, day


class KeyForm(StyledForm):
    label = forms.CharField(label=_("key"), max_length=60, help_text=_("e.g. 机房正门 1 号钥匙"))
    opens = forms.CharField(label=_("opens"), max_length=120)


class HandOverKeyForm(VersionedForm, PeopleForm):
    people_fields = ("to", "approved_by")
    to = PersonField(label=_("hand over to"))
    approved_by = PersonField(
        label=_("approved by"),
        required=False,
        help_text=_("Required when the key leaves the information center."),
    )
    note = forms.CharField(label=_("note"), required=False)


class KeyLostForm(VersionedForm):
    description = forms.CharField(
        label=_("what happened"), widget=forms.Textarea(attrs={"rows": 2})
    )
    remedy = forms.CharField(
        label=_("remedy taken or proposed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. lock cylinder changed, door watched until then"),
    )


class CredentialForm(PeopleForm):
    """MR-12: an account of the register. There is deliberately no password field."""

    people_fields = ("custodian",)
    system = forms.CharField(label=_("system or device"), max_length=100)
    account = forms.CharField(label=_("account name"), max_length=60)
    level = forms.ChoiceField(label=_("permission level"), choices=CredentialLevel.choices)
    custodian = PersonField(label=_("custodian"))
    last_rotated_on = day(label=_("last changed on"))
    rotate_every_days = forms.IntegerField(
        label=_("changed every (days)"), min_value=1, max_value=366, initial=90
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class RotationForm(VersionedForm):
    rotated_on = day(label=_("changed on"), required=False, help_text=_("Empty: today."))


class CustodianForm(VersionedForm, PeopleForm):
    people_fields = ("custodian",)
    custodian = PersonField(label=_("new custodian"))
    note = forms.CharField(label=_("note"), required=False)


class SecurityReportForm(PeopleForm):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[c for c in SecurityReportKind.choices if c[0] != SecurityReportKind.KEY_LOST],
    )
    description = forms.CharField(
        label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    remedy = forms.CharField(
        label=_("remedy taken or proposed"), widget=forms.Textarea(attrs={"rows": 2})
    )
    credential = forms.ModelChoiceField(label=_("account concerned"), queryset=None, required=False)

    def __init__(self, *args, credentials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credential"].queryset = Credential.objects.filter(
            pk__in=[c.pk for c in credentials]
        )


class AcknowledgeForm(VersionedForm):
    response = forms.CharField(
        label=_("head's response"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
