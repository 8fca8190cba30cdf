"""The weekly archive (SD-12, SD-16, LOG-6): at the weekend the processor hands the week's
records to the data manager, who archives them (read-only from then on) or returns them."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.models import Site
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version, stale_edit
from infocenter.core.texts import Text

from .. import archive, selectors
from ..choices import BatchState, FormState
from ..models import ArchiveBatch, ServiceForm, WorkOrder
from .corrections import NamedProblem, name_problems_within


def submit_archive_batch(actor, *, site: Site, week_start: dt.date) -> ArchiveBatch:
    """SD-16: at the weekend the processor hands the week's organised records to the data
    manager. Forms of the week (and earlier ones still waiting) that pass the archive gate go
    into the batch; the others are listed as refused with exactly what they lack (SD-12)."""
    permissions.check(actor, "sd.intake", site=site)
    today = timezone.localdate()
    if week_start.weekday() != 0:
        raise ValidationFailed(field_errors={"week_start": [_("A week starts on Monday.")]})
    if today < week_start + dt.timedelta(days=5):
        raise ValidationFailed(
            field_errors={"week_start": [_("The week is handed over from its Saturday on.")]}
        )
    week_end = archive.week_end(week_start)
    with transaction.atomic(durable=True):
        forms, waiting = selectors.waiting_for_batch(site, week_end)
        candidates = list(forms.select_for_update(of=("self",)))
        others = {key: list(qs.select_for_update()) for key, qs in waiting.items()}
        if not candidates and not any(others.values()):
            raise ValidationFailed(
                field_errors={"week_start": [_("No records of this week are waiting.")]}
            )
        batch = ArchiveBatch.objects.create(
            site=site, week_start=week_start, submitted_at=timezone.now(), submitted_by=actor
        )
        refused = []
        accepted = archive.sort_ready(candidates, archive.problems, refused)
        ServiceForm.objects.filter(pk__in=accepted).update(archive_batch=batch)
        counts = {"forms": len(accepted)}
        for key, records in others.items():
            participant = archive.PARTICIPANTS[key]
            taken = archive.sort_ready(records, participant.problems, refused)
            participant.model.objects.filter(pk__in=taken).update(archive_batch=batch)
            counts[key] = len(taken)
        batch.refused = refused
        batch.save(update_fields=["refused"])
        record_event(
            actor=actor,
            subject=batch,
            kind="archive.submitted",
            data={"week_start": week_start, **counts, "refused": len(refused)},
        )
        outbox.tell(
            holders(site.pk, Role.DATA_MANAGER),
            batch,
            Text(
                N_("Records of the week from %(date)s are ready for review (%(n)s forms)"),
                {"date": week_start, "n": len(accepted)},
            ),
        )
        return batch


def approve_archive_batch(actor, batch: ArchiveBatch, *, version: int) -> ArchiveBatch:
    """SD-16: the data manager reviewed the batch; its forms and orders are archived and
    become read-only. Anything that no longer passes the gate stops the approval (SD-12)."""
    permissions.check(actor, "sd.archive", site=batch.site_id)
    with transaction.atomic(durable=True):
        batch = _locked_batch(batch, version)
        forms = list(
            batch.forms.select_for_update(of=("self",)).prefetch_related("orders", "batch_problems")
        )
        failing = {f.serial: archive.problems(f) for f in forms if archive.problems(f)}
        if failing:
            raise ValidationFailed(
                _("Not archived: %(items)s")
                % {"items": "；".join(f"{k}: {', '.join(v)}" for k, v in failing.items())},
                rule="SD-12",
            )
        others = {
            p.key: list(p.model.objects.select_for_update().filter(archive_batch=batch))
            for p in archive.PARTICIPANTS.values()
        }
        failing = {
            r.serial: archive.PARTICIPANTS[key].problems(r)
            for key, rows in others.items()
            for r in rows
            if archive.PARTICIPANTS[key].problems(r)
        }
        if failing:
            raise ValidationFailed(
                _("Not archived: %(items)s")
                % {"items": "；".join(f"{k}: {', '.join(v)}" for k, v in failing.items())},
                rule="SD-12",
            )
        now = timezone.now()
        for key, rows in others.items():
            for record in rows:
                archive.PARTICIPANTS[key].model.objects.filter(pk=record.pk).update(
                    archived_at=now, version=record.version + 1
                )
                record_event(
                    actor=actor, subject=record, kind="record.archived", data={"batch": batch.pk}
                )
        for form in forms:
            ServiceForm.objects.filter(pk=form.pk).update(
                state=form.state if form.state == FormState.VOIDED else FormState.ARCHIVED,
                archived_at=now,
                version=form.version + 1,
            )
            WorkOrder.objects.filter(form=form).update(archived_at=now)
            record_event(actor=actor, subject=form, kind="form.archived", data={"batch": batch.pk})
        batch.state, batch.reviewed_at, batch.reviewed_by = BatchState.APPROVED, now, actor
        save_new_version(batch, "state", "reviewed_at", "reviewed_by")
        record_event(
            actor=actor, subject=batch, kind="archive.approved", data={"forms": len(forms)}
        )
        return batch


def return_archive_batch(
    actor,
    batch: ArchiveBatch,
    *,
    version: int,
    note: str,
    problems: Sequence[NamedProblem] = (),
) -> ArchiveBatch:
    """SD-12: the data manager sends the batch back to be corrected; its forms are released.
    Each named problem goes to its responsible person's queue, and its form stays out of the
    hand-over until the problem is fixed."""
    permissions.check(actor, "sd.archive", site=batch.site_id)
    if not note.strip() and not problems:
        raise ValidationFailed(
            field_errors={"note": [_("Say what must be corrected.")]}, rule="SD-12"
        )
    with transaction.atomic(durable=True):
        batch = _locked_batch(batch, version)
        name_problems_within(actor, batch, problems, timezone.now())
        batch.forms.update(archive_batch=None)
        for participant in archive.PARTICIPANTS.values():
            participant.model.objects.filter(archive_batch=batch).update(archive_batch=None)
        batch.state, batch.reviewed_at, batch.reviewed_by, batch.review_note = (
            BatchState.RETURNED,
            timezone.now(),
            actor,
            note.strip(),
        )
        save_new_version(batch, "state", "reviewed_at", "reviewed_by", "review_note")
        record_event(
            actor=actor,
            subject=batch,
            kind="archive.returned",
            data={"note": batch.review_note, "problems": len(problems)},
        )
        outbox.tell(
            [batch.submitted_by],
            batch,
            Text(N_("Archive batch returned: %(note)s"), {"note": batch.review_note}),
        )
        return batch


def _locked_batch(batch: ArchiveBatch, version: int) -> ArchiveBatch:
    row = ArchiveBatch.objects.select_for_update().get(pk=batch.pk)
    if row.version != version:
        raise stale_edit(row)
    if row.state != BatchState.SUBMITTED:
        raise InvalidTransition(
            _("The batch is %(state)s already.") % {"state": row.get_state_display()}, rule="SD-16"
        )
    return row
