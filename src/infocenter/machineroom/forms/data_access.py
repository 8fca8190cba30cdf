"""Forms of outsiders' data-access requests (MR-11)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import ProvisionForm
from .backups import TEXT2
from .common import day, when


class DataRequestForm(StyledForm):
    """MR-11: 资料查阅申请."""

    organisation = forms.CharField(label=_("organisation"), max_length=100)
    applicant = forms.CharField(label=_("applicant"), max_length=60)
    phone = forms.CharField(
        label=_("phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs=TEXT2))
    items = forms.CharField(
        label=_("documents or data asked for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line, as exactly as possible (which records, which dates)."),
    )
    received_on = day(
        label=_("application received on"), required=False, help_text=_("Empty: today.")
    )


class DataApproveForm(VersionedForm):
    approved_items = forms.TypedMultipleChoiceField(
        label=_("items approved"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=TEXT2))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = list(record.items.all()) if record is not None else []
        self.fields["approved_items"].choices = [(i.position, i.description) for i in items]
        self.fields["approved_items"].initial = [i.position for i in items]


class FulfilForm(VersionedForm):
    """MR-11: what was provided against each approved item; items not approved are not offered."""

    handed_to = forms.CharField(label=_("handed to"), max_length=60)
    handed_at = when(label=_("handed over at"), required=False, help_text=_("Empty: now."))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=TEXT2))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.approved = [i for i in record.items.all() if i.approved] if record is not None else []
        for item in self.approved:
            self.fields[f"form_{item.position}"] = forms.ChoiceField(
                label=item.description,
                required=False,
                choices=[("", _("not provided")), *ProvisionForm.choices],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"extent_{item.position}"] = forms.CharField(
                label=_("pages or records"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
                help_text=_("e.g. 3 页, 120 条记录"),
            )
        self.initial.setdefault("handed_to", record.applicant if record is not None else "")

    def clean(self) -> dict:
        """The service's arguments: ``provided`` lists the items given (form chosen)."""
        data = dict(super().clean())
        provided = []
        for item in self.approved:
            form, extent = (
                data.pop(f"form_{item.position}", ""),
                data.pop(f"extent_{item.position}", ""),
            )
            if form or extent:
                provided.append({"position": item.position, "form": form, "extent": extent})
        return {**data, "provided": provided}
