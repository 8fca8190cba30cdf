"""Forms of the backup register and data-access requests (MR-11). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import BackupFrequency, BackupOutcome, ProvisionForm, RestoreOutcome
from . import PeopleForm, PersonField, day, when

TEXT2 = {"rows": 2}
SIZE_HELP = _("With its unit, e.g. 12.5 GB, 800 MB, 2 TB.")


class JobFields(PeopleForm):
    people_fields = ("custodian",)
    name = forms.CharField(
        label=_("backup job"), max_length=100, help_text=_("e.g. 收费系统数据库每日备份")
    )
    system = forms.CharField(
        label=_("system"), max_length=100, help_text=_("e.g. 收费系统数据库, 门禁系统, 文件服务器")
    )
    content = forms.CharField(label=_("what is backed up"), widget=forms.Textarea(attrs=TEXT2))
    frequency = forms.ChoiceField(label=_("frequency"), choices=BackupFrequency.choices)
    location = forms.CharField(
        label=_("onsite location"), max_length=120, help_text=_("e.g. 机房 NAS-01")
    )
    offsite = forms.BooleanField(label=_("offsite copy"), required=False)
    offsite_location = forms.CharField(label=_("offsite location"), max_length=120, required=False)
    important = forms.BooleanField(label=_("important data"), required=False, initial=True)
    encrypted = forms.BooleanField(
        label=_("encrypted"),
        required=False,
        initial=True,
        help_text=_("Required for important data (MR-11)."),
    )
    custodian = PersonField(label=_("custodian"))
    restore_every_days = forms.IntegerField(
        label=_("restore test every (days)"), min_value=1, max_value=366, initial=90
    )
    retention = forms.CharField(
        label=_("retention"),
        max_length=200,
        required=False,
        help_text=_("e.g. 每日备份保留 30 天，月归档保留 3 年"),
    )


class BackupJobForm(JobFields):
    """MR-11: a new backup job."""

    started_on = day(label=_("backed up since"), required=False, help_text=_("Empty: today."))


class BackupJobEditForm(VersionedForm, JobFields):
    pass


class ResultFields(StyledForm):
    outcome = forms.ChoiceField(label=_("result"), choices=BackupOutcome.choices)
    size = forms.CharField(label=_("size"), max_length=30, required=False, help_text=SIZE_HELP)
    offsite = forms.BooleanField(label=_("copied offsite"), required=False)
    encrypted = forms.BooleanField(label=_("encrypted"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=TEXT2))


class BackupResultForm(ResultFields):
    """MR-11: a day's line of the backup register."""

    day = day(label=_("day"))
    field_order = ["day", "outcome", "size", "offsite", "encrypted", "note"]


class CorrectionForm(VersionedForm, ResultFields):
    reason = forms.CharField(
        label=_("reason for the correction"), widget=forms.Textarea(attrs=TEXT2)
    )
    field_order = ["reason", "outcome", "size", "offsite", "encrypted", "note"]


class RestoreTestForm(StyledForm):
    """MR-11: a restore test and its result."""

    tested_on = day(label=_("tested on"))
    restored = forms.CharField(
        label=_("what was restored"), max_length=200, help_text=_("e.g. 11-25 的全库备份")
    )
    target = forms.CharField(
        label=_("restored to"), max_length=120, help_text=_("e.g. 测试服务器 TEST-01")
    )
    outcome = forms.ChoiceField(label=_("result"), choices=RestoreOutcome.choices)
    verification = forms.CharField(
        label=_("how it was verified"),
        widget=forms.Textarea(attrs=TEXT2),
        help_text=_("e.g. 核对记录数、抽查 20 户缴费记录"),
    )
    duration_minutes = forms.IntegerField(label=_("duration (minutes)"), min_value=1)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=TEXT2))


class AlertForm(VersionedForm):
    handling = forms.CharField(
        label=_("what was done"),
        widget=forms.Textarea(attrs=TEXT2),
        help_text=_("e.g. 已手动补做备份，原因：磁盘空间不足，已清理"),
    )


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

    @property
    def cleaned(self) -> dict:
        """The service's arguments: ``provided`` lists the items given (form chosen)."""
        data = dict(self.cleaned_data)
        provided = []
        for item in self.approved:
            form, extent = (
                data.pop(f"form_{item.position}", ""),
                data.pop(f"extent_{item.position}", ""),
            )
            if form or extent:
                provided.append({"position": item.position, "form": form, "extent": extent})
        return {**data, "provided": provided}
