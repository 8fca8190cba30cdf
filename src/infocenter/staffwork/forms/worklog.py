"""Forms of the work log (IT-1): an entry, a proposal confirmed, a project and its milestones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..models import WorkKind
from ..services.worklog import EntryContent

DATE = {"type": "date"}
ROWS3 = {"rows": 3}


def day_field(**kwargs):
    return forms.DateField(widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs)


def hours_field(**kwargs):
    return forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24"}),
        **kwargs,
    )


class EntryForm(StyledForm):
    """IT-1: what a log entry says; the choices of departments, sites and projects are the
    person's (given by the view)."""

    kind = forms.ChoiceField(label=_("kind of work"), choices=WorkKind.choices)
    day = day_field(label=_("date"))
    hours = hours_field(label=_("hours spent"))
    project = forms.ModelChoiceField(label=_("project"), queryset=None, required=False)
    helped = forms.CharField(label=_("who was helped"), max_length=200, required=False)
    helped_department = forms.ModelChoiceField(
        label=_("department helped"), queryset=None, required=False
    )
    helped_site = forms.ModelChoiceField(label=_("site helped"), queryset=None, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs=ROWS3))

    def __init__(self, *args, projects, departments, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["helped_department"].queryset = departments
        self.fields["helped_site"].queryset = sites

    def content(self) -> EntryContent:
        d = self.cleaned_data
        return EntryContent(
            kind=d["kind"],
            day=d["day"],
            hours=d["hours"],
            helped=d.get("helped") or "",
            helped_department=d.get("helped_department"),
            helped_site=d.get("helped_site"),
            notes=d.get("notes") or "",
            project=d.get("project"),
        )


class EntryEditForm(VersionedForm, EntryForm):
    pass


class ConfirmForm(StyledForm):
    """IT-1: a proposal confirmed, with the hours actually spent."""

    key = forms.CharField(max_length=120, widget=forms.HiddenInput)
    hours = hours_field(label=_("hours spent"), required=False)


class DismissForm(StyledForm):
    key = forms.CharField(max_length=120, widget=forms.HiddenInput)


class RemoveForm(VersionedForm):
    pass


class ProjectForm(StyledForm):
    """IT-1: a project, the person's role in it and its go-live date."""

    name = forms.CharField(label=_("project"), max_length=120)
    role = forms.CharField(label=_("role in the project"), max_length=60)
    go_live_on = day_field(label=_("go-live date"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=ROWS3))


class ProjectEditForm(VersionedForm, ProjectForm):
    pass


class MilestoneForm(StyledForm):
    name = forms.CharField(label=_("milestone"), max_length=120)
    planned_on = day_field(label=_("planned for"))


class MilestoneDoneForm(StyledForm):
    done_on = day_field(label=_("done on"))
