"""Forms of rooms, access requests, the access desk and the items register (MR-2, MR-3)."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import User

from ..choices import ItemDirection, RequestKind
from ..models import MachineRoom
from .common import when

PEOPLE_HELP = _("One name per line, as on their identity cards.")


class _ListedChoices(ModelChoiceIterator):
    """A model choice field's options from the records the view has already read: the page
    lists them without a query of its own (one per form, and the desk shows a form for every
    request of the day); a posted choice is still checked against the field's queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed)


def offer(field: forms.ModelChoiceField, records) -> None:
    """Let ``field`` choose among ``records`` (read once by the view), each a choice."""
    field.listed = list(records)
    field.iterator = _ListedChoices
    field.queryset = field.queryset.model.objects.filter(pk__in=[r.pk for r in field.listed])


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
                offer(self.fields[name], choices)


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
        offer(self.fields["escort"], staff)


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
