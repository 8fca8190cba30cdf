"""The rules of a machine-room change (MR-7, MR-8), apart from its writes: what a request must
contain, who the qualified technician is, which steps apply to a change and to a person, when it
may start, who is told of it and what its notice says, and the refusals with their reasons. The
change services and the pages ask here."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.choices import Role
from infocenter.core.excel import at_text
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import available, require

from .. import workflows
from ..choices import ChangeClass
from ..choices import ChangeState as CS
from ..models import ChangeRequest
from ..workflows import NOTICE_HOURS

QUALIFIED_ROLES = frozenset({Role.MR_MAINTAINER, Role.IT_STAFF})
FIELDS = (
    "kind",
    "title",
    "system",
    "core_server",
    "justification",
    "global_impact",
    "affected_parties",
    "plan",
    "impact",
    "rollback_plan",
    "spare_parts",
    "planned_start",
    "planned_end",
    "implementer",
    "not_experimental",
    "central_data",
)


def is_qualified(person: User | None, site_id: int) -> bool:
    """MR-7's qualified technician: an active machine-room maintainer or IT staff member of the site."""
    return (
        person is not None
        and person.is_active
        and bool(permissions.roles_of(person, site_id) & QUALIFIED_ROLES)
    )


@dataclass(frozen=True)
class ChangeContent:
    """What a change request says (MR-7), as a page, the API or the demo give it to
    ``create_change`` and ``edit_change``: text trimmed, flags as booleans."""

    kind: str
    title: str
    system: str
    plan: str
    planned_start: dt.datetime
    planned_end: dt.datetime
    implementer: User | None
    not_experimental: bool
    impact: str = ""
    rollback_plan: str = ""
    spare_parts: str = ""
    core_server: bool = False
    justification: str = ""
    global_impact: bool = False
    affected_parties: str = ""
    notify_people: tuple = ()
    notify_departments: tuple = ()
    central_data: bool = False

    def __post_init__(self):
        for name in TEXTS:
            object.__setattr__(self, name, str(getattr(self, name) or "").strip())
        for name in FLAGS:
            object.__setattr__(self, name, bool(getattr(self, name)))
        for name in ("notify_people", "notify_departments"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))

    def fields(self) -> dict:
        """The change's own fields (the people and departments to notify apart)."""
        return {name: getattr(self, name) for name in FIELDS}


TEXTS = ("title", "system", "justification", "affected_parties", "plan", "impact")
TEXTS += ("rollback_plan", "spare_parts")
FLAGS = ("core_server", "global_impact", "not_experimental", "central_data")


# -- checks -------------------------------------------------------------------------------------


def check_content(errors: FieldErrors, site: Site, content: ChangeContent) -> None:
    """Every rule of a change's content, one message per field."""
    v = vars(content)
    errors.required(title=v["title"], system=v["system"], plan=v["plan"])
    if v["kind"] not in ChangeClass.values:
        errors.add("kind", _("Choose one of the listed values."))
    if v["kind"] == ChangeClass.MAJOR:
        if not str(v["rollback_plan"] or "").strip():
            errors.add(
                "rollback_plan",
                _("A major change prepares for failure: write how it is rolled back."),
            )
        if not str(v["spare_parts"] or "").strip():
            errors.add(
                "spare_parts",
                _(
                    "A major change prepares for failure: list the spare parts ready, or write 'none needed'."
                ),
            )
    if v["core_server"]:
        if not str(v["justification"] or "").strip():
            errors.add(
                "justification",
                _("A core server is adjusted only after justification: give the reason."),
            )
        if v["kind"] == ChangeClass.STANDARD:
            errors.add(
                "kind",
                _(
                    "A core-server change needs the head's consent: it cannot be a pre-approved standard change."
                ),
            )
    if v["global_impact"]:
        errors.required(affected_parties=v["affected_parties"])
        if not v["notify_people"] and not v["notify_departments"]:
            errors.add(
                "notify_people",
                _(
                    "Choose the people or departments to notify in advance of a global-impact change."
                ),
            )
    _check_people(errors, site, v)
    if v["planned_start"] and v["planned_end"] and v["planned_end"] <= v["planned_start"]:
        errors.add("planned_end", _("The end must be after the start."))
    if not v["not_experimental"]:
        errors.add(
            "not_experimental",
            _(
                "No experimental configuration on a production server: confirm this change is not one."
            ),
        )


def _check_people(errors: FieldErrors, site: Site, v: dict) -> None:
    if not is_qualified(v["implementer"], site.pk):
        errors.add(
            "implementer",
            _(
                "%(person)s is not a qualified technician here: a change is done by a machine-room maintainer or "
                "IT staff member of this site."
            )
            % {"person": v["implementer"] or "—"},
        )
    if any(d.site_id != site.pk for d in v["notify_departments"]):
        errors.add("notify_departments", _("Choose departments of this site."))
    if any(not permissions.roles_of(p, site.pk) for p in v["notify_people"]):
        errors.add("notify_people", _("Choose people of this site."))


def who_may(actor, change: ChangeRequest, name: str) -> str | None:
    """Why ``actor`` is not the person for step ``name`` (None: they are): the requester, the
    implementer or the head handle the request itself; only the named implementer carries it out."""
    own = actor.pk in (change.requested_by_id, change.implementer_id)
    if (
        name in ("edit", "submit", "cancel", "reschedule")
        and not own
        and not permissions.can(actor, "mr.approve", site_id=change.site_id)
    ):
        return _("Only the requester, the implementer or the head handles %(serial)s.") % {
            "serial": change.serial
        }
    if name in ("start", "finish") and actor.pk != change.implementer_id:
        return _("Only the named implementer, %(person)s, starts and records this change.") % {
            "person": change.implementer
        }
    return None


def condition(change: ChangeRequest, name: str) -> str | None:
    """Why step ``name`` does not apply to this change's class and flags (None: it does); the
    page offers only steps that apply, the services refuse the others with this reason."""
    standard = (
        _("A standard change is pre-approved.") if change.kind == ChangeClass.STANDARD else None
    )
    reasons = {
        "refuse": standard,
        "notify": None
        if change.global_impact
        else _("Only a global-impact change is announced in advance."),
        "backup": None
        if change.central_data
        else _("Only a central-data change records a backup."),
        "ratify": None
        if change.kind == ChangeClass.EMERGENCY and not change.ratified
        else _("Only an emergency change not yet approved is approved after the fact."),
    }
    checks = {
        "start": _start_condition,
        "confirm": _confirm_condition,
        "delete_backup": _delete_condition,
        "approve": lambda c: standard or _discussed(c),
    }
    return checks[name](change) if name in checks else reasons.get(name)


def _discussed(change) -> str | None:
    if change.kind == ChangeClass.MAJOR and not change.comments.exists():
        return _(
            "A major change is discussed before it is approved: the discussion is still empty."
        )
    return None


def _start_condition(change) -> str | None:
    if change.state == CS.SUBMITTED and change.kind != ChangeClass.EMERGENCY:
        return _("%(serial)s waits for the head's approval.") % {"serial": change.serial}
    if (
        change.state == CS.APPROVED
        and change.global_impact
        and change.kind != ChangeClass.EMERGENCY
    ):
        return _(
            "A global-impact change starts only after its advance notice is sent to those affected."
        )
    return None


def _confirm_condition(change) -> str | None:
    if not change.central_data:
        return _("Only a central-data change is confirmed after a week.")
    return _("Correct running is already confirmed.") if change.confirmed_at else None


def _delete_condition(change) -> str | None:
    if not change.central_data or not change.backup_reference:
        return _("This change has no backup to delete.")
    if change.backup_deleted_at:
        return _("The backup is already recorded as deleted.")
    if change.state == CS.DONE and change.confirmed_at is None:
        return _("Delete the backup only after correct running is confirmed.")
    return None


def steps_for(actor, change: ChangeRequest) -> list:
    """The steps ``actor`` can take on ``change`` now, for the buttons of the page and the API."""
    return [
        s
        for s in available(actor, change, workflows.CHANGE_STEPS)
        if who_may(actor, change, s.name) is None and condition(change, s.name) is None
    ]


def require_step(actor, change, name: str) -> None:
    """Refuse step ``name`` with its reason: the state (409), the roles (403) or the change's
    person (403) or the change's class and flags (409)."""
    step = workflows.CHANGE_STEPS[name]
    require(actor, change, step)
    reason = who_may(actor, change, name)
    if reason:
        raise PermissionDenied(reason, rule=step.rule)
    reason = condition(change, name)
    if reason:
        raise Conflict(reason, rule=step.rule)


def may_start_from(change: ChangeRequest) -> dt.datetime | None:
    """The earliest start after the advance notice (None when no notice is needed or sent)."""
    if change.notice_sent_at is None:
        return None
    return change.notice_sent_at + dt.timedelta(hours=NOTICE_HOURS)


def audience(change: ChangeRequest) -> list[User]:
    """Who is told of a global-impact change: the chosen people and the chosen departments' staff."""
    people = list(change.notify_people.all())
    departments = list(change.notify_departments.all())
    if departments:
        people += list(
            User.objects.filter(
                is_active=True, role_assignments__department__in=departments
            ).distinct()
        )
    return people


def notice_text(change: ChangeRequest) -> str:
    """The notice as sent: time, plan, people and those affected (MR-7)."""
    return "\n".join(
        [
            _("Time: %(start)s – %(end)s")
            % {"start": at_text(change.planned_start), "end": at_text(change.planned_end)},
            _("System: %(system)s") % {"system": change.system},
            _("Plan: %(plan)s") % {"plan": change.plan},
            _("Impact: %(impact)s") % {"impact": change.impact or "—"},
            _("Affected: %(parties)s") % {"parties": change.affected_parties},
            _("Carried out by: %(person)s") % {"person": change.implementer},
        ]
    )


def when_recorded(
    at: dt.datetime | None, field: str, *, after: dt.datetime | None = None
) -> dt.datetime:
    """``at`` (default now) for a record made afterwards: never in the future, never before ``after``."""
    now = timezone.now()
    at = at or now
    if at > now + dt.timedelta(minutes=5):
        raise ValidationFailed(field_errors={field: [_("This cannot be in the future.")]})
    if after is not None and at < after:
        raise ValidationFailed(
            field_errors={field: [_("This cannot be before %(time)s.") % {"time": at_text(after)}]}
        )
    return at


def check_ready_to_start(change: ChangeRequest, at: dt.datetime) -> None:
    """MR-7, MR-8: refuse a start at ``at`` before the notice period is over, without a backup of central data, or by a technician no longer qualified."""
    if not is_qualified(change.implementer, change.site_id):
        raise Conflict(
            _("%(person)s is no longer a qualified technician of this site.")
            % {"person": change.implementer},
            rule="MR-7",
        )
    earliest = may_start_from(change)
    if change.kind != ChangeClass.EMERGENCY and earliest is not None and at < earliest:
        raise Conflict(
            _(
                "The notice went out at %(sent)s: those affected get %(hours)s hours' notice, so the change "
                "starts from %(earliest)s."
            )
            % {
                "sent": at_text(change.notice_sent_at),
                "hours": NOTICE_HOURS,
                "earliest": at_text(earliest),
            },
            rule="MR-7",
        )
    if change.central_data and not change.backup_reference:
        raise Conflict(
            _(
                "A central-data change starts only after its backup: record what was backed up, where and "
                "when."
            ),
            rule="MR-8",
        )
