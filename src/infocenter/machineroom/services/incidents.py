"""Every write of core-device alarms and network or line faults (MR-9).

A core-device alarm is acted on at once: logging it tells the leaders (the head and the branch
general manager) and starts a response clock that tells the head when nobody has responded. A
network or line fault is checked locally first; only then is it reported to the upstream unit
with the findings, and that unit's feedback is recorded before it is closed."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Site
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require

from ..choices import AlarmSeverity, FaultKind
from ..choices import AlarmState as AS
from ..choices import FaultState as FS
from ..models import CoreAlarm, MachineRoom, NetworkFault
from ..workflows import ALARM_STEPS, FAULT_STEPS

ALARM_SERIES = "GJ"
FAULT_SERIES = "GZ"
K_RESPOND = "mr.alarm_response"
RESPOND_WITHIN = dt.timedelta(minutes=15)


def _leaders(site_id: int):
    return holders(site_id, Role.IC_HEAD, Role.BRANCH_GM)


def _not_future(errors: FieldErrors, field: str, moment, now) -> None:
    if moment is None:
        errors.add(field, _("This field is required."))
    elif moment > now + dt.timedelta(minutes=5):
        errors.add(field, _("The time cannot be in the future."))


# -- core-device alarms -------------------------------------------------------------------------


def log_alarm(
    actor,
    *,
    site: Site,
    device: str,
    text: str,
    severity: str,
    occurred_at: dt.datetime | None = None,
    room: MachineRoom | None = None,
) -> CoreAlarm:
    """MR-9: a core device raised an alarm. The leaders are told at once (the report is recorded
    on the alarm) and the response clock starts: nobody responding in 15 minutes tells the head."""
    permissions.check(actor, "mr.inspect", site=site)
    now = timezone.now()
    occurred_at = occurred_at or now
    errors = FieldErrors()
    errors.required(device=device, text=text)
    if severity not in AlarmSeverity.values:
        errors.add("severity", _("Choose one of the listed values."))
    if room is not None and room.site_id != site.pk:
        errors.add("room", _("Choose a machine room of this site."))
    _not_future(errors, "occurred_at", occurred_at, now)
    errors.raise_any()
    with transaction.atomic(durable=True):
        leaders = _leaders(site.pk)
        alarm = CoreAlarm.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=ALARM_SERIES, at=now),
            room=room,
            device=device.strip(),
            text=text.strip(),
            severity=severity,
            occurred_at=occurred_at,
            logged_by=actor,
            logged_at=now,
            reported_to="、".join(str(p) for p in leaders)[:200],
            reported_at=now if leaders else None,
        )
        deadlines.schedule_at(subject=alarm, kind=K_RESPOND, site=site, due_at=now + RESPOND_WITHIN)
        record_event(
            actor=actor,
            subject=alarm,
            kind="alarm.logged",
            data={
                "device": alarm.device,
                "severity": severity,
                "text": alarm.text,
                "reported_to": alarm.reported_to,
            },
        )
        tell(
            [*leaders, *holders(site.pk, Role.MR_MAINTAINER)],
            alarm,
            _("Core-device alarm %(serial)s (%(severity)s): %(device)s (MR-9)")
            % {
                "serial": alarm.serial,
                "severity": alarm.get_severity_display(),
                "device": alarm.device,
            },
            alarm.text,
        )
        return alarm


def respond_to_alarm(actor, alarm: CoreAlarm, *, version: int, response: str) -> CoreAlarm:
    """MR-9: what was done about the alarm, by whom and when; the leaders get the report."""
    require(actor, alarm, ALARM_STEPS["respond"])
    errors = FieldErrors()
    errors.required(response=response)
    errors.raise_any()
    with transaction.atomic(durable=True):
        alarm = lock_for_change(CoreAlarm, alarm, version)
        require(actor, alarm, ALARM_STEPS["respond"])
        now = timezone.now()
        first = alarm.responded_at is None
        stamp = f"[{timezone.localtime(now):%m-%d %H:%M} {str(actor)}] "
        alarm.response = f"{alarm.response}\n{stamp}{response.strip()}".strip()
        alarm.state, alarm.responded_by = AS.RESPONDED, alarm.responded_by or actor
        alarm.responded_at = alarm.responded_at or now
        save_new_version(alarm, "response", "state", "responded_by", "responded_at")
        if first:
            deadlines.complete(alarm, K_RESPOND, at=now)
        record_event(
            actor=actor, subject=alarm, kind="alarm.responded", data={"response": response.strip()}
        )
        tell(
            _leaders(alarm.site_id),
            alarm,
            _("Alarm %(serial)s %(device)s: %(person)s responded (MR-9)")
            % {"serial": alarm.serial, "device": alarm.device, "person": actor},
            response.strip(),
        )
        return alarm


def close_alarm(actor, alarm: CoreAlarm, *, version: int, outcome: str) -> CoreAlarm:
    """MR-9: the alarm is cleared; the outcome goes to the leaders."""
    require(actor, alarm, ALARM_STEPS["close"])
    errors = FieldErrors()
    errors.required(outcome=outcome)
    errors.raise_any()
    with transaction.atomic(durable=True):
        alarm = lock_for_change(CoreAlarm, alarm, version)
        require(actor, alarm, ALARM_STEPS["close"])
        alarm.state, alarm.outcome, alarm.closed_by, alarm.closed_at = (
            AS.CLOSED,
            outcome.strip(),
            actor,
            timezone.now(),
        )
        save_new_version(alarm, "state", "outcome", "closed_by", "closed_at")
        record_event(
            actor=actor, subject=alarm, kind="alarm.closed", data={"outcome": alarm.outcome}
        )
        tell(
            _leaders(alarm.site_id),
            alarm,
            _("Alarm %(serial)s %(device)s cleared (MR-9)")
            % {"serial": alarm.serial, "device": alarm.device},
            alarm.outcome,
        )
        return alarm


# -- network and line faults --------------------------------------------------------------------


def log_fault(
    actor,
    *,
    site: Site,
    kind: str,
    description: str,
    occurred_at: dt.datetime | None = None,
    local_findings: str = "",
) -> NetworkFault:
    """MR-9: a network or line fault noticed; what was checked locally may come with it."""
    permissions.check(actor, "mr.inspect", site=site)
    now = timezone.now()
    occurred_at = occurred_at or now
    errors = FieldErrors()
    errors.required(description=description)
    if kind not in FaultKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    _not_future(errors, "occurred_at", occurred_at, now)
    errors.raise_any()
    with transaction.atomic(durable=True):
        fault = NetworkFault.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=FAULT_SERIES, at=now),
            kind=kind,
            description=description.strip(),
            occurred_at=occurred_at,
            logged_by=actor,
        )
        record_event(
            actor=actor,
            subject=fault,
            kind="fault.logged",
            data={"kind": kind, "description": fault.description},
        )
        if local_findings.strip():
            _findings(actor, fault, local_findings, now)
        tell(
            holders(site.pk, Role.IC_HEAD, Role.MR_MAINTAINER),
            fault,
            _("%(kind)s %(serial)s: %(description)s (MR-9)")
            % {
                "kind": fault.get_kind_display(),
                "serial": fault.serial,
                "description": fault.description[:60],
            },
        )
        return fault


def _findings(actor, fault: NetworkFault, findings: str, now) -> None:
    fault.local_findings, fault.checked_by, fault.checked_at, fault.state = (
        findings.strip(),
        actor,
        now,
        FS.CHECKED,
    )
    fault.save(update_fields=["local_findings", "checked_by", "checked_at", "state"])
    record_event(
        actor=actor, subject=fault, kind="fault.checked", data={"findings": fault.local_findings}
    )


def record_local_findings(
    actor, fault: NetworkFault, *, version: int, local_findings: str
) -> NetworkFault:
    """MR-9: what the local check found (cabling, ports, equipment, power)."""
    require(actor, fault, FAULT_STEPS["check"])
    errors = FieldErrors()
    errors.required(local_findings=local_findings)
    errors.raise_any()
    with transaction.atomic(durable=True):
        fault = lock_for_change(NetworkFault, fault, version)
        require(actor, fault, FAULT_STEPS["check"])
        _findings(actor, fault, local_findings, timezone.now())
        save_new_version(fault)
        return fault


def report_upstream(
    actor,
    fault: NetworkFault,
    *,
    version: int,
    upstream_unit: str,
    upstream_reference: str = "",
    reported_at: dt.datetime | None = None,
) -> NetworkFault:
    """MR-9: reported to the upstream unit (the carrier, the group's network centre) with the
    local findings; refused until the local check is recorded."""
    permissions.check(actor, "mr.inspect", site=fault.site)
    if fault.state == FS.OPEN:
        raise ValidationFailed(
            _(
                "Check locally first and record the findings: only then is the fault reported "
                "to the upstream unit (MR-9)."
            ),
            field_errors={"local_findings": [_("Record what the local check found.")]},
            rule="MR-9",
        )
    require(actor, fault, FAULT_STEPS["report"])
    now = timezone.now()
    errors = FieldErrors()
    errors.required(upstream_unit=upstream_unit)
    _not_future(errors, "reported_at", reported_at or now, now)
    errors.raise_any()
    with transaction.atomic(durable=True):
        fault = lock_for_change(NetworkFault, fault, version)
        require(actor, fault, FAULT_STEPS["report"])
        fault.state, fault.upstream_unit, fault.upstream_reference = (
            FS.REPORTED,
            upstream_unit.strip(),
            upstream_reference.strip(),
        )
        fault.reported_upstream_at = reported_at or now
        save_new_version(
            fault, "state", "upstream_unit", "upstream_reference", "reported_upstream_at"
        )
        record_event(
            actor=actor,
            subject=fault,
            kind="fault.reported",
            data={
                "unit": fault.upstream_unit,
                "reference": fault.upstream_reference,
                "findings": fault.local_findings,
            },
        )
        return fault


def record_feedback(actor, fault: NetworkFault, *, version: int, feedback: str) -> NetworkFault:
    """MR-9: what the upstream unit answered (cause, repair, time to restore)."""
    require(actor, fault, FAULT_STEPS["feedback"])
    errors = FieldErrors()
    errors.required(feedback=feedback)
    errors.raise_any()
    with transaction.atomic(durable=True):
        fault = lock_for_change(NetworkFault, fault, version)
        require(actor, fault, FAULT_STEPS["feedback"])
        now = timezone.now()
        stamp = f"[{timezone.localtime(now):%m-%d %H:%M}] "
        fault.feedback = f"{fault.feedback}\n{stamp}{feedback.strip()}".strip()
        fault.state, fault.feedback_at = FS.FEEDBACK, now
        save_new_version(fault, "feedback", "state", "feedback_at")
        record_event(
            actor=actor, subject=fault, kind="fault.feedback", data={"feedback": feedback.strip()}
        )
        return fault


def close_fault(actor, fault: NetworkFault, *, version: int, resolution: str) -> NetworkFault:
    """MR-9: the fault is resolved (locally, or by the upstream unit after its feedback)."""
    require(actor, fault, FAULT_STEPS["close"])
    errors = FieldErrors()
    errors.required(resolution=resolution)
    errors.raise_any()
    with transaction.atomic(durable=True):
        fault = lock_for_change(NetworkFault, fault, version)
        require(actor, fault, FAULT_STEPS["close"])
        fault.state, fault.resolution, fault.closed_by, fault.closed_at = (
            FS.CLOSED,
            resolution.strip(),
            actor,
            timezone.now(),
        )
        save_new_version(fault, "state", "resolution", "closed_by", "closed_at")
        record_event(
            actor=actor, subject=fault, kind="fault.closed", data={"resolution": fault.resolution}
        )
        return fault
