"""The rules of access (MR-2): our own people, what an access request must contain, who may be
admitted on it now, and which of its steps are open to whom. The services refuse with these
reasons; the pages and the API ask here too."""

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import limits, permissions
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import Step, available, require

from ..choices import RequestKind, RequestState
from ..models import AccessRequest
from ..workflows import REQUEST_STEPS
from .common import may_withdraw

# Crews and technicians leave only after their clean-up is checked (MR-2).
RELEASED_KINDS = frozenset({RequestKind.CONSTRUCTION, RequestKind.EMERGENCY})


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
    elif len(people) > limits.LIST_MAX:
        errors.add("people", _("At most %(n)s items in one request.") % {"n": limits.LIST_MAX})
    if kind == RequestKind.CONSTRUCTION and not str(scope or "").strip():
        errors.add("scope", _("A construction application states the scope of works."))
    if starts_at and ends_at and ends_at <= starts_at:
        errors.add("ends_at", _("The end must be after the start."))
    if not is_staff_of(escort, site):
        errors.add(
            "escort",
            _("Name the member of our staff who will escort them (outsiders are always escorted)."),
        )


def check_admission(request: AccessRequest, *, name: str, escort: User | None, now) -> None:
    """MR-2: an outsider enters only on an approved request of today, under their own name as
    listed, with a named escort of our staff; anything else is refused with the reason."""
    if request.state != RequestState.APPROVED:
        raise Conflict(
            _("%(serial)s is %(state)s: outsiders enter only with the head's approval.")
            % {"serial": request.serial, "state": request.get_state_display()},
            rule="MR-2",
        )
    if timezone.localdate(now) < timezone.localdate(request.starts_at) or now > request.ends_at:
        raise Conflict(
            _("%(serial)s is approved for %(start)s – %(end)s, not now.")
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
                        "Name the member of our staff who will escort them (outsiders are always escorted)."
                    )
                ]
            },
            rule="MR-2",
        )


def steps_for(actor, record: AccessRequest) -> list[Step]:
    """The steps of an access request open to ``actor`` now: a release only for crews and
    technicians, a cancellation only by whoever asked or the desk."""
    return [
        s
        for s in available(actor, record, REQUEST_STEPS)
        if (s.name != "release" or record.kind in RELEASED_KINDS)
        and (s.name != "cancel" or may_withdraw(actor, record))
    ]


def require_cancel(actor, record: AccessRequest) -> None:
    """MR-2: a request is cancelled from its state by whoever asked, or by the desk."""
    require(actor, record, REQUEST_STEPS["cancel"])
    if not may_withdraw(actor, record):
        raise PermissionDenied(
            _("Only the person who asked, or the desk, can cancel %(serial)s.")
            % {"serial": record.serial},
            rule="MR-2",
        )


def require_release(actor, record: AccessRequest) -> None:
    """MR-2: only crews and technicians of an approved request are released after clean-up."""
    require(actor, record, REQUEST_STEPS["release"])
    if record.kind not in RELEASED_KINDS:
        raise Conflict(
            _("Visitors leave with their escort; only crews and technicians are released."),
            rule="MR-2",
        )


def refuse_while_inside(names: list[str]) -> None:
    """MR-2: a request is closed or cancelled only once everyone on it (``names`` still inside)
    has signed out."""
    if names:
        raise Conflict(
            _("%(names)s still inside: sign them out first.") % {"names": "、".join(names)},
            rule="MR-2",
        )
