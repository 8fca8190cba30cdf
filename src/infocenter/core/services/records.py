"""What every service of every app does to an editable record: lock it at the version the person
read, refuse a stale or archived one with who changed what, save it with the version moved on,
and apply an audited edit (DESIGN rule 9)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import diff, record_event
from ..exceptions import Conflict, StaleEdit, ValidationFailed
from ..models import (
    AuditEvent,
)
from ..sharding import site_key


def add_audited(actor, model, *, event: str, data, **fields):
    """A new ``model`` record of ``fields`` and its audit event ``event`` with ``data(record)``,
    in one durable transaction: the whole of a service that adds a record and does no more."""
    with transaction.atomic(durable=True):
        record = model.objects.create(**fields)
        record_event(actor=actor, subject=record, kind=event, data=data(record))
        return record


def validated(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's field and constraint validation; raise ``ValidationFailed`` with one
    message per field."""
    try:
        obj.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        raise ValidationFailed(field_errors=exc.message_dict) from exc


def stale_edit(obj: models.Model) -> StaleEdit:
    """The refusal for an edit based on an old version: says who changed what, and when."""
    last = (
        AuditEvent.objects.filter(
            subject_type=obj._meta.label_lower, subject_id=str(obj.pk), **site_key(obj)
        )
        .order_by("-occurred_at", "-seq")
        .first()
    )
    if last is None:
        return StaleEdit()
    changes = "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in last.data.get("changes", {}).items())
    when = timezone.localtime(last.occurred_at).strftime("%Y-%m-%d %H:%M")
    return StaleEdit(
        _(
            "%(who)s changed this record at %(when)s (%(changes)s). Nothing was saved; "
            "reload to see the current values and edit again."
        )
        % {"who": last.actor_name, "when": when, "changes": changes or last.kind}
    )


def lock_for_change(model, record, version: int | None, *, related: tuple[str, ...] = ()):
    """``record`` read again under a row lock, for a service about to change it: refused when
    it is archived (SD-16) or when ``version`` is not the current one (a stale edit)."""
    rows = (
        model.objects.select_related(*related).select_for_update(of=("self",))
        if related
        else model.objects.select_for_update()
    )
    row = rows.get(pk=record.pk, **site_key(record))
    if getattr(row, "archived_at", None) is not None:
        raise Conflict(_("%(record)s is archived and read-only.") % {"record": row}, rule="SD-16")
    if version is not None and row.version != version:
        raise stale_edit(row)
    return row


def _stored(row, fields) -> dict:
    """The values ``fields`` of ``row`` take in an ``UPDATE``, as ``save()`` writes them."""
    concrete = {f.name: f for f in row._meta.concrete_fields}
    return {name: concrete[name].pre_save(row, False) for name in fields}


def save_if_current(row, version: int, *fields: str) -> None:
    """Save ``fields`` of ``row`` with its version moved on, by one ``UPDATE`` that holds only
    while the stored row is still at ``version`` and not archived. For a record read (and
    checked) before the transaction: it is the current one exactly when its version has not
    moved, since every change moves it. No read under a lock first: the update takes the row
    lock itself; a row changed or archived meanwhile is refused as ``lock_for_change`` refuses
    it, and nothing is saved."""
    model = type(row)
    guard = {"pk": row.pk, "version": version, **site_key(row)}
    if any(f.name == "archived_at" for f in model._meta.concrete_fields):
        guard["archived_at__isnull"] = True
    updated = model._base_manager.filter(**guard).update(
        **_stored(row, fields), version=version + 1
    )
    if not updated:
        lock_for_change(model, row, version)  # says why: archived, or changed since
        raise stale_edit(row)
    row.version = version + 1


def save_new_version(row, *fields: str) -> None:
    """Save ``fields`` of a locked row with its version moved on."""
    row.version += 1
    save_fields(row, *fields, "version")


def save_fields(row, *fields: str) -> None:
    """``row.save(update_fields=fields)`` as one ``UPDATE`` that names the row's site as well
    as its id (the statement reaches one site's shard, docs/scaling.md)."""
    key = site_key(row)
    if not key:
        row.save(update_fields=list(fields))
        return
    updated = type(row)._base_manager.filter(pk=row.pk, **key).update(**_stored(row, fields))
    if not updated:  # as save() says it
        raise DatabaseError("Save with update_fields did not affect any rows.")


def apply_edit(actor, obj: models.Model, *, version: int, changes: dict, kind: str) -> models.Model:
    """Apply ``changes`` to ``obj`` if nobody saved it since ``version``; audit the diff."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk, **site_key(obj))
    if locked.version != version:
        raise stale_edit(locked)
    before = {k: getattr(locked, k) for k in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    validated(locked)
    locked.version += 1
    locked.save(update_fields=[*changes, "version"])
    changed = diff({k: str(v) for k, v in before.items()}, {k: str(v) for k, v in changes.items()})
    record_event(actor=actor, subject=locked, kind=kind, data={"changes": changed})
    return locked
