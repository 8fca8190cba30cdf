"""Every write of core-device alarms and network or line faults (MR-9).

A core-device alarm is acted on at once: logging it tells the leaders (the head and the branch
general manager) and starts a response clock that tells the head when nobody has responded. A
network or line fault is checked locally first; only then is it reported to the upstream unit
with the findings, and that unit's feedback is recorded before it is closed."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Site
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import Step, require, take_step

from ..choices import AlarmSeverity, FaultKind
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


def _step(actor, record, step: Step, *, text: dict, **taken):
    """``step`` of an alarm or a fault (``take_step``), refused by the table first, then when
    its text (``text``: field → what was typed) is empty."""
    require(actor, record, step)
    errors = FieldErrors()
    errors.required(**text)
    errors.raise_any()
    return take_step(actor, record, step, **taken)


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
            Text(
                N_("Core-device alarm %(serial)s (%(severity)s): %(device)s"),
                {
                    "serial": alarm.serial,
                    "severity": choice_code(alarm, "severity"),
                    "device": alarm.device,
                },
            ),
            alarm.text,
        )
        return alarm


def respond_to_alarm(actor, alarm: CoreAlarm, *, version: int, response: str) -> CoreAlarm:
    """MR-9: what was done about the alarm, by whom and when; the leaders get the report."""
    text, response = {"response": response}, response.strip()

    def values(row, now):
        stamp = f"[{timezone.localtime(now):%m-%d %H:%M} {str(actor)}] "
        return {
            "response": f"{row.response}\n{stamp}{response}".strip(),
            "responded_by": row.responded_by or actor,
            "responded_at": row.responded_at or now,
        }

    def responded(row, now, before):
        if before["responded_at"] is None:
            deadlines.complete(row, K_RESPOND, at=now)
        tell(
            _leaders(row.site_id),
            row,
            Text(
                N_("Alarm %(serial)s %(device)s: %(person)s responded"),
                {"serial": row.serial, "device": row.device, "person": actor},
            ),
            response,
        )

    return _step(
        actor,
        alarm,
        ALARM_STEPS["respond"],
        text=text,
        version=version,
        event="alarm.responded",
        values=values,
        data={"response": response},
        then=responded,
    )


def close_alarm(actor, alarm: CoreAlarm, *, version: int, outcome: str) -> CoreAlarm:
    """MR-9: the alarm is cleared; the outcome goes to the leaders."""
    return _step(
        actor,
        alarm,
        ALARM_STEPS["close"],
        text={"outcome": outcome},
        version=version,
        event="alarm.closed",
        values=lambda row, now: {"outcome": outcome.strip(), "closed_by": actor, "closed_at": now},
        data={"outcome": outcome.strip()},
        then=lambda row, now, before: tell(
            _leaders(row.site_id),
            row,
            Text(
                N_("Alarm %(serial)s %(device)s cleared"),
                {"serial": row.serial, "device": row.device},
            ),
            row.outcome,
        ),
    )


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
            Text(
                N_("%(kind)s %(serial)s: %(description)s"),
                {
                    "kind": choice_code(fault, "kind"),
                    "serial": fault.serial,
                    "description": fault.description[:60],
                },
            ),
        )
        return fault


def _findings(actor, fault: NetworkFault, findings: str, now) -> None:
    """The findings of a fault logged with its local check (``log_fault``)."""
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
    return _step(
        actor,
        fault,
        FAULT_STEPS["check"],
        text={"local_findings": local_findings},
        version=version,
        event="fault.checked",
        values=lambda row, now: {
            "local_findings": local_findings.strip(),
            "checked_by": actor,
            "checked_at": now,
        },
        data={"findings": local_findings.strip()},
    )


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
                "to the upstream unit."
            ),
            field_errors={"local_findings": [_("Record what the local check found.")]},
            rule="MR-9",
        )
    step = FAULT_STEPS["report"]
    require(actor, fault, step)
    now = timezone.now()
    errors = FieldErrors()
    errors.required(upstream_unit=upstream_unit)
    _not_future(errors, "reported_at", reported_at or now, now)
    errors.raise_any()
    return take_step(
        actor,
        fault,
        step,
        version=version,
        event="fault.reported",
        values={
            "upstream_unit": upstream_unit.strip(),
            "upstream_reference": upstream_reference.strip(),
            "reported_upstream_at": reported_at or now,
        },
        data=lambda row, before: {
            "unit": row.upstream_unit,
            "reference": row.upstream_reference,
            "findings": row.local_findings,
        },
    )


def record_feedback(actor, fault: NetworkFault, *, version: int, feedback: str) -> NetworkFault:
    """MR-9: what the upstream unit answered (cause, repair, time to restore)."""

    def values(row, now):
        stamp = f"[{timezone.localtime(now):%m-%d %H:%M}] "
        return {
            "feedback": f"{row.feedback}\n{stamp}{feedback.strip()}".strip(),
            "feedback_at": now,
        }

    return _step(
        actor,
        fault,
        FAULT_STEPS["feedback"],
        text={"feedback": feedback},
        version=version,
        event="fault.feedback",
        values=values,
        data={"feedback": feedback.strip()},
    )


def close_fault(actor, fault: NetworkFault, *, version: int, resolution: str) -> NetworkFault:
    """MR-9: the fault is resolved (locally, or by the upstream unit after its feedback)."""
    return _step(
        actor,
        fault,
        FAULT_STEPS["close"],
        text={"resolution": resolution},
        version=version,
        event="fault.closed",
        values=lambda row, now: {
            "resolution": resolution.strip(),
            "closed_by": actor,
            "closed_at": now,
        },
        data={"resolution": resolution.strip()},
    )
