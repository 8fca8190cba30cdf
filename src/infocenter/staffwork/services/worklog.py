"""Writes of the work log (IT-1): entries added, corrected (at the version read, audited before
and after) and removed; proposals from the system's records confirmed into entries or
dismissed; projects and their milestones. Only the person keeps their own log (``sw.own``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import diff, record_event
from infocenter.core.exceptions import Conflict, PermissionDenied
from infocenter.core.models import Department, Site
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors

from ..models import Milestone, Project, Proposal, ProposalDecision, WorkEntry, WorkKind
from ..selectors.worklog import Proposed, find_proposal

RULE = "IT-1"
MAX_HOURS = Decimal(24)


@dataclass(frozen=True)
class EntryContent:
    """What a log entry says: kind, day, hours, who was helped, notes, the project."""

    kind: str
    day: dt.date
    hours: Decimal
    helped: str = ""
    helped_department: Department | None = None
    helped_site: Site | None = None
    notes: str = ""
    project: Project | None = None

    def fields(self) -> dict:
        return {
            "kind": self.kind,
            "day": self.day,
            "hours": Decimal(self.hours),
            "helped": self.helped.strip(),
            "helped_department": self.helped_department,
            "helped_site": self.helped_site,
            "notes": self.notes.strip(),
            "project": self.project,
        }


def check_content(actor, content: EntryContent) -> None:
    """Refuse an entry that cannot be right: an unknown kind, a day in the future, hours out of
    a day, project work without one of the person's projects."""
    errors = FieldErrors()
    errors.choice("kind", content.kind, WorkKind)
    if content.day > timezone.localdate():
        errors.add("day", _("The day cannot be in the future."))
    if content.day.year < 2000:
        errors.add("day", _("Enter a day of this century."))
    hours = Decimal(content.hours)
    if hours <= 0 or hours > MAX_HOURS:
        errors.add("hours", _("Enter the hours spent, more than 0 and at most 24."))
    elif hours * 2 != int(hours * 2):
        errors.add("hours", _("Enter the hours in half hours (e.g. 1.5)."))
    if content.kind == WorkKind.PROJECT and content.project is None:
        errors.add("project", _("Choose the project this work was for."))
    if content.project is not None and content.project.person_id != actor.pk:
        errors.add("project", _("Choose one of your own projects."))
    errors.raise_any(rule=RULE)


def require_owner(actor, record, what) -> None:
    """Only the person keeps their own records: anyone else is refused, in words."""
    if record.person_id != actor.pk:
        raise PermissionDenied(
            _("Only %(person)s can change their own %(what)s.")
            % {"person": record.person, "what": what},
            rule=RULE,
        )
    permissions.check(actor, "sw.own", site=record.site_id)


def _entry_data(entry: WorkEntry) -> dict:
    return {
        "kind": entry.kind,
        "day": entry.day.isoformat(),
        "hours": str(entry.hours),
        "helped": entry.helped,
        "helped_department": str(entry.helped_department or ""),
        "helped_site": str(entry.helped_site or ""),
        "notes": entry.notes,
        "project": str(entry.project or ""),
    }


def add_entry(
    actor, *, site: Site, content: EntryContent, source: Proposed | None = None
) -> WorkEntry:
    """IT-1: a new entry of the actor's own work log at ``site`` (where they keep one)."""
    permissions.check(actor, "sw.own", site=site)
    check_content(actor, content)
    with transaction.atomic(durable=True):
        return _create(actor, site=site, content=content, source=source)


def _create(actor, *, site, content: EntryContent, source: Proposed | None) -> WorkEntry:
    link = {}
    if source is not None:
        link = {
            "source_type": source.source_type,
            "source_id": source.source_id,
            "source_text": source.text[:200],
            "source_url": source.url[:200],
        }
    entry = WorkEntry.objects.create(
        site=site, person=actor, created_at=timezone.now(), **content.fields(), **link
    )
    record_event(
        actor=actor,
        subject=entry,
        kind="worklog.entry_added",
        data={**_entry_data(entry), **link},
    )
    return entry


def edit_entry(actor, entry: WorkEntry, *, version: int, content: EntryContent) -> WorkEntry:
    """IT-1: the person corrects their entry, at the version they read; the audit keeps the
    values before and after."""
    require_owner(actor, entry, _("work log"))
    check_content(actor, content)
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkEntry, entry, version)
        before = _entry_data(row)
        for name, value in content.fields().items():
            setattr(row, name, value)
        save_new_version(row, *content.fields())
        after = _entry_data(row)
        record_event(
            actor=actor,
            subject=row,
            kind="worklog.entry_corrected",
            data={"changes": diff(before, after)},
        )
        return row


def remove_entry(actor, entry: WorkEntry, *, version: int) -> None:
    """IT-1: the person removes their entry, at the version they read; the audit keeps what it
    said. A confirmed proposal stays decided (it is not proposed again)."""
    require_owner(actor, entry, _("work log"))
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkEntry, entry, version)
        record_event(actor=actor, subject=row, kind="worklog.entry_removed", data=_entry_data(row))
        row.delete()


def confirm_proposal(
    actor, *, key: str, hours: Decimal | None = None, kind: str = "", notes: str = ""
) -> WorkEntry:
    """IT-1: a record the system proposed becomes an entry of the actor's log, linked to it
    (the hours and kind proposed unless given); it is never proposed again."""
    permissions.check(actor, "sw.own")
    proposal = find_proposal(actor, key)
    site = Site.objects.get(pk=proposal.site_id)
    permissions.check(actor, "sw.own", site=site)
    content = EntryContent(
        kind=kind or proposal.kind,
        day=proposal.day,
        hours=proposal.hours if hours is None else hours,
        helped=proposal.helped[:200],
        notes=notes or proposal.text,
    )
    check_content(actor, content)
    with transaction.atomic(durable=True):
        entry = _create(actor, site=site, content=content, source=proposal)
        _decide(actor, proposal, ProposalDecision.CONFIRMED, entry)
        return entry


def dismiss_proposal(actor, *, key: str) -> Proposal:
    """IT-1: the actor dismisses a record proposed to them: it is never proposed again."""
    permissions.check(actor, "sw.own")
    proposal = find_proposal(actor, key)
    permissions.check(actor, "sw.own", site=proposal.site_id)
    with transaction.atomic(durable=True):
        decision = _decide(actor, proposal, ProposalDecision.DISMISSED, None)
        record_event(
            actor=actor,
            subject=decision,
            kind="worklog.proposal_dismissed",
            data={"source": proposal.key, "text": proposal.text},
        )
        return decision


def _decide(actor, proposal: Proposed, decision: str, entry) -> Proposal:
    try:
        with transaction.atomic():
            return Proposal.objects.create(
                site_id=proposal.site_id,
                person=actor,
                source_type=proposal.source_type,
                source_id=proposal.source_id,
                decision=decision,
                entry=entry,
                decided_at=timezone.now(),
            )
    except IntegrityError as exc:  # decided at the same moment in another tab
        raise Conflict(_("This proposal was already decided."), rule=RULE) from exc


# -- projects --------------------------------------------------------------------------------


def _check_project(name: str, role: str, milestones) -> None:
    errors = FieldErrors()
    errors.required(name=name, role=role)
    for title, planned_on in milestones:
        if not title.strip() or planned_on is None:
            errors.add("milestones", _("Each milestone needs a name and a planned date."))
            break
    errors.raise_any(rule=RULE)


def add_project(
    actor,
    *,
    site: Site,
    name: str,
    role: str,
    go_live_on: dt.date | None = None,
    note: str = "",
    milestones: list[tuple[str, dt.date]] = (),
) -> Project:
    """IT-1: a project the actor takes part in, their role, its milestones and go-live date."""
    permissions.check(actor, "sw.own", site=site)
    _check_project(name, role, milestones)
    with transaction.atomic(durable=True):
        project = Project.objects.create(
            site=site,
            person=actor,
            name=name.strip(),
            role=role.strip(),
            go_live_on=go_live_on,
            note=note.strip(),
            created_at=timezone.now(),
        )
        for title, planned_on in milestones:
            Milestone.objects.create(
                site_id=project.site_id,
                project=project,
                name=title.strip(),
                planned_on=planned_on,
            )
        record_event(
            actor=actor,
            subject=project,
            kind="worklog.project_added",
            data={
                "name": project.name,
                "role": project.role,
                "go_live_on": go_live_on,
                "milestones": [[t, d] for t, d in milestones],
            },
        )
        return project


def edit_project(
    actor,
    project: Project,
    *,
    version: int,
    name: str,
    role: str,
    go_live_on: dt.date | None,
    note: str = "",
) -> Project:
    """IT-1: the person corrects their project (e.g. enters the go-live date), audited."""
    require_owner(actor, project, _("project"))
    _check_project(name, role, ())
    with transaction.atomic(durable=True):
        row = lock_for_change(Project, project, version)
        fields = {"name": name.strip(), "role": role.strip(), "go_live_on": go_live_on}
        fields["note"] = note.strip()
        before = {k: str(getattr(row, k) or "") for k in fields}
        for k, v in fields.items():
            setattr(row, k, v)
        save_new_version(row, *fields)
        after = {k: str(v or "") for k, v in fields.items()}
        record_event(
            actor=actor,
            subject=row,
            kind="worklog.project_corrected",
            data={"changes": diff(before, after)},
        )
        return row


def add_milestone(actor, project: Project, *, name: str, planned_on: dt.date) -> Milestone:
    """IT-1: a milestone added to the person's project."""
    require_owner(actor, project, _("project"))
    _check_project(project.name, project.role, [(name, planned_on)])
    with transaction.atomic(durable=True):
        milestone = Milestone.objects.create(
            site_id=project.site_id, project=project, name=name.strip(), planned_on=planned_on
        )
        record_event(
            actor=actor,
            subject=project,
            kind="worklog.milestone_added",
            data={"milestone": milestone.name, "planned_on": planned_on},
        )
        return milestone


def complete_milestone(actor, milestone: Milestone, *, done_on: dt.date) -> Milestone:
    """IT-1: the person marks a milestone of their project done on a day (not in the future)."""
    project = milestone.project
    require_owner(actor, project, _("project"))
    if done_on > timezone.localdate():
        errors = FieldErrors()
        errors.add("done_on", _("The day cannot be in the future."))
        errors.raise_any(rule=RULE)
    if milestone.done_on is not None:
        raise Conflict(_("This milestone is already done."), rule=RULE)
    with transaction.atomic(durable=True):
        updated = Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
            done_on=done_on
        )
        if not updated:
            raise Conflict(_("This milestone is already done."), rule=RULE)
        record_event(
            actor=actor,
            subject=project,
            kind="worklog.milestone_done",
            data={"milestone": milestone.name, "done_on": done_on},
        )
        milestone.done_on = done_on
        return milestone
