"""The callback (SD-10): the customer is told the result and asked how satisfied they are; an
unsatisfied customer reopens the matter."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition
from infocenter.core.numbering import allocate_serial
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require

from .. import archive, workflows
from ..choices import CallbackOutcome, FormState, Priority
from ..models import Callback, ServiceForm
from .policy import FORM_SERIES, K_DISPATCH, start_clocks


def record_callback(
    actor,
    form: ServiceForm,
    *,
    version: int,
    outcome: str,
    satisfaction: int | None,
    notes: str = "",
    customer_told: bool | None = None,
    filer_told: bool = False,
) -> Callback:
    """SD-10: tell the customer the result and record the outcome and satisfaction (1–5). An
    unsatisfied customer reopens the matter as a new form linked to the first. A customer not
    reached leaves the form as it was (same version): call again. The callback records that
    the customer (by default when reached) and the form's filer, who must be told, were told."""
    step = workflows.FORM_STEPS["callback"]
    no_result(form)
    require(actor, form, step)
    reached = outcome != CallbackOutcome.UNREACHABLE
    customer_told = reached if customer_told is None else customer_told
    errors = FieldErrors()
    errors.choice("outcome", outcome, CallbackOutcome)
    if reached and satisfaction not in (1, 2, 3, 4, 5):
        errors.add("satisfaction", _("Rate satisfaction from 1 to 5."))
    if reached and form.filed_by_id and not filer_told:
        errors.add(
            "filer_told",
            _("Tell %(name)s, who filed the form, the result too.") % {"name": form.filed_by},
        )
    errors.raise_any(rule="SD-10")
    with transaction.atomic(durable=True):
        # read with what the answer shows of it (its address)
        form = lock_for_change(ServiceForm, form, version, related=("site", "room__unit__building"))
        no_result(form)
        require(actor, form, step)
        callback = Callback.objects.create(
            site_id=form.site_id,
            form=form,
            called_at=timezone.now(),
            called_by=actor,
            outcome=outcome,
            satisfaction=satisfaction,
            notes=notes.strip(),
            customer_told=bool(customer_told),
            filer_told=bool(filer_told),
        )
        record_event(
            actor=actor,
            subject=form,
            kind="form.called_back",
            data={
                "outcome": outcome,
                "satisfaction": satisfaction,
                "notes": callback.notes,
                "customer_told": callback.customer_told,
                "filer_told": callback.filer_told,
            },
        )
        if outcome == CallbackOutcome.UNREACHABLE:
            return callback  # stays resolved: call again
        form.state = FormState.CALLED_BACK
        save_new_version(form, "state")
        if outcome == CallbackOutcome.UNSATISFIED:
            _reopen(actor, form, notes)
        return callback


def no_result(form: ServiceForm) -> None:
    """SD-12: only a matter with a real result is called back; one that came back unfinished
    is refused with why (409)."""
    why = archive.unfinished(form)
    if why:
        raise InvalidTransition(
            _("%(serial)s cannot be called back yet: %(why)s.")
            % {"serial": form.serial, "why": why},
            rule="SD-12",
        )


def _reopen(actor, form: ServiceForm, notes: str) -> ServiceForm:
    now = timezone.now()
    again = ServiceForm.objects.create(
        site=form.site,
        serial=allocate_serial(site=form.site, series=FORM_SERIES, at=now),
        source=form.source,
        reporter_kind=form.reporter_kind,
        resident=form.resident,
        reporter_name=form.reporter_name,
        reporter_phone=form.reporter_phone,
        room=form.room,
        location=form.location,
        category=form.category,
        priority=Priority.URGENT,
        major=form.major,
        received_at=now,
        received_by=actor,
        reopened_from=form,
        content=_("Reopened after an unsatisfied callback on %(serial)s: %(notes)s\n%(content)s")
        % {"serial": form.serial, "notes": notes, "content": form.content},
    )
    start_clocks(again, now, K_DISPATCH)
    record_event(actor=actor, subject=again, kind="form.reopened", data={"from": form.serial})
    outbox.tell(
        holders(form.site_id, Role.PROCESSOR, Role.CS_MANAGER),
        again,
        Text(
            N_("Customer unsatisfied: %(serial)s reopened as %(new)s"),
            {"serial": form.serial, "new": again.serial},
        ),
    )
    return again
