"""The rules of access (MR-2): our own people, what an access request must contain, and who may
be admitted on it now. The services refuse with these reasons; the pages ask here too."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.validators import FieldErrors

from ..choices import RequestKind, RequestState
from ..models import AccessRequest


def is_staff_of(person: User | None, site: Site) -> bool:
    """Our own people: anyone holding a role at the site (or its branch)."""
    return person is not None and person.is_active and bool(permissions.roles_of(person, site.pk))


def names_of(people) -> list[str]:
    """The names of a list of people as typed: one a line, or separated by commas or 、."""
    if isinstance(people, str):
        people = people.replace("，", "\n").replace(",", "\n").replace("、", "\n").splitlines()
    return [p.strip() for p in people if p and p.strip()]


def check_request(
    errors: FieldErrors,
    *,
    site,
    kind,
    organisation,
    applicant,
    phone,
    people,
    purpose,
    scope,
    starts_at,
    ends_at,
    escort,
) -> None:
    """MR-2: what an access request must contain, each refusal under its field."""
    errors.required(organisation=organisation, applicant=applicant, phone=phone, purpose=purpose)
    if kind not in RequestKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    if not people:
        errors.add("people", _("Name everyone who will come in, one per line."))
    if kind == RequestKind.CONSTRUCTION and not str(scope or "").strip():
        errors.add("scope", _("A construction application states the scope of works (MR-2)."))
    if starts_at and ends_at and ends_at <= starts_at:
        errors.add("ends_at", _("The end must be after the start."))
    if not is_staff_of(escort, site):
        errors.add(
            "escort",
            _(
                "Name the member of our staff who will escort them (MR-2: outsiders are always escorted)."
            ),
        )


def check_admission(request: AccessRequest, *, name: str, escort: User | None, now) -> None:
    """MR-2: an outsider enters only on an approved request of today, under their own name as
    listed, with a named escort of our staff; anything else is refused with the reason."""
    if request.state != RequestState.APPROVED:
        raise Conflict(
            _("%(serial)s is %(state)s: outsiders enter only with the head's approval (MR-2).")
            % {"serial": request.serial, "state": request.get_state_display()},
            rule="MR-2",
        )
    if timezone.localdate(now) < timezone.localdate(request.starts_at) or now > request.ends_at:
        raise Conflict(
            _("%(serial)s is approved for %(start)s – %(end)s, not now (MR-2).")
            % {
                "serial": request.serial,
                "start": f"{timezone.localtime(request.starts_at):%Y-%m-%d %H:%M}",
                "end": f"{timezone.localtime(request.ends_at):%Y-%m-%d %H:%M}",
            },
            rule="MR-2",
        )
    if name not in request.people:
        raise ValidationFailed(
            field_errors={
                "name": [
                    _("%(name)s is not on %(serial)s (%(people)s).")
                    % {"name": name or "—", "serial": request.serial, "people": request.people_text}
                ]
            },
            rule="MR-2",
        )
    if not is_staff_of(escort, request.site):
        raise ValidationFailed(
            field_errors={
                "escort": [
                    _(
                        "Name the member of our staff who will escort them (MR-2: outsiders are always escorted)."
                    )
                ]
            },
            rule="MR-2",
        )
