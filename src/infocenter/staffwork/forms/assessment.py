"""IT-4: the annual assessment's forms: the year to draft, the four sections, the head's comment
with the drawn signature, and the reason for a return."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import SignaturePadField, StyledForm, VersionedForm


class DraftForm(StyledForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


def _section(label):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 6}))


class EditForm(VersionedForm):
    review = _section(_("Review of the year's work"))
    problems = _section(_("Problems faced"))
    plans = _section(_("Plans for the coming year"))
    shortcomings = _section(_("Main shortcomings"))


class SubmitForm(VersionedForm):
    pass


class ReturnForm(VersionedForm):
    reason = forms.CharField(label=_("reason for return"), widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(VersionedForm):
    comment = forms.CharField(label=_("head's comment"), widget=forms.Textarea(attrs={"rows": 3}))
    signature = SignaturePadField()
