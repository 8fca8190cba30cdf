"""Forms of the service desk pages. They parse; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import DurationUnit
from infocenter.core.forms import SignaturePadField, StyledForm, VersionedForm, photos_field
from infocenter.core.models import Department, Room, User
from infocenter.core.validators import is_number

from .archive import week_start_of
from .choices import (
    CallbackOutcome,
    Category,
    Priority,
    ReporterKind,
    ReportOutcome,
    Source,
    Unsigned,
    VoidReason,
)


class RoomOfSiteForm(StyledForm):
    """A form with a ``room`` field offering the rooms of the ``site`` it is built for."""

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = (
            Room.objects.filter(unit__building__site=site).select_related("unit__building")
            if site
            else Room.objects.none()
        )


class IntakeForm(RoomOfSiteForm):
    """SD-1: keyboard-first intake. Focus starts in the phone field."""

    reporter_phone = forms.CharField(
        label=_("phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}
        ),
    )
    reporter_name = forms.CharField(label=_("reporter"), max_length=50)
    reporter_kind = forms.ChoiceField(label=_("reporter type"), choices=ReporterKind.choices)
    source = forms.ChoiceField(label=_("source"), choices=Source.choices)
    room = forms.ModelChoiceField(
        label=_("room"), queryset=Room.objects.none(), required=False, widget=forms.HiddenInput
    )
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices)
    major = forms.BooleanField(label=_("major event"), required=False)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 3}))

    def room_label(self) -> str:
        """The chosen room as the picker shows it, when the form comes back with an error."""
        value = self["room"].value()
        room = self.fields["room"].queryset.filter(pk=value).first() if is_number(value) else None
        return str(room or "")


class LogAndDispatchForm(IntakeForm):
    """SD-1 and SD-5 on one page (登记并派工): the intake's fields, then the department and the
    follow-up assistant, required only when the call is dispatched as it is logged."""

    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    assistant = forms.ModelChoiceField(
        label=_("follow-up assistant"), queryset=User.objects.none(), required=False
    )
    instructions = forms.CharField(
        label=_("instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    DISPATCH_FIELDS = ("department", "assistant", "instructions")

    def __init__(self, *args, departments=None, assistants=None, dispatching=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda department: department.name
        self.fields["assistant"].queryset = assistants
        for name in ("department", "assistant"):
            self.fields[name].required = dispatching

    def intake_fields(self) -> dict:
        """The cleaned intake, without the dispatch fields (for ``log_form``)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.DISPATCH_FIELDS}


class ResolveForm(VersionedForm):
    resolution = forms.CharField(
        label=_("handling and reply"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DispatchForm(VersionedForm):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none())
    assistant = forms.ModelChoiceField(label=_("follow-up assistant"), queryset=User.objects.none())
    instructions = forms.CharField(
        label=_("instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, departments=None, assistants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Department.objects.none()
        )
        self.fields["department"].label_from_instance = lambda department: department.name
        self.fields["assistant"].queryset = (
            assistants if assistants is not None else User.objects.none()
        )


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("technician"), queryset=User.objects.none())

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff if staff is not None else User.objects.none()


class ReportForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=ReportOutcome.choices,
        initial=ReportOutcome.DONE,
        required=False,
        widget=forms.RadioSelect,
    )
    result = forms.CharField(
        label=_("handling and result"), widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_by_customer = forms.CharField(label=_("customer's name"), max_length=50, required=False)
    unsigned = forms.ChoiceField(
        label=_("no customer's signature"),
        choices=[("", "—"), *Unsigned.choices],
        required=False,
    )
    unsigned_note = forms.CharField(
        label=_("note on the signature"), max_length=200, required=False
    )
    signature = SignaturePadField()

    def clean_outcome(self):
        return self.cleaned_data["outcome"] or ReportOutcome.DONE


class ReturnForm(VersionedForm):
    reason = forms.CharField(label=_("reason for return"), widget=forms.Textarea(attrs={"rows": 2}))


class PendingForm(VersionedForm):
    """SD-12: a matter returned unfinished waits until a date, for a reason."""

    until = forms.DateField(
        label=_("expected by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("why it waits"), max_length=200)


class CallbackForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=CallbackOutcome.choices)
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *[(i, "★" * i) for i in range(5, 0, -1)]],
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    customer_told = forms.BooleanField(
        label=_("the customer was told the result"), required=False, initial=True
    )
    filer_told = forms.BooleanField(label=_("the filer was told the result"), required=False)


class StepForm(VersionedForm):
    """Steps that need nothing but the version (acknowledge, start, verify, close)."""


class SubmitBatchForm(StyledForm):
    site = forms.ModelChoiceField(label=_("site"), queryset=None)
    week_start = forms.DateField(
        label=_("week (any day of it)"),
        help_text=_(
            "The week from its Monday to its Sunday; it is handed over from its Saturday on."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def clean_week_start(self):
        """Any day picks its week: the batch is named by the week's Monday."""
        return week_start_of(self.cleaned_data["week_start"])


class ReturnBatchForm(VersionedForm):
    note = forms.CharField(
        label=_("what must be corrected"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PolicyForm(VersionedForm):
    """SD-6/7/8/14 time limits of one site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "dispatch": _("dispatch or handle within"),
            "arrange": _("staff arranged within"),
            "report": _("result reported within"),
            "finish": _("finished or returned within"),
            "follow_up": _("unfinished matter followed up every"),
        }
        for name, label in labels.items():
            self.fields[f"{name}_amount"] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=720,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"{name}_unit"] = forms.ChoiceField(
                label=_("unit"),
                choices=DurationUnit.choices,
                widget=forms.Select(attrs={"class": "form-select"}),
            )


class PhotoForm(StyledForm):
    """Photos of the work: one control takes several at once, from the camera or the gallery
    (X-10); without JavaScript it is a plain file input."""

    stage = forms.ChoiceField(
        label=_("photo"), choices=[("before", _("before the work")), ("after", _("after the work"))]
    )
    upload = photos_field(_("photos"))


class MajorReportForm(VersionedForm):
    report = forms.CharField(label=_("written report"), widget=forms.Textarea(attrs={"rows": 4}))


class InstructionsForm(VersionedForm):
    instructions = forms.CharField(
        label=_("instructions"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ResidentForm(RoomOfSiteForm):
    """LOG-4: a resident's details; the room is picked by typing its address (room-picker.js)."""

    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=20)
    phone2 = forms.CharField(label=_("second phone"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=ReporterKind.choices)
    room = forms.ModelChoiceField(
        label=_("room"), queryset=Room.objects.none(), required=False, widget=forms.HiddenInput
    )
    moved_in_on = forms.DateField(
        label=_("moved in on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class SubmitForm(RoomOfSiteForm):
    """SD-17: a staff member's form on a phone; only what happened is required."""

    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    content = forms.CharField(
        label=_("what happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.none(), required=False)
    location = forms.CharField(
        label=_("location"),
        max_length=100,
        required=False,
        help_text=_("The place, when it is not a flat (e.g. 3栋电梯厅)"),
    )
    reporter_name = forms.CharField(
        label=_("customer's name"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when you report it yourself."),
    )
    reporter_phone = forms.CharField(
        label=_("customer's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    photos = photos_field(_("photos"))


class ResidentEditForm(ResidentForm, VersionedForm):
    pass


class MoveOutForm(VersionedForm):
    moved_out_on = forms.DateField(
        label=_("moved out on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MergeForm(VersionedForm):
    into = forms.IntegerField(
        label=_("the entry kept (its number)"),
        help_text=_("The number shown on the kept resident's page."),
    )


class ResidentImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class ReferForm(VersionedForm):
    department = forms.ModelChoiceField(
        label=_("branch or company department"), queryset=Department.objects.none()
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Department.objects.none()
        )
        self.fields["department"].label_from_instance = lambda d: f"{d.name} · {d.site.name}"


class ReplyForm(VersionedForm):
    reply = forms.CharField(
        label=_("reply to the filer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# -- corrections and voids (SD-3, SD-12) ------------------------------------------------------------

REASON_WIDGET = forms.Textarea(attrs={"rows": 2})


class FormCorrectionForm(IntakeForm):
    """SD-3: every field of the intake, with the receipt time, and the reason for the change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    received_at = forms.DateTimeField(
        label=_("received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("reason for the correction"), widget=REASON_WIDGET)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, site=record.site, **kwargs)
        self.record = record
        self.fields["reporter_phone"].widget.attrs.pop("autofocus", None)

    def clean_received_at(self):
        """The page shows minutes: an unchanged minute keeps the stored instant."""
        value = self.cleaned_data["received_at"]
        shown = timezone.localtime(self.record.received_at).replace(second=0, microsecond=0)
        return self.record.received_at if value == shown else value


class OrderCorrectionForm(VersionedForm):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none())
    instructions = forms.CharField(
        label=_("instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("reason for the correction"), widget=REASON_WIDGET)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda department: department.name


class VoidForm(VersionedForm):
    reason = forms.ChoiceField(label=_("reason for voiding"), choices=VoidReason.choices)
    note = forms.CharField(
        label=_("explanation"),
        max_length=200,
        required=False,
        help_text=_("Required for “Other”; e.g. the serial of the form it duplicates."),
    )


class ReturnWithProblemsForm(ReturnBatchForm):
    """SD-12: the batch's return note and, per form and per order, the problem found (blank:
    none). ``records`` are the batch's forms, each with its orders."""

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False
        self.records = []
        for form in records:
            self._problem_field(f"problem_f{form.pk}", form.serial, form, None)
            for order in form.orders.all():
                self._problem_field(f"problem_o{order.pk}", order.serial, form, order)

    def _problem_field(self, name, label, form, order):
        self.fields[name] = forms.CharField(
            label=label,
            max_length=200,
            required=False,
            widget=forms.TextInput(
                attrs={"class": "form-control form-control-sm", "placeholder": _("e.g. 签字不清")}
            ),
        )
        self.records.append((name, form, order))

    def named(self) -> list[tuple]:
        """(form, order, problem) for each record given a problem."""
        return [
            (form, order, self.cleaned_data[name].strip())
            for name, form, order in self.records
            if self.cleaned_data.get(name, "").strip()
        ]


class FixProblemForm(VersionedForm):
    note = forms.CharField(label=_("how it was fixed"), max_length=200, required=False)
