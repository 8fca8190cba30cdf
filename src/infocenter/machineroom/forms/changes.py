"""Forms of the change pages (MR-7, MR-8). They parse; the change services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import Department

from ..choices import ChangeClass, ChangeOutcome
from .common import PeopleChoiceField, PeopleForm, PersonField, when

TEXT = {"rows": 3}


class ChangeForm(PeopleForm):
    """MR-7: a change request (变更申请). The services check the rules of its class."""

    people_fields = ("implementer", "notify_people")
    kind = forms.ChoiceField(
        label=_("class of change"),
        choices=ChangeClass.choices,
        initial=ChangeClass.NORMAL,
        help_text=_(
            "Standard: pre-approved routine. Major: written plan, discussed before "
            "approval. Emergency: done at once, approved afterwards."
        ),
    )
    title = forms.CharField(label=_("title"), max_length=120)
    system = forms.CharField(label=_("system or device"), max_length=120)
    planned_start = when(label=_("planned start"))
    planned_end = when(label=_("planned end"))
    implementer = PersonField(
        label=_("implementer"),
        help_text=_("A qualified technician: a machine-room maintainer or IT staff member."),
    )
    plan = forms.CharField(
        label=_("plan"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("The steps, in order, and how each is checked."),
    )
    impact = forms.CharField(
        label=_("impact"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rollback_plan = forms.CharField(
        label=_("rollback plan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    spare_parts = forms.CharField(
        label=_("spare parts prepared"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    core_server = forms.BooleanField(label=_("core server"), required=False)
    justification = forms.CharField(
        label=_("justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a core server."),
    )
    global_impact = forms.BooleanField(label=_("global impact"), required=False)
    affected_parties = forms.CharField(
        label=_("affected parties"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notify_people = PeopleChoiceField(label=_("people to notify"), required=False)
    notify_departments = forms.ModelMultipleChoiceField(
        label=_("departments to notify"),
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    central_data = forms.BooleanField(
        label=_("changes central data"),
        required=False,
        help_text=_("Backed up before, confirmed within a week, backup deleted."),
    )
    not_experimental = forms.BooleanField(
        label=_("I confirm this is not an experimental configuration on a production server"),
        required=False,
    )

    def __init__(self, *args, departments=(), qualified=None, **kwargs):
        super().__init__(*args, **kwargs)
        if qualified is not None:
            self.fields["implementer"].set_people(qualified)
        self.fields["notify_departments"].queryset = Department.objects.filter(
            pk__in=[d.pk for d in departments]
        )


class ChangeEditForm(VersionedForm, ChangeForm):
    pass


class ChangeNoteForm(VersionedForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChangeReasonForm(VersionedForm):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ChangeStepForm(VersionedForm):
    pass


class RescheduleForm(VersionedForm):
    planned_start = when(label=_("planned start"))
    planned_end = when(label=_("planned end"))
    note = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(StyledForm):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))


AFTERWARDS = _("Empty: now. Fill in when recording afterwards.")


class StartForm(VersionedForm):
    at = when(label=_("started at"), required=False, help_text=AFTERWARDS)


class OperationForm(StyledForm):
    text = forms.CharField(
        label=_("operation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, on what, with what result."),
    )
    at = when(label=_("at"), required=False, help_text=AFTERWARDS)


class BackupForm(VersionedForm):
    reference = forms.CharField(
        label=_("backup reference"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was backed up, where it is kept."),
    )
    taken_at = when(label=_("backup taken at"), required=False, help_text=_("Empty: now."))


class FinishForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("result of the change"), choices=ChangeOutcome.choices)
    note = forms.CharField(
        label=_("note on the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    at = when(label=_("finished at"), required=False, help_text=AFTERWARDS)
