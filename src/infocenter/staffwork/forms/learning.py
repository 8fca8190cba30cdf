"""Forms of learning (IT-3): the yearly plan by channel, a learning record, a course or
certificate with its papers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..models import Channel, CourseKind
from ..services.learning import Target
from .worklog import ROWS3, day_field


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PlanForm(StyledForm):
    """IT-3: target hours and items in each of the four channels, and what is planned."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=ROWS3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for channel, label in Channel.choices:
            self.fields[f"{channel}_hours"] = forms.DecimalField(
                label=_("%(channel)s: hours") % {"channel": label},
                max_digits=6,
                decimal_places=1,
                min_value=0,
                initial=0,
            )
            self.fields[f"{channel}_items"] = forms.IntegerField(
                label=_("%(channel)s: items") % {"channel": label},
                min_value=0,
                max_value=9999,
                initial=0,
            )
            self.fields[f"{channel}_note"] = forms.CharField(
                label=_("%(channel)s: what is planned") % {"channel": label},
                required=False,
                max_length=500,
            )
        for name, field in self.fields.items():
            if name.endswith(("_hours", "_items", "_note")):
                field.widget.attrs.setdefault("class", "form-control")

    def targets(self) -> dict[str, Target]:
        d = self.cleaned_data
        return {
            c: Target(d[f"{c}_hours"] or 0, d[f"{c}_items"] or 0, d.get(f"{c}_note") or "")
            for c in Channel.values
        }


class RecordForm(StyledForm):
    day = day_field(label=_("date"))
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    hours = forms.DecimalField(
        label=_("hours"), max_digits=4, decimal_places=1, min_value=0, max_value=24
    )
    items = forms.IntegerField(
        label=_("items (e.g. books read)"), min_value=0, max_value=9999, initial=0
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs=ROWS3))


class CourseForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=CourseKind.choices)
    name = forms.CharField(label=_("name"), max_length=120)
    provider = forms.CharField(label=_("given by"), max_length=120, required=False)
    completed_on = day_field(label=_("completed on"))
    hours = forms.DecimalField(
        label=_("hours"), max_digits=5, decimal_places=1, min_value=0, initial=0
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=ROWS3))
    files = FilesField(
        label=_("papers (PDF, Word or Excel, at most 20 MB each)"),
        required=False,
        widget=MultipleFiles(),
    )


class RemoveRecordForm(VersionedForm):
    pass
