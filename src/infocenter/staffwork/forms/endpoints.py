"""IT-2: the endpoint registry's forms. They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infocenter.core.forms import StyledForm, VersionedForm
from infocenter.core.models import Department, User
from infocenter.machineroom.models import Equipment

from ..models.endpoints import LIST_FIELDS, RESOLUTIONS_FOR, ListKind, Resolution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

FIELD_LABELS = {
    "ip": _("IP address"),
    "mac": _("MAC address"),
    "user_name": _("user (real name)"),
    "department": _("department"),
    "asset_tag": _("asset tag"),
    "registered": _("registered"),
    "real_name": _("real name bound"),
}


class EndpointForm(StyledForm):
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    user_name = forms.CharField(label=_("user (real name)"), max_length=50, required=False)
    person = forms.ModelChoiceField(label=_("person"), queryset=User.objects.none(), required=False)
    asset_tag = forms.CharField(label=_("asset tag"), max_length=50, required=False)
    ip = forms.CharField(label=_("IP address"), max_length=15, required=False)
    mac = forms.CharField(label=_("MAC address"), max_length=20, required=False)
    registered_on = forms.DateField(
        label=_("registered in the security system"), required=False, widget=DATE
    )
    real_name_bound = forms.BooleanField(label=_("real name bound"), required=False)
    real_name_on = forms.DateField(label=_("real name bound on"), required=False, widget=DATE)
    equipment = forms.ModelChoiceField(
        label=_("machine-room ledger line"), queryset=Equipment.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if site is not None:
            self.fields["department"].queryset = site.departments.order_by("name")
            self.fields["person"].queryset = User.objects.filter(
                is_active=True, role_assignments__site=site
            ).distinct()
            self.fields["equipment"].queryset = Equipment.objects.filter(
                site=site, disposed_at__isnull=True
            )


class EndpointEditForm(EndpointForm, VersionedForm):
    pass


class RetireForm(VersionedForm):
    reason = forms.CharField(label=_("reason for retiring"), max_length=200)


class ListUploadForm(StyledForm):
    kind = forms.ChoiceField(label=_("list"), choices=ListKind.choices)
    file = forms.FileField(
        label=_("file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MappingForm(StyledForm):
    """IT-2: for each field, the header of the column that holds it (or none)."""

    def __init__(self, *args, header=(), initial_columns=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(h, h) for h in header if h]]
        for field in LIST_FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field],
                choices=choices,
                required=False,
                initial=(initial_columns or {}).get(field, ""),
            )
            self.fields[field].widget.attrs["class"] = "form-select"


class ResolveForm(VersionedForm):
    resolution = forms.ChoiceField(label=_("resolution"), choices=())
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, problem=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = RESOLUTIONS_FOR.get(problem, tuple(Resolution))
        self.fields["resolution"].choices = [(r.value, r.label) for r in allowed]


class ReassignForm(VersionedForm):
    owner = forms.ModelChoiceField(label=_("owner"), queryset=User.objects.none())

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=[p.pk for p in people])


def guess_columns(header) -> dict[str, str]:
    """A first guess of the mapping from usual header texts of Chinese admin backends."""
    hints = {
        "ip": ("ip",),
        "mac": ("mac", "物理地址"),
        "user_name": ("用户", "姓名", "使用人", "user", "name"),
        "department": ("部门", "department"),
        "asset_tag": ("资产", "asset"),
        "registered": ("注册", "registered"),
        "real_name": ("实名", "real"),
    }
    guess, used = {}, set()
    for field, words in hints.items():
        for text in header:
            if text and text not in used and any(w in text.lower() for w in words):
                guess[field] = text
                used.add(text)
                break
    return guess
