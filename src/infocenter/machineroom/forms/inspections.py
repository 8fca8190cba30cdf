"""Forms of the inspection pages (MR-9): checklists, schedules and the round on a phone. They
parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm, photos_field
from infocenter.core.models import Department

from ..choices import ChecklistTarget, ItemKind, ResultOutcome
from ..models import Checklist, MachineRoom
from ..models.inspections import number
from .common import text_field, when

RULE_HELP = _(
    "An RFC 5545 rule in local time. Every day at 08:00: FREQ=DAILY;BYHOUR=8;BYMINUTE=0 · "
    "every quarter (5 January, April, July, October at 09:00): "
    "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5;BYHOUR=9;BYMINUTE=0"
)

TEXT = {"rows": 2}


class ChecklistFields(StyledForm):
    """MR-9: a checklist for a machine room or a device, and where its faults' work orders go."""

    name = forms.CharField(label=_("name"), max_length=80)
    target = forms.ChoiceField(label=_("covers"), choices=ChecklistTarget.choices)
    room = forms.ModelChoiceField(
        label=_("machine room"), queryset=MachineRoom.objects.none(), required=False
    )
    device = forms.CharField(label=_("device"), max_length=100, required=False)
    department = forms.ModelChoiceField(
        label=_("department for work orders"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Empty: the engineering department (工程部) of the site."),
    )

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = MachineRoom.objects.filter(site=site)
        self.fields["department"].queryset = Department.objects.filter(site=site)
        self.fields["department"].label_from_instance = lambda d: d.name


class ChecklistForm(ChecklistFields):
    pass


class ChecklistEditForm(VersionedForm, ChecklistFields):
    active = forms.BooleanField(label=_("in use"), required=False)


class ItemForm(VersionedForm):
    """MR-9: one check or reading at the end of the checklist."""

    label = forms.CharField(label=_("check item"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=ItemKind.choices)
    unit = forms.CharField(
        label=_("unit of measure"), max_length=12, required=False, help_text=_("°C, %, V …")
    )
    min_value = forms.DecimalField(
        label=_("lowest normal value"), max_digits=10, decimal_places=2, required=False
    )
    max_value = forms.DecimalField(
        label=_("highest normal value"), max_digits=10, decimal_places=2, required=False
    )
    photo_required = forms.BooleanField(label=_("photo required"), required=False)
    guidance = forms.CharField(label=_("how to check"), max_length=200, required=False)


class ScheduleForm(StyledForm):
    checklist = forms.ModelChoiceField(label=_("checklist"), queryset=Checklist.objects.none())
    name = forms.CharField(label=_("name"), max_length=80)
    rule = forms.CharField(
        label=_("recurrence rule"),
        max_length=200,
        help_text=RULE_HELP,
        initial="FREQ=DAILY;BYHOUR=8;BYMINUTE=0",
    )
    due_hours = forms.IntegerField(
        label=_("to be done within (hours)"), min_value=1, max_value=744, initial=10
    )

    def __init__(self, *args, checklists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.filter(
            pk__in=[c.pk for c in checklists]
        )


class ScheduleEditForm(VersionedForm):
    name = forms.CharField(label=_("name"), max_length=80)
    rule = forms.CharField(label=_("recurrence rule"), max_length=200, help_text=RULE_HELP)
    due_hours = forms.IntegerField(label=_("to be done within (hours)"), min_value=1, max_value=744)


class StartRoundForm(StyledForm):
    checklist = forms.ModelChoiceField(label=_("checklist"), queryset=Checklist.objects.none())
    due_at = when(label=_("due by"), required=False, help_text=_("Empty: in four hours."))

    def __init__(self, *args, checklists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.filter(
            pk__in=[c.pk for c in checklists]
        )


class RoundForm(VersionedForm):
    """MR-9: the whole round on one phone page: per item normal/fault or the reading, a note and
    a photo; "save" keeps what is entered, "finish" submits."""

    note = forms.CharField(
        label=_("note on the round"), required=False, widget=forms.Textarea(attrs=TEXT)
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for r in results:
            self._add(r)

    def _add(self, r) -> None:
        key = f"r{r.pk}"
        if r.kind == ItemKind.READING:
            self.fields[f"{key}_reading"] = forms.DecimalField(
                label=r.label,
                required=False,
                max_digits=10,
                decimal_places=2,
                widget=forms.NumberInput(attrs=reading_attrs(r)),
            )
        else:
            self.fields[f"{key}_outcome"] = forms.ChoiceField(
                label=r.label,
                required=False,
                widget=forms.RadioSelect,
                choices=[
                    (ResultOutcome.PASS, ResultOutcome.PASS.label),
                    (ResultOutcome.FAIL, ResultOutcome.FAIL.label),
                ],
            )
        self.fields[f"{key}_note"] = forms.CharField(
            label=_("note"), max_length=300, required=False
        )
        self.fields[f"{key}_photo"] = photos_field(_("photos"))
        self.rows.append((r, key))

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            r.pk: {
                "outcome": data.get(f"{key}_outcome") or "",
                "reading": data.get(f"{key}_reading"),
                "note": data.get(f"{key}_note") or "",
                "photos": data.get(f"{key}_photo") or [],
            }
            for r, key in self.rows
        }

    def bound_rows(self):
        """(result, reading or outcome field, note field, photo field) for the template."""
        for r, key in self.rows:
            main = self[f"{key}_reading"] if r.kind == ItemKind.READING else self[f"{key}_outcome"]
            yield r, main, self[f"{key}_note"], self[f"{key}_photo"]


def reading_attrs(r) -> dict:
    """The reading's input, carrying its normal range so the page warns while it is typed that
    an out-of-range value opens a work order when saved (readings.js)."""
    attrs = {"inputmode": "decimal", "step": "any", "class": "form-control form-control-lg"}
    if r.min_value is None and r.max_value is None:
        return attrs
    return attrs | {
        "data-reading-min": number(r.min_value),
        "data-reading-max": number(r.max_value),
        "data-reading-warning": _("Out of range %(range)s: saving opens a work order")
        % {"range": r.normal_range},
    }


def round_initial(record, results) -> dict:
    initial = {"version": record.version, "note": record.note}
    for r in results:
        initial[f"r{r.pk}_note"] = r.note
        if r.kind == ItemKind.READING:
            initial[f"r{r.pk}_reading"] = r.reading_text
        elif r.outcome != ResultOutcome.PENDING:
            initial[f"r{r.pk}_outcome"] = r.outcome
    return initial


class ReasonForm(VersionedForm):
    note = text_field(_("reason"))
