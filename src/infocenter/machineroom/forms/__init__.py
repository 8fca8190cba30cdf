"""Forms of the machine-room pages. They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import User

from ..choices import CredentialLevel, ItemDirection, RequestKind, SecurityReportKind
from ..models import MachineRoom

DATETIME = {"type": "datetime-local"}
PEOPLE_HELP = _("One name per line, as on their identity cards.")


def when(**attrs):
    return forms.DateTimeField(
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"), **attrs
    )


class SiteChoices(StyledForm):
    """Rooms and people of one site."""

    def __init__(self, *args, rooms=(), staff=(), heads=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("room", rooms),
            ("escort", staff),
            ("maintainer", staff),
            ("head", heads),
        ):
            if name in self.fields:
                model = MachineRoom if name == "room" else User
                self.fields[name].queryset = model.objects.filter(pk__in=[c.pk for c in choices])


class RoomForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=60)
    location = forms.CharField(label=_("location"), max_length=120, required=False)


class RequestForm(SiteChoices):
    """MR-2: a visit or a construction application (施工申请单)."""

    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    kind = forms.ChoiceField(
        label=_("kind"), choices=[c for c in RequestKind.choices if c[0] != RequestKind.EMERGENCY]
    )
    organisation = forms.CharField(label=_("organisation"), max_length=100)
    applicant = forms.CharField(label=_("applicant"), max_length=60)
    phone = forms.CharField(
        label=_("phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    people = forms.CharField(
        label=_("people coming"), help_text=PEOPLE_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(
        label=_("scope of works"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Construction: what will be installed, moved or cabled, and where."),
    )
    starts_at = when(label=_("from"))
    ends_at = when(label=_("until"))
    escort = forms.ModelChoiceField(label=_("escort (our liaison)"), queryset=User.objects.none())
    maintainer = forms.ModelChoiceField(
        label=_("machine-room maintainer following"), queryset=User.objects.none(), required=False
    )


class PhoneApprovalForm(SiteChoices):
    """MR-2: an emergency technician admitted after the head's approval by phone."""

    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    organisation = forms.CharField(label=_("organisation"), max_length=100)
    applicant = forms.CharField(label=_("applicant"), max_length=60)
    phone = forms.CharField(
        label=_("phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    people = forms.CharField(
        label=_("people coming"), help_text=PEOPLE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )
    purpose = forms.CharField(label=_("fault to repair"), widget=forms.Textarea(attrs={"rows": 2}))
    head = forms.ModelChoiceField(label=_("approved by phone by"), queryset=User.objects.none())
    approved_at = when(label=_("approved at"), required=False, help_text=_("Empty: now."))
    ends_at = when(label=_("until"))
    escort = forms.ModelChoiceField(label=_("escort (our liaison)"), queryset=User.objects.none())


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(VersionedForm):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReleaseForm(VersionedForm):
    note = forms.CharField(
        label=_("state of the site after clean-up"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Cleaned up and tidied; cabinets closed."),
    )


class VisitorForm(StyledForm):
    request = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("person's name"), max_length=60)
    escort = forms.ModelChoiceField(label=_("escort"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["escort"].queryset = User.objects.filter(pk__in=[p.pk for p in staff])


class RefusalForm(SiteChoices):
    room = forms.ModelChoiceField(label=_("machine room"), queryset=MachineRoom.objects.none())
    name = forms.CharField(label=_("person's name"), max_length=60)
    organisation = forms.CharField(label=_("organisation"), max_length=100, required=False)
    reason = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 2}))
    forced = forms.BooleanField(label=_("entered by force"), required=False)


class ItemForm(StyledForm):
    """MR-3: 机房物品进出登记单, one item a line."""

    visit = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(label=_("in or out"), choices=ItemDirection.choices)
    description = forms.CharField(label=_("item"), max_length=200)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    identifier = forms.CharField(label=_("model or serial number"), max_length=100, required=False)
    inspection = forms.CharField(
        label=_("inspection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    no_forbidden = forms.BooleanField(
        label=_("Inspected: no food, drink, flammables or explosives"), required=False
    )


class SignOutForm(VersionedForm):
    pass


DATE = {"type": "date"}


def day(**attrs):
    return forms.DateField(widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **attrs)


class PersonField(forms.ChoiceField):
    """A choice among people already read (no query per form: a page may show one form per
    row); cleans to the ``User``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.people: dict[str, User] = {}

    def set_people(self, people) -> None:
        self.people = {str(p.pk): p for p in people}
        self.choices = [("", "---------"), *((str(p.pk), str(p)) for p in people)]

    def clean(self, value):
        value = super().clean(value)
        return self.people.get(str(value)) if value else None


class PeopleForm(StyledForm):
    """A form choosing people of one site."""

    people_fields: tuple = ()

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        for name in self.people_fields:
            self.fields[name].set_people(people)


class KeyForm(StyledForm):
    label = forms.CharField(label=_("key"), max_length=60, help_text=_("e.g. 机房正门 1 号钥匙"))
    opens = forms.CharField(label=_("opens"), max_length=120)


class HandOverKeyForm(VersionedForm, PeopleForm):
    people_fields = ("to", "approved_by")
    to = PersonField(label=_("hand over to"))
    approved_by = PersonField(
        label=_("approved by"),
        required=False,
        help_text=_("Required when the key leaves the information center (MR-4)."),
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
        from ..models import Credential

        super().__init__(*args, **kwargs)
        self.fields["credential"].queryset = Credential.objects.filter(
            pk__in=[c.pk for c in credentials]
        )


class AcknowledgeForm(VersionedForm):
    response = forms.CharField(
        label=_("head's response"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
