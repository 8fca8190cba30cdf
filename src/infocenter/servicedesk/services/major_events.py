"""Major events (SD-15): the processor's written report to the managers, and the leaders'
instructions beyond the remit."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version

from ..choices import FormState
from ..models import ServiceForm


def report_major_event(actor, form: ServiceForm, *, version: int, report: str) -> ServiceForm:
    """SD-15: the processor's written report (书面汇报) on a major event, to the managers."""
    permissions.check(actor, "sd.intake", site=form.site_id)
    if not form.major:
        raise InvalidTransition(
            _("%(serial)s is not marked as a major event.") % {"serial": form.serial}, rule="SD-15"
        )
    _refuse_voided(form)
    if not report.strip():
        raise ValidationFailed(field_errors={"report": [_("Write the report.")]}, rule="SD-15")
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        form.major_report, form.major_reported_at, form.major_reported_by = (
            report.strip(),
            timezone.now(),
            actor,
        )
        save_new_version(form, "major_report", "major_reported_at", "major_reported_by")
        record_event(
            actor=actor,
            subject=form,
            kind="form.major_reported",
            data={"report": form.major_report},
        )
        outbox.tell(
            holders(form.site_id, Role.CS_MANAGER, Role.BRANCH_GM),
            form,
            _("Written report on major event %(serial)s") % {"serial": form.serial},
            form.major_report,
        )
        return form


def give_instructions(actor, form: ServiceForm, *, version: int, instructions: str) -> ServiceForm:
    """SD-15: beyond the remit, the leaders' instructions, followed up by the control room."""
    permissions.check(actor, "sd.instruct", site=form.site_id)
    if not form.major_report:
        raise InvalidTransition(
            _("%(serial)s has no written report yet.") % {"serial": form.serial}, rule="SD-15"
        )
    _refuse_voided(form)
    if not instructions.strip():
        raise ValidationFailed(
            field_errors={"instructions": [_("Write the instructions.")]}, rule="SD-15"
        )
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        form.instructions, form.instructed_at, form.instructed_by = (
            instructions.strip(),
            timezone.now(),
            actor,
        )
        save_new_version(form, "instructions", "instructed_at", "instructed_by")
        record_event(
            actor=actor,
            subject=form,
            kind="form.instructed",
            data={"instructions": form.instructions},
        )
        outbox.tell(
            [form.received_by, *holders(form.site_id, Role.PROCESSOR)],
            form,
            _("Instructions on %(serial)s") % {"serial": form.serial},
            form.instructions,
        )
        return form


def _refuse_voided(form: ServiceForm) -> None:
    """A voided form (a duplicate or a prank call, SD-3) is no major event to report on."""
    if form.state == FormState.VOIDED:
        raise InvalidTransition(
            _("%(serial)s is voided: nothing more is done on it.") % {"serial": form.serial},
            rule="SD-3",
        )
