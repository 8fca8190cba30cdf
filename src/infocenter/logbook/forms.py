"""Forms of the register pages. They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import Building, Department, User
from infocenter.servicedesk.choices import Category, Priority

from .choices import (
    CallDirection,
    ContactCategory,
    DocumentCategory,
    EntryKind,
    ReportChannel,
    WhereaboutsStatus,
)

DATETIME = {"type": "datetime-local"}


def _when(**attrs):
    return forms.DateTimeField(
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"), **attrs
    )


class HandOverForm(StyledForm):
    """LOG-1: what the outgoing processor adds to the drafted open items."""

    incoming = forms.ModelChoiceField(label=_("hand over to"), queryset=User.objects.none())
    shift = forms.CharField(label=_("shift"), max_length=20, help_text=_("e.g. 白班 08:00–20:00"))
    equipment_state = forms.CharField(
        label=_("equipment state"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Phones, intercom, monitoring and computers working normally."),
    )
    remarks = forms.CharField(
        label=_("remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, processors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incoming"].queryset = User.objects.filter(pk__in=[p.pk for p in processors])


class AcceptForm(VersionedForm):
    note = forms.CharField(
        label=_("note on acceptance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CallForm(StyledForm):
    """LOG-2: one call in one line; a category makes it a customer service form at once."""

    direction = forms.ChoiceField(label=_("direction"), choices=CallDirection.choices)
    number = forms.CharField(
        label=_("number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}
        ),
    )
    caller = forms.CharField(label=_("caller"), max_length=60, required=False)
    subject = forms.CharField(label=_("subject"), max_length=200)
    outcome = forms.CharField(label=_("handling"), required=False)
    form_category = forms.ChoiceField(
        label=_("make a customer service form"),
        required=False,
        choices=[("", _("no form"))] + list(Category.choices),
    )


class MissedCallForm(StyledForm):
    number = forms.CharField(
        label=_("number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    caller = forms.CharField(label=_("caller"), max_length=60, required=False)
    occurred_at = _when(label=_("time of the call"), required=False)
    # IT-5: the staff member the call was for (the site's people, set by the page)
    called = forms.ModelChoiceField(
        label=_("called for"), queryset=User.objects.none(), required=False
    )


class CallBackForm(VersionedForm):
    subject = forms.CharField(label=_("subject"), max_length=200)
    outcome = forms.CharField(label=_("handling"), required=False)


class MakeFormForm(VersionedForm):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    priority = forms.ChoiceField(
        label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    content = forms.CharField(
        label=_("content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the call's subject."),
    )


class WhereaboutsForm(StyledForm):
    status = forms.ChoiceField(label=_("status"), choices=WhereaboutsStatus.choices)
    place = forms.CharField(
        label=_("where"), max_length=100, required=False, help_text=_("e.g. 工程部配电房 / 3栋巡查")
    )
    until = _when(label=_("until"), required=False)
    substitute = forms.ModelChoiceField(
        label=_("call instead"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = User.objects.filter(pk__in=[c.pk for c in colleagues])


class EntryForm(StyledForm):
    """LOG-3: a department's change, as the processor records it (or the department reports it)."""

    department = forms.ModelChoiceField(
        label=_("reporting department"), queryset=Department.objects.none()
    )
    kind = forms.ChoiceField(label=_("kind"), choices=EntryKind.choices)
    title = forms.CharField(
        label=_("title"), max_length=120, help_text=_("e.g. 3栋二次供水水箱清洗停水")
    )
    details = forms.CharField(
        label=_("details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    buildings = forms.ModelMultipleChoiceField(
        label=_("buildings affected"),
        queryset=Building.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the whole site."),
    )
    starts_at = _when(label=_("starts"))
    ends_at = _when(label=_("ends"), required=False)
    changed_at = _when(
        label=_("change known to the department at"),
        help_text=_("The 4-hour reporting limit counts from here."),
    )
    channel = forms.ChoiceField(label=_("reported"), choices=ReportChannel.choices)
    reported_by = forms.CharField(label=_("reported by"), max_length=60, required=False)

    def __init__(self, *args, site=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Department.objects.filter(site=site)
        )
        self.fields["buildings"].queryset = Building.objects.filter(site=site).order_by("name")
        self.fields["buildings"].widget.attrs["class"] = "form-check-input"


class RescheduleForm(VersionedForm):
    starts_at = _when(label=_("starts"))
    ends_at = _when(label=_("ends"), required=False)


class EndEntryForm(VersionedForm):
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class WithdrawEntryForm(VersionedForm):
    note = forms.CharField(label=_("reason"), max_length=200)


class ContactForm(StyledForm):
    category = forms.ChoiceField(label=_("category"), choices=ContactCategory.choices)
    name = forms.CharField(label=_("name"), max_length=60)
    organisation = forms.CharField(label=_("organisation"), max_length=100, required=False)
    title = forms.CharField(label=_("title or duty"), max_length=60, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20)
    phone2 = forms.CharField(label=_("second phone"), max_length=20, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ContactEditForm(ContactForm, VersionedForm):
    pass


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class DocumentForm(StyledForm):
    category = forms.ChoiceField(label=_("category"), choices=DocumentCategory.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    issuer = forms.CharField(label=_("issued by"), max_length=100, required=False)
    reference = forms.CharField(label=_("document number"), max_length=60, required=False)
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(StyledForm):
    label = forms.CharField(label=_("version"), max_length=40, help_text=_("e.g. 2021年修订"))
    effective_from = forms.DateField(
        label=_("effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    upload = forms.FileField(label=_("file (PDF, Word or Excel, at most 20 MB)"), required=False)


class PolicyForm(VersionedForm):
    report_within_hours = forms.IntegerField(
        label=_("changes reported within (hours)"), min_value=1, max_value=72
    )
    accept_within_minutes = forms.IntegerField(
        label=_("handover accepted within (minutes)"), min_value=5, max_value=240
    )
    call_back_within_minutes = forms.IntegerField(
        label=_("missed calls returned within (minutes)"), min_value=5, max_value=1440
    )
