"""Forms of the backup register (MR-11). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import BackupFrequency, BackupOutcome, RestoreOutcome
from ..rules.backups import JobContent
from .common import PeopleForm, PersonField, day

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
        help_text=_("Required for important data."),
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
    def clean(self):
        """The version apart, and the rest as the job's content (``update_backup_job``)."""
        data = super().clean()
        if self.errors:
            return data
        version = data.pop("version")
        return {"version": version, "content": JobContent(**data)}


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
