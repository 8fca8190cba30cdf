"""Major events (SD-15): the processor's written report to the managers, and the leaders'
instructions beyond the remit."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text

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
    return _write_down(
        actor,
        form,
        version,
        fields=("major_report", "major_reported_at", "major_reported_by"),
        text=report,
        event="form.major_reported",
        to=lambda row: holders(row.site_id, Role.CS_MANAGER, Role.BRANCH_GM),
        subject=Text(N_("Written report on major event %(serial)s"), {"serial": form.serial}),
    )


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
    return _write_down(
        actor,
        form,
        version,
        fields=("instructions", "instructed_at", "instructed_by"),
        text=instructions,
        event="form.instructed",
        to=lambda row: [row.received_by, *holders(row.site_id, Role.PROCESSOR)],
        subject=Text(N_("Instructions on %(serial)s"), {"serial": form.serial}),
    )


def _write_down(
    actor,
    form: ServiceForm,
    version: int,
    *,
    fields: tuple[str, str, str],
    text: str,
    event: str,
    to: Callable[[ServiceForm], list],
    subject: Text,
) -> ServiceForm:
    """Lock ``form`` at ``version`` and write ``text`` down in ``fields`` (the text, when, by
    whom), audited as ``event`` with the text, and told to ``to(form)`` under ``subject``."""
    text_field = fields[0]
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        for name, value in zip(fields, (text.strip(), timezone.now(), actor), strict=True):
            setattr(form, name, value)
        save_new_version(form, *fields)
        record_event(
            actor=actor, subject=form, kind=event, data={text_field: getattr(form, text_field)}
        )
        outbox.tell(to(form), form, subject, getattr(form, text_field))
        return form


def _refuse_voided(form: ServiceForm) -> None:
    """A voided form (a duplicate or a prank call, SD-3) is no major event to report on."""
    if form.state == FormState.VOIDED:
        raise InvalidTransition(
            _("%(serial)s is voided: nothing more is done on it.") % {"serial": form.serial},
            rule="SD-3",
        )
