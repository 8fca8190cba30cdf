"""Forms of the core pages. They parse and validate input; services do the writing."""

import base64
import binascii
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from . import limits
from .choices import OverrideKind, Role
from .models import Department, Site
from .validators import validate_phone


class SignaturePadField(forms.CharField):
    """What the signature pad draws, posted as a ``data:image/png;base64,…`` URL in a hidden
    input: cleaned to the PNG's bytes, None when nothing was drawn (work orders, assessments)."""

    widget = forms.HiddenInput
    prefix = "data:image/png;base64,"

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        raw = super().clean(value)
        if not raw:
            return None
        if not raw.startswith(self.prefix):
            raise forms.ValidationError(_("The signature must be a PNG image."))
        try:
            data = base64.b64decode(raw[len(self.prefix) :], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(_("The signature could not be read.")) from exc
        if len(data) > limits.SIGNATURE_PNG_MAX:
            raise forms.ValidationError(_("The signature image is too large."))
        return data


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one input (the phone's camera or gallery); none is fine."""

    def clean(self, data, initial=None):
        one = super().clean
        if not data:
            return []
        return [one(d, initial) for d in (data if isinstance(data, list | tuple) else [data])]


def photos_field(label) -> MultiplePhotoField:
    """The one photo control's field (X-10): several photos at once, straight from the camera
    or from the gallery; drawn by ``includes/photo_input.html`` with ``photos.js``."""
    return MultiplePhotoField(
        label=label,
        required=False,
        widget=MultiplePhotoInput(
            attrs={"accept": "image/*", "capture": "environment", "data-photo-input": ""}
        ),
    )


class CheckedByServiceChoiceField(forms.ModelChoiceField):
    """A choice of record that the service checks against the list it reads anyway and
    replaces by the record read there (``rest.CheckedByServiceField`` for pages): offered from
    ``queryset`` as usual, but a submitted id is not read again while the form is valid, only
    passed on as a stand-in holding it. When the form is refused for another field, the id is
    checked here, so every refusal shows at once (``check_when_refused``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.queryset.model(pk=int(value))
        except (TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def check_when_refused(self, form, name: str) -> None:
        """Refuse an id outside the choices next to the field, once the form has other errors
        (the service, which would check it, is then not called)."""
        chosen = form.cleaned_data.get(name)
        if form.errors and chosen is not None and not self.queryset.filter(pk=chosen.pk).exists():
            form.add_error(
                name,
                forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice"),
            )


class StyledForm(forms.Form):
    """Adds Bootstrap classes to every widget, drops control characters from what was typed,
    caps every free-text field that sets no length of its own and bounds every date
    (``core.limits``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if hasattr(self.data, "lists"):
            self.data = limits.strip_controls_querydict(self.data)
        elif self.is_bound and isinstance(self.data, dict):
            self.data = limits.strip_controls(self.data)
        for name, field in self.fields.items():
            _bound(name, field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _bound(name: str, field) -> None:
    """The shared limits on one field of a form (``core.limits``)."""
    widget = field.widget
    if isinstance(field, forms.CharField) and field.max_length is None:
        limit = limits.text_limit(name, long=isinstance(widget, forms.Textarea))
        limits.cap(field, limit)
        if not widget.is_hidden:
            widget.attrs.setdefault("maxlength", str(limit))
    elif isinstance(field, forms.DateTimeField):
        field.validators.append(limits.MomentValidator(happened=name in limits.HAPPENED_NAMES))
    elif isinstance(field, forms.DateField):
        field.validators.append(limits.validate_date)


class VersionedForm(StyledForm):
    """A form for an editable record: carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SiteForm(VersionedForm):
    name = forms.CharField(label=_("name"), max_length=100)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    workday_start = forms.TimeField(
        label=_("working day starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    workday_end = forms.TimeField(
        label=_("working day ends"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("workday_start"), data.get("workday_end")
        if start and end and start >= end:
            self.add_error("workday_end", _("The working day must end after it starts."))
        return data


class ReceiversForm(VersionedForm):
    """SD-5: a department's designated receivers (指定的接单人), chosen among its people."""

    receivers = forms.ModelMultipleChoiceField(
        label=_("designated receivers"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receivers"].queryset = members
        self.fields["receivers"].widget.attrs["class"] = "form-check-input"


class DepartmentForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=50)
    code = forms.SlugField(label=_("code"), max_length=20)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    duties = forms.CharField(
        label=_("duties"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class BuildingForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=50, help_text=_("e.g. 3栋"))
    floors = forms.IntegerField(label=_("floors"), min_value=1, max_value=200, initial=6)
    units = forms.CharField(
        label=_("units"),
        required=False,
        help_text=_("Comma-separated, e.g. 1单元,2单元"),
    )
    rooms_per_floor = forms.IntegerField(
        label=_("rooms per floor"), min_value=0, max_value=50, initial=2
    )
    description = forms.CharField(
        label=_("structure and facilities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_units(self):
        raw = self.cleaned_data["units"].replace("，", ",")
        return [u.strip() for u in raw.split(",") if u.strip()]


class ProfileFields(StyledForm):
    """The fields of a staff profile (ORG-3), shared by the edit and the add-a-person forms."""

    full_name = forms.CharField(label=_("full name"), max_length=50)
    phone = forms.CharField(
        label=_("phone"), max_length=20, required=False, validators=[validate_phone]
    )
    email = forms.EmailField(label=_("e-mail"), required=False)
    title = forms.CharField(label=_("job title"), max_length=50, required=False)
    responsibilities = forms.CharField(
        label=_("responsibilities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    specialties = forms.CharField(
        label=_("specialties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileForm(VersionedForm, ProfileFields):
    pass


class PasswordForm(StyledForm):
    old_password = forms.CharField(
        label=_("current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("new password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password_again = forms.CharField(
        label=_("new password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class CalendarOverrideForm(StyledForm):
    date = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=OverrideKind.choices)
    official = forms.BooleanField(label=_("from the official schedule"), required=False)
    note = forms.CharField(label=_("note"), max_length=100, required=False)


class CalendarFilterForm(StyledForm):
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none(), required=False)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.none()


class WorkingDaysForm(StyledForm):
    start = forms.DateTimeField(
        label=_("start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=lambda: dt.datetime.now().replace(second=0, microsecond=0),
    )
    days = forms.IntegerField(label=_("working days"), min_value=0, max_value=365, initial=2)


class RoleForm(StyledForm):
    """A role at one of the actor's sites, optionally in one of its departments."""

    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none())
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites if sites is not None else Site.objects.none()
        self.fields["site"].queryset = sites
        self.fields["department"].queryset = Department.objects.filter(
            site__in=sites
        ).select_related("site")


class StaffForm(RoleForm, ProfileFields):
    """A new person with their first role."""

    username = forms.RegexField(label=_("user name"), max_length=150, regex=r"^[\w.@+-]+$")
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "username",
        "full_name",
        "password",
        "phone",
        "email",
        "title",
        "role",
        "site",
        "department",
        "responsibilities",
        "specialties",
    ]


class WebhookForm(StyledForm):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none())
    channel = forms.ChoiceField(
        label=_("robot"),
        choices=[
            ("wecom", _("WeCom robot")),
            ("dingtalk", _("DingTalk robot")),
            ("feishu", _("Feishu robot")),
        ],
    )
    url = forms.URLField(label=_("webhook address"), max_length=500, assume_scheme="https")
    note = forms.CharField(label=_("note"), max_length=100, required=False)
    reports = forms.BooleanField(
        label=_("Also post the weekly and monthly report summaries"),
        required=False,
        help_text=_("The site's report; for a branch department, the branch's."),
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Department.objects.none()
        )
        self.fields["department"].label_from_instance = lambda d: d.name
