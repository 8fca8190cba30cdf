"""Forms of equipment loans (MR-13)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from .common import PeopleForm, PersonField, day
from .equipment import ROWS2, ItemChoiceField


class LoanForm(PeopleForm):
    """MR-13: who borrows, why and until when; the items come in the lines below."""

    people_fields = ("borrower",)
    borrower = PersonField(
        label=_("borrower"),
        required=False,
        help_text=_("A person of the organisation; empty for an outsider."),
    )
    borrower_name = forms.CharField(label=_("outsider's name"), max_length=60, required=False)
    organisation = forms.CharField(label=_("organisation"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs=ROWS2))
    due_on = day(label=_("due back on"))


class LoanLineForm(StyledForm):
    item = ItemChoiceField(label=_("item"), required=False)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].set_items(items, describe=lambda i: f"{i} · {i.available}{i.unit}")


class ReturnForm(VersionedForm):
    note = forms.CharField(
        label=_("condition on return"), required=False, widget=forms.Textarea(attrs=ROWS2)
    )
    damaged = forms.MultipleChoiceField(
        label=_("returned damaged"), required=False, widget=forms.CheckboxSelectMultiple
    )
    damage = forms.CharField(
        label=_("what is damaged"), required=False, widget=forms.Textarea(attrs=ROWS2)
    )
    storage = forms.CharField(
        label=_("antistatic storage location"), max_length=120, required=False
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {str(i.pk): i for i in items}
        self.fields["damaged"].choices = [(str(i.pk), str(i)) for i in items]

    def clean_damaged(self):
        return [self.items[pk] for pk in self.cleaned_data["damaged"]]
