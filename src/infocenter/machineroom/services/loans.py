"""Every write of equipment loans (MR-13): nothing is lent out without the information-center
head's approval. A loan is asked for, approved or refused by the head, handed out (the pieces go
on loan and a clock runs to the due date, with a reminder the day before and the overdue alert),
and given back; pieces returned damaged become damage reports naming the borrower (MR-10)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import Conflict
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell
from infocenter.core.services import save_new_version
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors, clean_phone
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import EquipmentReportKind as RK
from ..choices import EquipmentStatus as ES
from ..choices import LoanState
from ..models import Equipment, Loan, LoanLine
from ..models.loans import LOAN_DUE_HOUR
from ..rules.common import reason_of_refusal
from .common import decision, new_request, noted, requested, schedule_with_warning
from .equipment import report_equipment_within

LOAN_SERIES = "JY"
K_LOAN_DUE = "mr.loan_due"
DUE_HOUR = LOAN_DUE_HOUR


def _lendable(errors: FieldErrors, site: Site, lines: list[tuple[Equipment, int]]) -> None:
    """Only spare pieces in stock are lent, at most as many as are in stock."""
    seen = set()
    for item, quantity in lines:
        if item.site_id != site.pk:
            errors.add("lines", _("%(item)s is not in this site's ledger.") % {"item": item})
        elif item.pk in seen:
            errors.add("lines", _("%(item)s is listed twice.") % {"item": item})
        elif item.status != ES.SPARE:
            errors.add(
                "lines",
                _("%(item)s is %(status)s: only spare items in stock are lent.")
                % {"item": item, "status": item.get_status_display()},
            )
        elif not quantity or int(quantity) < 1 or int(quantity) > item.available:
            errors.add(
                "lines",
                _("%(item)s: between 1 and %(n)s can be lent.")
                % {"item": item, "n": item.available},
            )
        seen.add(item.pk)


def _check_borrower(
    errors: FieldErrors, site: Site, *, borrower, borrower_name, organisation, phone
) -> str:
    """The borrower is our person, or an outsider with organisation and phone; returns the
    phone to keep (normalised; our person's own when none is given)."""
    if borrower is not None:
        if not borrower.is_active or not permissions.roles_of(borrower, site.pk):
            errors.add(
                "borrower",
                _("Choose a person of this site, or leave it empty for an outsider."),
            )
        return phone.strip() or borrower.phone
    if not borrower_name.strip():
        errors.add(
            "borrower",
            _("Name the borrower: a person of the organisation, or an outsider's name."),
        )
    if not organisation.strip():
        errors.add("organisation", _("An outsider's organisation is required."))
    if not phone.strip():
        errors.add("phone", _("An outsider's phone is required."))
        return ""
    return clean_phone(phone, "phone", errors)


def request_loan(
    actor,
    *,
    site: Site,
    lines: list[tuple[Equipment, int]],
    purpose: str,
    due_on: dt.date,
    borrower: User | None = None,
    borrower_name: str = "",
    organisation: str = "",
    phone: str = "",
) -> Loan:
    """MR-13: record who wants to borrow what, why and until when; the information-center head
    approves or refuses before anything is handed out (their approvals inbox)."""
    permissions.check(actor, "mr.ledger", site=site)
    errors = FieldErrors()
    phone = _check_borrower(
        errors,
        site,
        borrower=borrower,
        borrower_name=borrower_name,
        organisation=organisation,
        phone=phone,
    )
    errors.required(purpose=purpose)
    if due_on is None or due_on < timezone.localdate():
        errors.add("due_on", _("The due date cannot be in the past."))
    if not lines:
        errors.add("lines", _("Choose at least one item to lend."))
    _lendable(errors, site, lines)
    errors.raise_any()
    with transaction.atomic(durable=True):
        loan = new_request(
            Loan,
            actor,
            site=site,
            series=LOAN_SERIES,
            borrower=borrower,
            borrower_name=(str(borrower) if borrower else borrower_name.strip()),
            organisation=organisation.strip(),
            phone=phone,
            purpose=purpose.strip(),
            due_on=due_on,
        )
        LoanLine.objects.bulk_create(
            LoanLine(site_id=loan.site_id, loan=loan, equipment=i, quantity=int(q))
            for i, q in lines
        )
        items = "、".join(f"{i} ×{q}" for i, q in lines)
        requested(
            actor,
            loan,
            kind="loan.requested",
            data={"borrower": loan.borrower_text, "items": items, "due_on": due_on.isoformat()},
            message=Text(
                N_("%(serial)s: %(borrower)s asks to borrow %(items)s, waiting for your approval"),
                {"serial": loan.serial, "borrower": loan.borrower_name, "items": items},
            ),
            text=loan.purpose,
        )
        return loan


def _step(actor, loan: Loan, name: str, **step) -> Loan:
    """Step ``name`` of a loan (``take_step``), the loan locked with its site."""
    return take_step(actor, loan, workflows.LOAN_STEPS[name], related=("site",), **step)


def _decide(actor, loan: Loan, name: str, *, version: int, note: str) -> Loan:
    def told(loan, now, before):
        tell(
            [loan.requested_by, loan.borrower],
            loan,
            Text(
                N_("%(serial)s (%(borrower)s): %(state)s"),
                {
                    "serial": loan.serial,
                    "borrower": loan.borrower_name,
                    "state": choice_code(loan, "state"),
                },
            ),
            note,
        )

    return _step(
        actor,
        loan,
        name,
        version=version,
        event=f"loan.{workflows.LOAN_STEPS[name].target}",
        values=decision(actor, note),
        data={"note": note},
        then=told,
    )


def approve_loan(actor, loan: Loan, *, version: int, note: str = "") -> Loan:
    """MR-13: the information-center head approves the loan; the desk may hand it out."""
    return _decide(actor, loan, "approve", version=version, note=note.strip())


def refuse_loan(actor, loan: Loan, *, version: int, note: str = "") -> Loan:
    """MR-13: the head refuses, with the reason whoever asked is told."""
    return _decide(actor, loan, "refuse", version=version, note=reason_of_refusal(note))


def cancel_loan(actor, loan: Loan, *, version: int, note: str = "") -> Loan:
    """The desk withdraws a loan not handed out yet."""
    note = note.strip()
    return _step(
        actor,
        loan,
        "cancel",
        version=version,
        event="loan.cancelled",
        values=lambda row, now: noted(row, note),
        data={"note": note},
    )


def due_at(loan: Loan) -> dt.datetime:
    """The instant a loan is due back: 18:00 local time of its due day."""
    return loan.due_at


def last_due_day() -> dt.date:
    """The latest due day whose loans are overdue now (today's, once 18:00 has passed)."""
    now = timezone.localtime()
    return now.date() if now.hour >= DUE_HOUR else now.date() - dt.timedelta(days=1)


def is_overdue(loan: Loan) -> bool:
    return loan.state == LoanState.ON_LOAN and loan.due_on <= last_due_day()


def _locked_lines(loan: Loan) -> list[tuple[LoanLine, Equipment]]:
    lines = list(loan.lines.order_by("equipment_id"))
    items = {
        i.pk: i
        for i in Equipment.objects.select_for_update().filter(
            pk__in=[ln.equipment_id for ln in lines]
        )
    }
    return [(line, items[line.equipment_id]) for line in lines]


def _lend(actor, loan: Loan) -> None:
    """The loan's pieces go on loan, checked again under their locks: still spare and in stock."""
    lines = _locked_lines(loan)
    errors = FieldErrors()
    _lendable(errors, loan.site, [(item, line.quantity) for line, item in lines])
    if errors:
        raise Conflict(
            "；".join(str(m) for m in errors["lines"]), field_errors=errors, rule="MR-13"
        )
    for line, item in lines:
        item.lent += line.quantity
        item.status = ES.ON_LOAN if item.lent == item.quantity else item.status
        save_new_version(item, "lent", "status")
        record_event(
            actor=actor,
            subject=item,
            kind="equipment.lent",
            data={"loan": loan.serial, "quantity": line.quantity, "borrower": loan.borrower_name},
        )


def hand_out_loan(actor, loan: Loan, *, version: int, note: str = "") -> Loan:
    """MR-13: an approved loan is handed out: the pieces go on loan (checked again: still spare
    and in stock), and a clock warns a day before the due date and raises the overdue alert."""

    def lent(row, now):
        _lend(actor, row)
        return {"handed_out_by": actor, "handed_out_at": now}

    def clock(loan, now, before):
        schedule_with_warning(
            loan, K_LOAN_DUE, due_at=due_at(loan), warn_before=dt.timedelta(days=1)
        )

    return _step(
        actor,
        loan,
        "hand_out",
        version=version,
        event="loan.handed_out",
        values=lent,
        data=lambda row, before: {"note": note.strip(), "due": due_at(row).isoformat()},
        then=clock,
    )


def _take_back(actor, loan: Loan, *, damaged_ids: set, storage: str, damage: str) -> None:
    """The loan's pieces come back to stock; those returned damaged become damage reports
    naming the borrower, in antistatic storage (MR-10)."""
    for line, item in _locked_lines(loan):
        item.lent -= line.quantity
        item.status = ES.SPARE if item.status == ES.ON_LOAN else item.status
        save_new_version(item, "lent", "status")
        record_event(
            actor=actor,
            subject=item,
            kind="equipment.returned",
            data={"loan": loan.serial, "quantity": line.quantity},
        )
        if item.pk in damaged_ids:
            report_equipment_within(
                actor,
                item,
                kind=RK.DAMAGE,
                quantity=line.quantity,
                responsible=loan.borrower,
                responsible_name=loan.borrower_text,
                description=damage.strip(),
                happened_at=None,
                storage=storage.strip(),
                loan=loan,
            )


def return_loan(
    actor,
    loan: Loan,
    *,
    version: int,
    note: str = "",
    damaged: list[Equipment] = (),
    storage: str = "",
    damage: str = "",
) -> Loan:
    """MR-13: the loan comes back, with its condition. Pieces returned damaged become a damage
    report naming the borrower, and go to antistatic storage (MR-10)."""
    damaged_ids = {i.pk for i in damaged}
    errors = FieldErrors()
    if damaged_ids - set(loan.lines.values_list("equipment_id", flat=True)):
        errors.add("damaged", _("Choose among the items of this loan."))
    if damaged_ids:
        errors.required(storage=storage, damage=damage)
    errors.raise_any()

    def returned(row, now):
        _take_back(actor, row, damaged_ids=damaged_ids, storage=storage, damage=damage)
        return {"returned_at": now, "received_by": actor, "return_note": note.strip()}

    return _step(
        actor,
        loan,
        "return",
        version=version,
        event="loan.returned",
        values=returned,
        data=lambda row, before: {
            "note": row.return_note,
            "damaged": [str(i) for i in damaged],
        },
        then=lambda row, now, before: deadlines.complete(row, K_LOAN_DUE),
    )
