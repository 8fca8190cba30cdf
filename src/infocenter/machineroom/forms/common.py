"""What the machine room's forms share: date and time fields, people and rooms of one site read
once by the page, a note or a reason with the record's version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import User

from ..models import MachineRoom

DATETIME = {"type": "datetime-local"}


def when(**attrs):
    return forms.DateTimeField(
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"), **attrs
    )


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(VersionedForm):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


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


class PeopleForm(StyledForm):
    """A form choosing people of one site."""

    people_fields: tuple = ()

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        for name in self.people_fields:
            self.fields[name].set_people(people)


class RoomChoices(StyledForm):
    """A form naming one of the site's rooms (read once by the page)."""

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = MachineRoom.objects.filter(pk__in=[r.pk for r in rooms])


def text_field(label, **kwargs):
    """A text of a few lines."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)
