"""IT-2: the reconciliation of the endpoint registry with the other side's lists (the security
system backend's export, the upstream unit's list): the column mapping remembered per site and
list, the import (all or nothing, previewed first) that matches by MAC, then IP, then asset tag
and keeps every difference as a task with an owner, and the tasks' resolution."""

import datetime as dt
import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import diff, record_event, record_events
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Department, Site, User
from infocenter.core.services.records import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors

from ..models.endpoints import (
    LIST_FIELDS,
    RESOLUTIONS_FOR,
    Difference,
    DifferenceState,
    Endpoint,
    ListImport,
    ListKind,
    ListMapping,
    Problem,
    Resolution,
)
from .endpoints import (
    ACTION,
    CHUNK,
    IDENTIFIERS,
    cleaned,
    endpoint_errors,
    normalise_ip,
    normalise_mac,
    refuse_retired,
    retire_locked,
    shown,
    snapshot_rates,
)

_YES = {
    "是",
    "已注册",
    "已绑定",
    "已实名",
    "yes",
    "y",
    "true",
    "1",
    "√",
    "✓",
    "registered",
    "bound",
}
_NO = {"否", "未注册", "未绑定", "未实名", "no", "n", "false", "0", "×", ""}


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a or "") == re.sub(r"\s", "", b or "")


# -- the column mapping of the other side's list -------------------------------------------------


def save_mapping(actor, *, site: Site, kind: str, columns: dict[str, str]) -> ListMapping:
    """IT-2: remember which header of the site's ``kind`` list holds each field; at least one
    of IP, MAC and asset tag must be chosen, and no column twice."""
    permissions.check(actor, ACTION, site=site)
    errors = FieldErrors()
    errors.choice("kind", kind, ListKind)
    columns = {f: (columns.get(f) or "").strip() for f in LIST_FIELDS if (columns.get(f) or "")}
    if not any(columns.get(f) for f in IDENTIFIERS):
        errors.add(
            "non_field_errors",
            _("Choose the column of the IP address, the MAC address or the asset tag."),
        )
    chosen = list(columns.values())
    for field, header in columns.items():
        if chosen.count(header) > 1:
            errors.add(field, _("This column is chosen for another field too."))
    errors.raise_any(rule="IT-2")
    with transaction.atomic(durable=True):
        mapping = ListMapping.objects.select_for_update().filter(site=site, kind=kind).first()
        before = mapping.columns if mapping else {}
        if mapping is None:
            mapping = ListMapping.objects.create(site=site, kind=kind, columns=columns)
        else:
            mapping.columns = columns
            save_new_version(mapping, "columns")
        record_event(
            actor=actor,
            subject=mapping,
            kind="endpoint.mapping_saved",
            data={"kind": kind, "changes": diff(before, columns)},
        )
        return mapping


def mapping_of(site: Site, kind: str) -> dict[str, str]:
    """The remembered columns of the site's ``kind`` list (empty when never mapped)."""
    mapping = ListMapping.objects.filter(site=site, kind=kind).first()
    return dict(mapping.columns) if mapping else {}


def rows_by_mapping(header: list[str], lines, columns: dict[str, str]) -> list[dict]:
    """The file's rows as ``{field: text, "row": n}`` by the remembered ``columns``; a mapped
    column missing from the header refuses the file (the mapping must be chosen again)."""
    missing = [h for h in columns.values() if h not in header]
    if not columns or missing:
        raise ValidationFailed(
            _("Choose the columns of this file first."),
            field_errors={
                "file": [
                    _("Columns missing from the first row: %(columns)s")
                    % {"columns": "、".join(missing)}
                    if missing
                    else _("The columns of this list have not been chosen yet.")
                ]
            },
            rule="IT-2",
        )
    where = {f: header.index(h) for f, h in columns.items()}
    return [
        {"row": n, **{f: (cells[i] if i < len(cells) else "") for f, i in where.items()}}
        for n, cells in lines
    ]


# -- the import ---------------------------------------------------------------------------------


def _flag(raw: str, field: str, errors: FieldErrors) -> tuple[bool, dt.date | None]:
    text = (raw or "").strip()
    try:
        return True, dt.date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        pass
    if text.lower() in _YES:
        return True, None
    if text.lower() in _NO:
        return False, None
    errors.add(field, _("Write 是 or 否 (yes or no), or a date."))
    return False, None


def _check_row(row: dict) -> tuple[FieldErrors, dict]:
    errors = FieldErrors()
    mac, ip = normalise_mac(row.get("mac", "")), normalise_ip(row.get("ip", ""))
    if mac is None:
        errors.add("mac", _("Not a MAC address."))
    if ip is None:
        errors.add("ip", _("Not an IPv4 address."))
    tag = (row.get("asset_tag") or "").strip()
    if len(tag) > 50:
        errors.add("asset_tag", _("An asset tag has at most 50 characters."))
    if mac is not None and ip is not None and not (mac or ip or tag):
        errors.add("mac", _("The row has no MAC address, IP address or asset tag."))
    clean = {
        "row": row["row"],
        "mac": mac or "",
        "ip": ip or "",
        "asset_tag": tag,
        "user_name": (row.get("user_name") or "").strip()[:50],
        "department": (row.get("department") or "").strip()[:50],
    }
    for field in ("registered", "real_name"):
        if field in row:
            clean[field], day = _flag(row[field], field, errors)
            if day:
                clean[f"{field}_on"] = day.isoformat()
    return errors, clean


class _Registry:
    """The site's endpoints in use, found by MAC, then IP, then asset tag."""

    def __init__(self, site):
        # locked: an edit made meanwhile waits for the import instead of being overwritten
        self.rows = list(
            Endpoint.objects.select_for_update()
            .filter(site=site, retired_at__isnull=True)
            .order_by("pk")  # not the listing's order, whose outer joins cannot be locked
            .only(
                "id",
                "mac",
                "ip",
                "asset_tag",
                "user_name",
                "registered_on",
                "real_name_bound",
                "real_name_on",
                "version",
            )
        )
        self.by = {f: {getattr(e, f): e for e in self.rows if getattr(e, f)} for f in IDENTIFIERS}

    def find(self, clean: dict):
        for field in IDENTIFIERS:
            found = clean[field] and self.by[field].get(clean[field])
            if found:
                return found
        return None


def reconcile(site: Site, kind: str, rows: list[dict], progress=None) -> dict:
    """The rows of the other side's list checked and matched against the registry: ``problems``
    (row, field, messages), ``matched`` (endpoint, row) pairs and the ``differences`` they show
    (problem, key, endpoint, their row). Reads only."""
    registry, claimed, unknown = _Registry(site), {}, {}
    problems, matched, differences = [], [], []
    for n, row in enumerate(rows, 1):
        errors, clean = _check_row(row)
        endpoint = None if errors else registry.find(clean)
        ident = clean["mac"] or clean["ip"] or clean["asset_tag"]
        if endpoint is not None and endpoint.pk in claimed:
            errors.add("mac", _("Same device as row %(row)s.") % {"row": claimed[endpoint.pk]})
        elif endpoint is None and not errors and ident in unknown:
            errors.add("mac", _("Same device as row %(row)s.") % {"row": unknown[ident]})
        if errors:
            problems.append({"row": row["row"], "errors": dict(errors)})
        elif endpoint is None:
            unknown[ident] = row["row"]
            differences.append((Problem.UNKNOWN, f"unknown:{ident}", None, clean))
        else:
            claimed[endpoint.pk] = row["row"]
            matched.append((endpoint, clean))
            if clean["user_name"] and not _same_name(clean["user_name"], endpoint.user_name):
                differences.append((Problem.NAME, f"name:{endpoint.pk}", endpoint, clean))
        if progress:
            progress(n, len(rows))
    for endpoint in registry.rows:
        if endpoint.pk not in claimed:
            differences.append((Problem.MISSING, f"missing:{endpoint.pk}", endpoint, {}))
    return {"problems": problems, "matched": matched, "differences": differences}


def _summary(checked: dict, open_keys: set) -> dict:
    keys = {d[1] for d in checked["differences"]}
    counts = {p: 0 for p in Problem.values}
    for problem, *_rest in checked["differences"]:
        counts[problem] += 1
    return {
        "rows": len(checked["matched"]) + counts[Problem.UNKNOWN],
        "matched": len(checked["matched"]),
        "missing": counts[Problem.MISSING],
        "unknown": counts[Problem.UNKNOWN],
        "name": counts[Problem.NAME],
        "new": len(keys - open_keys),
        "kept": len(keys & open_keys),
        "closing": len(open_keys - keys),
    }


def import_list(
    actor,
    *,
    site: Site,
    kind: str,
    rows: list[dict],
    file_name: str = "",
    dry_run: bool = False,
    progress=None,
) -> dict:
    """IT-2: the other side's list reconciled with the registry, all or nothing. Every bad row
    is reported (row, column, reason) and nothing is written; ``dry_run`` previews. Applied: the
    backend's list sets whether each matched endpoint is registered (and real-name bound, when
    that column is mapped); differences no longer shown are closed, new ones opened as tasks
    owned by ``actor``, open ones kept; the day's snapshot is written. Returns the summary."""
    permissions.check(actor, ACTION, site=site)
    if kind not in ListKind.values:
        raise ValidationFailed(field_errors={"kind": [_("Choose one of the listed values.")]})
    if not rows:
        raise ValidationFailed(field_errors={"file": [_("The file holds no rows.")]})
    with transaction.atomic(durable=True):
        checked = reconcile(site, kind, rows, progress=progress)
        if checked["problems"]:
            raise ValidationFailed(
                _("Nothing was imported: %(n)s rows have errors.")
                % {"n": len(checked["problems"])},
                field_errors={"rows": checked["problems"]},
                rule="IT-2",
            )
        open_rows = {
            d.key: d
            for d in Difference.objects.select_for_update().filter(
                site=site, kind=kind, state=DifferenceState.OPEN
            )
        }
        summary = _summary(checked, set(open_rows))
        if dry_run:
            return summary
        done = ListImport.objects.create(
            site=site,
            kind=kind,
            imported_at=timezone.now(),
            imported_by=actor,
            file_name=file_name[:200],
            rows=summary["rows"],
            matched=summary["matched"],
            opened=summary["new"],
            closed=summary["closing"],
        )
        changed = _apply_backend(checked["matched"]) if kind == ListKind.BACKEND else []
        closed = _close_gone(done, checked, open_rows)
        _open_new(actor, done, checked, open_rows)
        # each endpoint the list changed, and each difference it closed, keeps its own record
        record_events(
            actor=actor,
            site=site,
            events=[
                *(
                    (e, "endpoint.changed", {"changes": changes, "import": done.pk})
                    for e, changes in changed
                ),
                *(
                    (
                        d,
                        "endpoint.difference_resolved",
                        {"resolution": Resolution.GONE, "import": done.pk},
                    )
                    for d in closed
                ),
            ],
        )
        updated = len(changed)
        record_event(
            actor=actor,
            subject=done,
            kind="endpoint.list_imported",
            data={**summary, "kind": kind, "file": file_name, "endpoints_updated": updated},
        )
        snapshot_rates(site)
    return {**summary, "import": done.pk}


def _apply_backend(matched) -> list[tuple[Endpoint, dict]]:
    """The backend's word on each matched endpoint: registered (since the row's date, else
    today) and, when that column is mapped, real-name bound. Endpoints that change alike are
    updated together, a chunk at a time. Returns each changed endpoint with its changes, before
    and after."""
    today, groups, changed = timezone.localdate(), {}, []
    for endpoint, row in matched:
        registered = row.get("registered", True)
        new_on = (
            (endpoint.registered_on or _day(row.get("registered_on")) or today)
            if registered
            else None
        )
        bound = row.get("real_name", endpoint.real_name_bound)
        bound_on = (
            (endpoint.real_name_on or _day(row.get("real_name_on")) or today) if bound else None
        )
        now = (new_on, bound, bound_on)
        was = (endpoint.registered_on, endpoint.real_name_bound, endpoint.real_name_on)
        if now != was:
            groups.setdefault(now, []).append(endpoint.pk)
            names = ("registered_on", "real_name_bound", "real_name_on")
            changes = diff(
                {n: shown(v) for n, v in zip(names, was, strict=True)},
                {n: shown(v) for n, v in zip(names, now, strict=True)},
            )
            changed.append((endpoint, changes))
    for (new_on, bound, bound_on), pks in groups.items():
        for start in range(0, len(pks), CHUNK):
            Endpoint.objects.filter(pk__in=pks[start : start + CHUNK]).update(
                registered_on=new_on,
                real_name_bound=bound,
                real_name_on=bound_on,
                version=F("version") + 1,
            )
    return changed


def _day(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _close_gone(done, checked, open_rows) -> list[Difference]:
    keys = {d[1] for d in checked["differences"]}
    closing = [d for key, d in open_rows.items() if key not in keys]
    gone = [d.pk for d in closing]
    for start in range(0, len(gone), CHUNK):
        Difference.objects.filter(pk__in=gone[start : start + CHUNK]).update(
            state=DifferenceState.RESOLVED,
            resolution=Resolution.GONE,
            closed_by=done,
            resolved_at=done.imported_at,
        )
    return closing


def _open_new(actor, done, checked, open_rows) -> None:
    Difference.objects.bulk_create(
        [
            Difference(
                site=done.site,
                kind=done.kind,
                problem=problem,
                key=key,
                endpoint=endpoint,
                theirs=theirs,
                owner=actor,
                opened_by=done,
            )
            for problem, key, endpoint, theirs in checked["differences"]
            if key not in open_rows
        ],
        batch_size=CHUNK,
    )


# -- the differences as tasks -------------------------------------------------------------------


def reassign_difference(actor, difference: Difference, *, version: int, owner: User) -> Difference:
    """IT-2: give an open difference to another person who keeps the site's registry."""
    permissions.check(actor, ACTION, site=difference.site_id)
    if not permissions.can(owner, ACTION, site_id=difference.site_id):
        raise ValidationFailed(
            field_errors={
                "owner": [
                    _("%(name)s does not keep this site's endpoint registry.") % {"name": owner}
                ]
            },
            rule="IT-2",
        )
    with transaction.atomic(durable=True):
        difference = lock_for_change(Difference, difference, version)
        _refuse_resolved(difference)
        before = str(difference.owner)
        difference.owner = owner
        save_new_version(difference, "owner")
        record_event(
            actor=actor,
            subject=difference,
            kind="endpoint.difference_reassigned",
            data={"changes": {"owner": [before, str(owner)]}},
        )
        return difference


def resolve_difference(
    actor, difference: Difference, *, version: int, resolution: str, note: str = ""
) -> Difference:
    """IT-2: settle an open difference: register the device, add their device to our registry,
    mark it retired, accept their name, or keep our record (a note says why); the endpoint's
    change and the resolution are audited together."""
    permissions.check(actor, ACTION, site=difference.site_id)
    note = (note or "").strip()
    errors = FieldErrors()
    if resolution not in RESOLUTIONS_FOR.get(difference.problem, ()):
        errors.add("resolution", _("This resolution does not fit this difference."))
    if resolution in (Resolution.KEEP_OURS, Resolution.RETIRE) and not note:
        errors.add("note", _("Write a note that says why."))
    errors.raise_any(rule="IT-2")
    with transaction.atomic(durable=True):
        difference = lock_for_change(Difference, difference, version)
        _refuse_resolved(difference)
        changes = _RESOLVE[resolution](actor, difference, note)
        difference.state, difference.resolution, difference.note = (
            DifferenceState.RESOLVED,
            resolution,
            note,
        )
        difference.resolved_at, difference.resolved_by = timezone.now(), actor
        save_new_version(
            difference, "state", "resolution", "note", "resolved_at", "resolved_by", "endpoint"
        )
        record_event(
            actor=actor,
            subject=difference,
            kind="endpoint.difference_resolved",
            data={"resolution": resolution, "note": note, "endpoint_changes": changes},
        )
        snapshot_rates(difference.site)
        return difference


def _refuse_resolved(difference: Difference) -> None:
    if difference.state != DifferenceState.OPEN:
        raise Conflict(_("This difference is already resolved."), rule="IT-2")


def _change(endpoint: Endpoint, **values) -> dict:
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    refuse_retired(locked)
    before = {k: shown(getattr(locked, k)) for k in values}
    for field, value in values.items():
        setattr(locked, field, value)
    save_new_version(locked, *values)
    return diff(before, {k: shown(v) for k, v in values.items()})


def _register(actor, difference, note):
    today, endpoint = timezone.localdate(), difference.endpoint
    named = bool(endpoint.user_name.strip())  # a real name is bound only to a name
    return _change(
        endpoint,
        registered_on=endpoint.registered_on or today,
        real_name_bound=endpoint.real_name_bound or named,
        real_name_on=endpoint.real_name_on or (today if named else None),
    )


def _accept_name(actor, difference, note):
    return _change(difference.endpoint, user_name=difference.theirs.get("user_name", ""))


def _retire_it(actor, difference, note):
    if difference.endpoint is None:
        return {}
    endpoint = Endpoint.objects.select_for_update().get(pk=difference.endpoint_id)
    retire_locked(actor, endpoint, note)
    return {"retired_at": ["", str(endpoint.retired_at)]}


def _add(actor, difference, note):
    theirs, today = difference.theirs, timezone.localdate()
    backend = difference.kind == ListKind.BACKEND
    registered = backend and theirs.get("registered", True)
    bound = backend and theirs.get("real_name", False)
    values = {
        "department": Department.objects.filter(
            site=difference.site_id, name=theirs.get("department", "")
        ).first(),
        "user_name": theirs.get("user_name", ""),
        "asset_tag": theirs.get("asset_tag", ""),
        "ip": theirs.get("ip", ""),
        "mac": theirs.get("mac", ""),
        "registered_on": (_day(theirs.get("registered_on")) or today) if registered else None,
        "real_name_bound": bool(bound),
        "real_name_on": (_day(theirs.get("real_name_on")) or today) if bound else None,
        "note": note,
    }
    endpoint_errors(difference.site, values).raise_any(rule="IT-2")
    endpoint = Endpoint.objects.create(site=difference.site, **cleaned(values))
    record_event(
        actor=actor,
        subject=endpoint,
        kind="endpoint.added",
        data={k: shown(v) for k, v in values.items() if v not in (None, "", False)},
    )
    difference.endpoint = endpoint
    return {"endpoint": ["", str(endpoint)]}


def _keep(actor, difference, note):
    return {}


_RESOLVE = {
    Resolution.REGISTER: _register,
    Resolution.ACCEPT_NAME: _accept_name,
    Resolution.RETIRE: _retire_it,
    Resolution.ADD: _add,
    Resolution.KEEP_OURS: _keep,
}
