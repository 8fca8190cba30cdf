"""Every scoped read of the machine room. The information center, the auditor and the branch
see their sites' rooms and registers; whoever asked for an access sees their own requests."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound

from . import approvals
from .choices import RequestKind, RequestState, VisitOutcome
from .models import AccessRequest, ItemMovement, MachineRoom, Visit


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def rooms_for(actor, action: str = "mr.view", *, site=None) -> QuerySet[MachineRoom]:
    qs = permissions.restrict(MachineRoom.objects.select_related("site"), actor, action)
    return qs.filter(site=site) if site is not None else qs


def get_room(actor, pk, action: str = "mr.view") -> MachineRoom:
    return _get(rooms_for(actor, action), pk)


def requests_for(actor) -> QuerySet[AccessRequest]:
    qs = AccessRequest.objects.select_related("site", "room", "escort", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.site_ids) | Q(requested_by=actor.pk) | Q(escort=actor.pk)
    return qs.filter(condition)


def get_request(actor, pk) -> AccessRequest:
    return _get(requests_for(actor), pk)


def admissible_today(actor, *, site) -> QuerySet[AccessRequest]:
    """Approved requests that can be signed in on now (MR-2), for the desk."""
    now = timezone.now()
    start_of_tomorrow = timezone.make_aware(timezone.datetime.combine(
        timezone.localdate(now) + timezone.timedelta(days=1), timezone.datetime.min.time()))
    return requests_for(actor).filter(site=site, state=RequestState.APPROVED, starts_at__lt=start_of_tomorrow,
                                      ends_at__gt=now).order_by("starts_at")


def visits_for(actor, *, site=None) -> QuerySet[Visit]:
    qs = permissions.restrict(Visit.objects.select_related("room", "person", "escort", "request", "signed_in_by",
                                                           "signed_out_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_visit(actor, pk) -> Visit:
    return _get(visits_for(actor), pk)


def inside_now(actor, *, site) -> list[Visit]:
    """MR-2: who is inside now, room by room, the earliest in first."""
    return list(visits_for(actor, site=site).filter(outcome=VisitOutcome.ADMITTED, left_at__isnull=True)
                .order_by("room__name", "entered_at"))


def items_for(actor, *, site=None) -> QuerySet[ItemMovement]:
    qs = permissions.restrict(ItemMovement.objects.select_related("visit__room", "inspected_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def _access_waiting(user):
    qs = permissions.restrict(AccessRequest.objects.select_related("room"), user, "mr.approve")
    kinds = dict(RequestKind.choices)
    return [approvals.Waiting(str(kinds[r.kind]), f"{r.serial} {r.organisation} · {r.people_text}",
                              reverse("machineroom:request", args=[r.pk]), r.requested_at,
                              f"{r.room} · {timezone.localtime(r.starts_at):%m-%d %H:%M}")
            for r in qs.filter(state=RequestState.REQUESTED).order_by("requested_at")[:100]]


approvals.register("access", _access_waiting)


def keys_for(actor, *, site=None) -> QuerySet:
    from .models import Key

    qs = permissions.restrict(Key.objects.select_related("holder"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_key(actor, pk):
    return _get(keys_for(actor), pk)


def key_events_for(actor, *, site=None) -> QuerySet:
    from .models import KeyEvent

    qs = permissions.restrict(KeyEvent.objects.select_related("key", "person", "approved_by", "recorded_by"),
                              actor, "mr.view", site_field="key__site")
    return qs.filter(key__site=site) if site is not None else qs


def credentials_for(actor, *, site=None, retired: bool = False) -> QuerySet:
    from .models import Credential

    qs = permissions.restrict(Credential.objects.select_related("custodian"), actor, "mr.view")
    qs = qs.filter(retired_at__isnull=not retired)
    return qs.filter(site=site) if site is not None else qs


def get_credential(actor, pk):
    from .models import Credential

    return _get(permissions.restrict(Credential.objects.select_related("custodian", "site"), actor, "mr.view"), pk)


def reports_for(actor, *, site=None) -> QuerySet:
    from .models import SecurityReport

    qs = permissions.restrict(SecurityReport.objects.select_related("reported_by", "acknowledged_by", "key",
                                                                    "credential"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_report(actor, pk):
    return _get(reports_for(actor), pk)


def _reports_waiting(user):
    from django.utils.translation import gettext as _

    qs = reports_for(user).filter(acknowledged_at__isnull=True)
    qs = permissions.restrict(qs, user, "mr.approve")
    return [approvals.Waiting(str(_("Security report")), f"{r.get_kind_display()} · {r.description[:40]}",
                              reverse("machineroom:report", args=[r.pk]), r.reported_at, str(r.reported_by))
            for r in qs.order_by("reported_at")[:100]]


approvals.register("security", _reports_waiting)


# -- backups and data access (MR-11) --------------------------------------------------------------


def backup_jobs_for(actor, *, site=None, retired: bool = False) -> QuerySet:
    """MR-11: the backup jobs of the actor's sites (active ones unless ``retired``)."""
    from .models import BackupJob

    qs = permissions.restrict(BackupJob.objects.select_related("site", "custodian"), actor, "mr.view")
    qs = qs.filter(retired_at__isnull=not retired)
    return qs.filter(site=site) if site is not None else qs


def get_backup_job(actor, pk):
    from .models import BackupJob

    return _get(permissions.restrict(BackupJob.objects.select_related("site", "custodian"), actor, "mr.view"), pk)


def backup_results_for(actor, *, site=None, current_only: bool = True) -> QuerySet:
    """MR-11: lines of the backup register (the current revision of each day unless asked)."""
    from .models import BackupResult

    qs = permissions.restrict(BackupResult.objects.select_related("job", "recorded_by"), actor, "mr.view")
    qs = qs.filter(current=True) if current_only else qs
    return qs.filter(site=site) if site is not None else qs


def get_backup_result(actor, pk):
    return _get(backup_results_for(actor, current_only=False).select_related("job__site", "replaces"), pk)


def backup_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    from .models import BackupAlert

    qs = permissions.restrict(BackupAlert.objects.select_related("job__custodian", "handled_by"), actor, "mr.view")
    qs = qs.filter(handled_at__isnull=True) if open_only else qs
    return qs.filter(site=site) if site is not None else qs


def get_backup_alert(actor, pk):
    return _get(backup_alerts_for(actor).select_related("job__site"), pk)


def restore_tests_for(actor, *, site=None) -> QuerySet:
    from .models import RestoreTest

    qs = permissions.restrict(RestoreTest.objects.select_related("job", "tested_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def data_requests_for(actor, *, site=None) -> QuerySet:
    """MR-11: data-access requests of the actor's sites, or those the actor recorded."""
    from .models import DataRequest

    qs = DataRequest.objects.select_related("site", "requested_by", "decided_by", "fulfilled_by")
    scope = permissions.scope_for(actor, "mr.view")
    if not scope.everywhere:
        qs = qs.filter(Q(site__in=scope.site_ids) | Q(requested_by=actor.pk))
    return qs.filter(site=site) if site is not None else qs


def get_data_request(actor, pk):
    return _get(data_requests_for(actor), pk)


def _data_waiting(user):
    from django.utils.translation import gettext as _

    from .choices import DataRequestState
    from .models import DataRequest

    qs = permissions.restrict(DataRequest.objects.all(), user, "mr.approve")
    return [approvals.Waiting(str(_("Data-access request")), f"{r.serial} {r.organisation} · {r.applicant}",
                              reverse("machineroom:data_request", args=[r.pk]), r.requested_at, r.purpose[:60])
            for r in qs.filter(state=DataRequestState.REQUESTED).order_by("requested_at")[:100]]


approvals.register("data_access", _data_waiting)


def backup_register_jobs(actor, *, site) -> QuerySet:
    """MR-11: the active jobs of ``site`` with their latest result (``last_day``, ``last_outcome``,
    ``last_size``), in one query."""
    from django.db.models import OuterRef, Subquery

    from .models import BackupResult

    latest = BackupResult.objects.filter(job=OuterRef("pk"), current=True).order_by("-day")
    return backup_jobs_for(actor, site=site).annotate(
        last_day=Subquery(latest.values("day")[:1]), last_outcome=Subquery(latest.values("outcome")[:1]),
        last_size=Subquery(latest.values("size_bytes")[:1]))


def results_by_day(actor, jobs, *, since) -> dict:
    """The current results of ``jobs`` from ``since`` on, keyed by (job id, day)."""
    rows = backup_results_for(actor).filter(job__in=[j.pk for j in jobs], day__gte=since).only(
        "job_id", "day", "outcome")
    return {(r.job_id, r.day): r for r in rows.select_related(None)}


def restore_due(jobs) -> dict:
    """The day each job's next restore test is due, from the open clocks (one query)."""
    from .backups import restore_clocks

    rows = restore_clocks().filter(subject_id__in=[str(j.pk) for j in jobs])
    return {int(d.subject_id): timezone.localdate(d.due_at) for d in rows.only("subject_id", "due_at")}


def month_register(actor, *, site, first, last) -> tuple[list, list]:
    """MR-11: the jobs of ``site`` during a month and the register's lines, day by day: each
    current result, and a ``None`` result for each missing day of a daily job."""
    import datetime as dt

    from .choices import BackupFrequency
    from .models import BackupJob

    jobs = list(permissions.restrict(BackupJob.objects.select_related("custodian"), actor, "mr.view").filter(
        site=site, started_on__lte=last).filter(Q(retired_at__isnull=True) | Q(retired_at__date__gte=first)))
    found = {(r.job_id, r.day): r for r in backup_results_for(actor, site=site).filter(
        day__gte=first, day__lte=last)}
    end = min(last, timezone.localdate() - dt.timedelta(days=1))
    lines = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        for job in jobs:
            result = found.get((job.pk, day))
            if result is not None or (job.frequency == BackupFrequency.DAILY and job.started_on <= day <= end):
                lines.append((day, job, result))
    return jobs, lines
# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


def changes_for(actor, *, site=None) -> QuerySet:
    """Change requests of the actor's sites (the information center, the auditor, the branch)."""
    from .models import ChangeRequest

    qs = permissions.restrict(ChangeRequest.objects.select_related("site", "implementer", "requested_by",
                                                                   "decided_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_change(actor, pk):
    """One change, the same 404 for missing and out of scope."""
    return _get(changes_for(actor).select_related(
        "notice_sent_by", "backup_recorded_by", "confirmed_by", "backup_deleted_by"), pk)


def change_clocks(change) -> list:
    """The change's running clocks (notice, approval after the fact, confirmation, backup
    deletion), overdue ones included, for the countdowns of its page (UX 2)."""
    from infocenter.core.models import Deadline

    return list(Deadline.objects.filter(subject_type=change._meta.label_lower, subject_id=str(change.pk),
                                        closed_at__isnull=True).order_by("due_at"))


def changes_between(actor, *, site, since, until) -> QuerySet:
    """Changes planned, or carried out, in [since, until) at ``site``: the change calendar."""
    condition = Q(planned_start__lt=until, planned_end__gte=since) | Q(started_at__gte=since, started_at__lt=until)
    return changes_for(actor, site=site).filter(condition).order_by("planned_start", "id")


def changes_to_act_on(actor, *, site) -> dict:
    """For the home panel: approved global-impact changes waiting for their notice, changes due
    to start today, central-data changes waiting for their confirmation and backups to delete."""
    from .choices import ChangeState

    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    qs = changes_for(actor, site=site)
    central = qs.filter(central_data=True, backup_deleted_at__isnull=True)
    return {
        "notice": list(qs.filter(state=ChangeState.APPROVED, global_impact=True).order_by("planned_start")[:10]),
        "today": list(qs.filter(state__in=[ChangeState.APPROVED, ChangeState.NOTIFIED],
                                planned_start__gte=midnight, planned_start__lt=midnight + timezone.timedelta(days=1))
                      .order_by("planned_start")[:10]),
        "confirm": list(central.filter(state=ChangeState.DONE, confirmed_at__isnull=True).order_by("finished_at")[:10]),
        "delete": list(central.filter(confirmed_at__isnull=False).order_by("confirmed_at")[:10]),
    }


def _changes_waiting(user):
    from django.utils.translation import gettext as _

    from .choices import ChangeClass, ChangeState
    from .models import ChangeRequest

    qs = permissions.restrict(ChangeRequest.objects.select_related("implementer"), user, "mr.approve")
    waiting = qs.filter(Q(state__in=[ChangeState.SUBMITTED, ChangeState.DISCUSSION])
                        | Q(kind=ChangeClass.EMERGENCY, decided_at__isnull=True,
                            state__in=[ChangeState.IN_PROGRESS, ChangeState.DONE, ChangeState.ROLLED_BACK]))
    return [approvals.Waiting(str(_("Change request")), f"{c.serial} {c.title} · {c.get_kind_display()}",
                              reverse("machineroom:change", args=[c.pk]), c.submitted_at or c.requested_at,
                              f"{c.system} · {timezone.localtime(c.planned_start):%m-%d %H:%M}")
            for c in waiting.order_by("submitted_at")[:100]]


approvals.register("changes", _changes_waiting)
# -- the equipment ledger (MR-13, MR-10) --------------------------------------------------------


def equipment_for(actor, *, site=None, status: str = "", category: str = "", room=None, q: str = "") -> QuerySet:
    """Ledger lines the actor may see, filtered (status, category, room, name/model/serial)."""
    from .models import Equipment

    qs = permissions.restrict(Equipment.objects.select_related("room", "custodian"), actor, "mr.view")
    if site is not None:
        qs = qs.filter(site=site)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if room is not None:
        qs = qs.filter(room=room)
    if q.strip():
        q = q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(model__icontains=q) | Q(serial__icontains=q))
    return qs


def equipment_counts(actor, *, site) -> dict[str, int]:
    """How many ledger lines of the site are in each status (one grouped query)."""
    from django.db.models import Count

    rows = equipment_for(actor, site=site).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def get_equipment(actor, pk):
    return _get(equipment_for(actor).select_related("site"), pk)


def loans_for(actor, *, site=None, state: str = "") -> QuerySet:
    """Loans of the actor's sites (and the borrower's own), the overdue first, then those still
    out, by due date."""
    from django.db.models import BooleanField, Case, Value, When

    from .loans import last_due_day
    from .models import Loan

    qs = Loan.objects.select_related("borrower", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if not scope.everywhere:
        qs = qs.filter(Q(site__in=scope.site_ids) | Q(borrower=actor.pk))
    qs = qs.annotate(overdue=Case(When(state="on_loan", due_on__lte=last_due_day(), then=Value(True)),
                                  default=Value(False),
                                  output_field=BooleanField()),
                     out=Case(When(state__in=["on_loan", "approved", "requested"], then=Value(True)),
                              default=Value(False), output_field=BooleanField()))
    if site is not None:
        qs = qs.filter(site=site)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-overdue", "-out", "due_on", "-requested_at")


def get_loan(actor, pk):
    return _get(loans_for(actor).select_related("site", "handed_out_by", "received_by"), pk)


def overdue_loans(actor, *, site=None) -> QuerySet:
    return loans_for(actor, site=site, state="on_loan").filter(overdue=True)


def procurements_for(actor, *, site=None) -> QuerySet:
    from .models import Procurement

    qs = permissions.restrict(Procurement.objects.select_related("received_by", "recorded_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_procurement(actor, pk):
    return _get(procurements_for(actor).select_related("site"), pk)


def equipment_reports_for(actor, *, site=None, kind: str = "") -> QuerySet:
    from .models import EquipmentReport

    qs = permissions.restrict(EquipmentReport.objects.select_related("equipment", "responsible", "reported_by",
                                                                     "loan"), actor, "mr.view")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(site=site) if site is not None else qs


def get_equipment_report(actor, pk):
    return _get(equipment_reports_for(actor), pk)


def _loans_waiting(user):
    from django.utils.translation import gettext as _

    from .models import Loan

    qs = permissions.restrict(Loan.objects.prefetch_related("lines__equipment"), user, "mr.approve")
    return [approvals.Waiting(str(_("Equipment loan")), f"{r.serial} {r.borrower_name} · "
                              + "、".join(f"{ln.equipment} ×{ln.quantity}" for ln in r.lines.all()),
                              reverse("machineroom:loan", args=[r.pk]), r.requested_at,
                              f"{r.purpose[:30]} · {r.due_on:%m-%d}")
            for r in qs.filter(state="requested").order_by("requested_at")[:100]]


approvals.register("equipment_loans", _loans_waiting)
# -- duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6) ---------


def roster_for(actor, *, site=None) -> QuerySet:
    """MR-1: days of the duty roster with their duty person, on-call staff and checklists."""
    from .models import RosterDay

    qs = permissions.restrict(RosterDay.objects.select_related("room", "person", "duty_check__done_by")
                              .prefetch_related("on_call"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_roster_day(actor, pk):
    return _get(roster_for(actor), pk)


def closings_for(actor, *, site=None) -> QuerySet:
    """MR-1: the last-person-out closing checklists."""
    from .models import ClosingCheck

    qs = permissions.restrict(ClosingCheck.objects.select_related("room", "done_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def duty_checks_for(actor, *, site=None) -> QuerySet:
    """MR-1: the daily duty checklists."""
    from .models import DutyCheck

    qs = permissions.restrict(DutyCheck.objects.select_related("room", "done_by", "on_behalf_of"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def duty_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    """MR-1: rostered days whose checklists were missing at the evening check."""
    from .models import DutyAlert

    qs = permissions.restrict(DutyAlert.objects.select_related("room"), actor, "mr.view")
    qs = qs.filter(resolved_at__isnull=True) if open_only else qs
    return qs.filter(site=site) if site is not None else qs


def events_for(actor, *, site=None) -> QuerySet:
    """MR-1, MR-5, MR-6: serious events and hazards; the information center, the control room
    and the auditor see their sites'."""
    from .models import SeriousEvent

    qs = permissions.restrict(SeriousEvent.objects.select_related("room", "reported_by", "closed_by"), actor,
                              "mr.events")
    return qs.filter(site=site) if site is not None else qs


def get_event(actor, pk):
    return _get(events_for(actor), pk)


def _permits(model, actor) -> QuerySet:
    qs = model.objects.select_related("site", "room", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if scope.everywhere:
        return qs
    return qs.filter(Q(site__in=scope.site_ids) | Q(requested_by=actor.pk))


def power_permits_for(actor, *, site=None) -> QuerySet:
    """MR-5: power-use permits of the actor's sites, or those the actor asked for."""
    from .models import PowerPermit

    qs = _permits(PowerPermit, actor)
    return qs.filter(site=site) if site is not None else qs


def fire_changes_for(actor, *, site=None) -> QuerySet:
    """MR-6: fire-system changes of the actor's sites, or those the actor asked for."""
    from .models import FireChange

    qs = _permits(FireChange, actor)
    return qs.filter(site=site) if site is not None else qs


PERMIT_LISTS = {"power": power_permits_for, "fire": fire_changes_for}


def get_permit(actor, kind: str, pk):
    if kind not in PERMIT_LISTS:
        raise NotFound()
    return _get(PERMIT_LISTS[kind](actor), pk)


def _permits_waiting(kind: str, label):
    def rows(user):
        from .choices import PermitState

        qs = permissions.restrict(PERMIT_LISTS[kind](user), user, "mr.approve")
        return [approvals.Waiting(str(label), f"{r.serial} {r.equipment}",
                                  reverse("machineroom:permit", args=[kind, r.pk]), r.requested_at,
                                  f"{r.room} · {r.requested_by} · {timezone.localtime(r.starts_at):%m-%d %H:%M}")
                for r in qs.filter(state=PermitState.REQUESTED).order_by("requested_at")[:100]]

    return rows


def _register_permit_sources():
    from django.utils.translation import gettext_lazy

    approvals.register("power", _permits_waiting("power", gettext_lazy("Power-use permit")))
    approvals.register("fire", _permits_waiting("fire", gettext_lazy("Fire-system change")))


_register_permit_sources()


# -- inspections (MR-9, MR-10) ------------------------------------------------------------------


def checklists_for(actor, *, site=None, active: bool | None = None) -> QuerySet:
    """Checklists of the actor's sites (with their room and department)."""
    from .models import Checklist

    qs = permissions.restrict(Checklist.objects.select_related("room", "department"), actor, "mr.view")
    qs = qs.filter(active=active) if active is not None else qs
    return qs.filter(site=site) if site is not None else qs


def get_checklist(actor, pk):
    return _get(checklists_for(actor).select_related("site"), pk)


def schedules_for(actor, *, site=None) -> QuerySet:
    from .models import InspectionSchedule

    qs = permissions.restrict(InspectionSchedule.objects.select_related("checklist"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_schedule(actor, pk):
    return _get(schedules_for(actor).select_related("site"), pk)


def rounds_for(actor, *, site=None, state: str | None = None) -> QuerySet:
    """Inspection rounds of the actor's sites, the latest planned first."""
    from .models import InspectionRound

    qs = permissions.restrict(InspectionRound.objects.select_related("submitted_by", "schedule"), actor, "mr.view")
    qs = qs.filter(state=state) if state else qs
    return qs.filter(site=site) if site is not None else qs


def get_round(actor, pk):
    return _get(rounds_for(actor).select_related("site", "department"), pk)


def rounds_due(actor, *, site, until) -> list:
    """MR-9: open rounds of ``site`` planned before ``until``, the earliest due first (the home
    panel of the maintainers and the rounds page)."""
    from .choices import RoundState

    return list(rounds_for(actor, site=site, state=RoundState.OPEN).filter(occurs_at__lt=until).order_by("due_at"))


def results_for(actor, *, site=None) -> QuerySet:
    """Every item result of the actor's sites' rounds (the Excel export of results)."""
    from .models import InspectionResult

    qs = permissions.restrict(InspectionResult.objects.select_related("round", "recorded_by", "form", "order"),
                              actor, "mr.view", site_field="round__site")
    return qs.filter(round__site=site) if site is not None else qs


def alarms_for(actor, *, site=None) -> QuerySet:
    from .models import CoreAlarm

    qs = permissions.restrict(CoreAlarm.objects.select_related("room", "logged_by", "responded_by", "closed_by"),
                              actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_alarm(actor, pk):
    return _get(alarms_for(actor).select_related("site"), pk)


def faults_for(actor, *, site=None) -> QuerySet:
    from .models import NetworkFault

    qs = permissions.restrict(NetworkFault.objects.select_related("logged_by", "checked_by", "closed_by"),
                              actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_fault(actor, pk):
    return _get(faults_for(actor).select_related("site"), pk)
