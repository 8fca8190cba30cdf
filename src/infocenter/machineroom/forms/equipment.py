"""Forms of the equipment ledger (MR-13, MR-10). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm

from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus
from ..models import MachineRoom
from ..rules.equipment import SETTABLE, LedgerLine
from .common import PeopleForm, PersonField, day, when

ROWS2 = {"rows": 2}


class ItemChoiceField(forms.ChoiceField):
    """A choice among ledger lines already read; cleans to the line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.items: dict = {}

    def set_items(self, items, *, describe=str) -> None:
        self.items = {str(i.pk): i for i in items}
        self.choices = [("", "---------"), *((str(i.pk), describe(i)) for i in items)]

    def clean(self, value):
        value = super().clean(value)
        return self.items.get(str(value)) if value else None


class EquipmentForm(PeopleForm):
    """MR-13: one line of the ledger."""

    people_fields = ("custodian",)
    category = forms.ChoiceField(label=_("category"), choices=EquipmentCategory.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    model = forms.CharField(label=_("model"), max_length=100, required=False)
    serial = forms.CharField(
        label=_("serial number"),
        max_length=100,
        required=False,
        help_text=_("With a serial number the line is one piece."),
    )
    quantity = forms.IntegerField(label=_("quantity"), min_value=0, initial=1)
    unit = forms.CharField(
        label=_("unit of measure"),
        max_length=10,
        required=False,
        help_text=_("e.g. 台, 块, 盒, 根; empty: 台 for equipment, 个 otherwise."),
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[c for c in EquipmentStatus.choices if c[0] in SETTABLE],
        initial=EquipmentStatus.SPARE,
    )
    room = forms.ModelChoiceField(label=_("machine room"), queryset=None, required=False)
    location = forms.CharField(
        label=_("cabinet / position"),
        max_length=120,
        required=False,
        help_text=_("e.g. 机柜 A2 第 12U; for a damaged piece, its antistatic storage."),
    )
    antistatic = forms.BooleanField(
        label=_("in antistatic storage"),
        required=False,
        help_text=_("Damaged boards are kept out of the cabinets in antistatic bags."),
    )
    custodian = PersonField(label=_("custodian"), required=False)
    purchased_on = day(label=_("purchase date"), required=False)
    supplier = forms.CharField(label=_("supplier"), max_length=100, required=False)
    warranty_until = day(label=_("warranty end"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = MachineRoom.objects.filter(pk__in=[r.pk for r in rooms])


class EquipmentEditForm(VersionedForm, EquipmentForm):
    def clean(self):
        """The version apart, and the rest as the ledger line (``update_equipment``)."""
        data = super().clean()
        if self.errors:
            return data
        version = data.pop("version")
        return {"version": version, "line": LedgerLine(**data)}


class DisposeForm(VersionedForm):
    reason = forms.CharField(label=_("disposal reason"), widget=forms.Textarea(attrs=ROWS2))


class EquipmentReportForm(VersionedForm, PeopleForm):
    """MR-13: damage, loss or consumption, with the person responsible."""

    people_fields = ("responsible",)
    kind = forms.ChoiceField(label=_("kind"), choices=EquipmentReportKind.choices)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    responsible = PersonField(
        label=_("person responsible"),
        required=False,
        help_text=_("Required for damage and loss: choose our person, or name an outsider below."),
    )
    responsible_name = forms.CharField(
        label=_("or an outsider (name, organisation)"), max_length=100, required=False
    )
    description = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs=ROWS2))
    happened_at = when(label=_("when"), required=False, help_text=_("Empty: now."))
    storage = forms.CharField(
        label=_("antistatic storage location"),
        max_length=120,
        required=False,
        help_text=_("Damage: where the piece is kept, out of the cabinets."),
    )


class ProcurementForm(PeopleForm):
    """MR-13: a purchase received; its lines below."""

    people_fields = ("received_by",)
    supplier = forms.CharField(label=_("supplier"), max_length=100)
    purchased_on = day(label=_("purchase date"))
    reference = forms.CharField(label=_("contract or invoice no."), max_length=60, required=False)
    received_by = PersonField(label=_("received by"))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs=ROWS2))


class ProcurementLineForm(StyledForm):
    """A line: add to an existing counted line, or a new ledger line."""

    into = ItemChoiceField(label=_("add to ledger line"), required=False)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", "---------"), *EquipmentCategory.choices], required=False
    )
    name = forms.CharField(label=_("name"), max_length=100, required=False)
    model = forms.CharField(label=_("model"), max_length=100, required=False)
    serial = forms.CharField(label=_("serial number"), max_length=100, required=False)
    unit = forms.CharField(label=_("unit of measure"), max_length=10, required=False)
    location = forms.CharField(label=_("cabinet / position"), max_length=120, required=False)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, required=False)
    unit_price = forms.DecimalField(
        label=_("unit price"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].set_items(items)

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("into") or data.get("name") or data.get("quantity"))


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
