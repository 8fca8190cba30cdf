"""Every write of keys, credentials and security reports (MR-4, MR-12).

Keys leave the information center only with the head's approval; a lost key or leaked secret
is reported at once with its remedy. The credential register holds accounts, levels,
custodians and change dates, and **never a password**: no service here takes one."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import add_audited, lock_for_change, save_new_version
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import take_step

from .. import workflows
from ..choices import CredentialLevel, KeyEventKind, SecurityReportKind
from ..models import Credential, Key, KeyEvent, SecurityReport
from ..rules import security as rules
from .common import local_at, schedule_with_warning

K_ROTATE = "mr.rotate"
WARN_DAYS = 7
DUE_HOUR = 9  # a change falls due at 09:00 local time of its day


# -- keys (MR-4) --------------------------------------------------------------------------------


def add_key(actor, *, site: Site, label: str, opens: str) -> Key:
    """MR-4: a key of the site (named once there) registered by the desk, in the key box."""
    permissions.check(actor, "mr.desk", site=site)
    errors = FieldErrors()
    errors.required(label=label, opens=opens)
    if label.strip() and Key.objects.filter(site=site, label=label.strip()).exists():
        errors.add("label", _("This site already has a key of that name."))
    errors.raise_any()
    return add_audited(
        actor,
        Key,
        event="key.added",
        data=lambda key: {"label": key.label, "opens": key.opens},
        site=site,
        label=label.strip(),
        opens=opens.strip(),
    )


def _key_step(
    actor,
    key: Key,
    name: str,
    *,
    version: int,
    refuse,
    kind: str,
    note: str,
    may=None,
    values: dict | None = None,
    approved_by: User | None = None,
    then=None,
) -> Key:
    """Step ``name`` of a key (``take_step``): ``may(actor, key)`` refuses who may not (by
    default, anyone but the desk) and ``refuse(key)`` judges the locked key's state, after its
    version, as ever. The key's own register line names the person handed to, or who held it;
    ``then`` follows."""

    def judged(row, now):
        refuse(row)
        return values or {}

    def recorded(row, now, before):
        KeyEvent.objects.create(
            site_id=row.site_id,
            key=row,
            kind=kind,
            person_id=row.holder_id or before.get("holder"),
            approved_by=approved_by,
            recorded_by=actor,
            at=now,
            note=note,
        )
        if then is not None:
            then(row, now, before)

    def data(row, before):
        held = row.holder or (before.get("holder") and User.objects.get(pk=before["holder"]))
        return {"person": str(held or ""), "approved_by": str(approved_by or ""), "note": note}

    return take_step(
        actor,
        key,
        workflows.KEY_STEPS[name],
        version=version,
        check=may or _at_desk,
        values=judged,
        event=f"key.{kind}",
        data=data,
        then=recorded,
    )


def _at_desk(actor, key) -> None:
    permissions.check(actor, "mr.desk", site=key.site)


def hand_over_key(
    actor, key: Key, *, version: int, to: User, approved_by: User | None = None, note: str = ""
) -> Key:
    """MR-4: the key goes to ``to``. Outside the information center only with the head's
    approval, named here; the head is told."""
    _at_desk(actor, key)
    errors = FieldErrors()
    if to is None or not to.is_active or not permissions.roles_of(to, key.site_id):
        errors.add("to", _("Choose a member of staff of this site."))
    elif not rules.is_ic_staff(to, key.site_id) and not rules.is_head(approved_by, key.site_id):
        errors.add(
            "approved_by",
            _(
                "Keys are not lent outside the information center without the head's approval: name the head "
                "who approved."
            ),
        )
    errors.raise_any()

    def approved(row, now, before):
        if approved_by is not None and approved_by.pk != actor.pk:
            tell(
                [approved_by],
                row,
                Text(
                    N_("%(key)s handed to %(person)s with your approval, recorded by %(actor)s"),
                    {"key": row, "person": to, "actor": actor},
                ),
                note,
            )

    return _key_step(
        actor,
        key,
        "hand_over",
        version=version,
        refuse=lambda row: rules.refuse_hand_over(row, to),
        kind=KeyEventKind.ISSUED,
        note=note.strip(),
        values={"holder": to},
        approved_by=approved_by,
        then=approved,
    )


def return_key(actor, key: Key, *, version: int, note: str = "") -> Key:
    """MR-4: the key is back in the key box."""
    return _key_step(
        actor,
        key,
        "return",
        version=version,
        refuse=rules.refuse_unless_issued,
        kind=KeyEventKind.RETURNED,
        note=note.strip(),
        values={"holder": None},
    )


def report_key_lost(
    actor, key: Key, *, version: int, description: str, remedy: str
) -> SecurityReport:
    """MR-4: a lost key is reported at once, with its remedy (locks changed, door watched…);
    the head and the machine-room staff are told."""

    def may(who, row):
        if row.holder_id != who.pk:
            _at_desk(who, row)

    may(actor, key)
    errors = FieldErrors()
    errors.required(description=description, remedy=remedy)
    errors.raise_any()
    reports = []
    _key_step(
        actor,
        key,
        "lost",
        version=version,
        may=may,
        refuse=rules.refuse_if_already_lost,
        kind=KeyEventKind.LOST,
        note=description.strip(),
        values={"holder": None},
        then=lambda row, now, before: reports.append(
            _report(
                actor,
                site=row.site,
                kind=SecurityReportKind.KEY_LOST,
                description=description,
                remedy=remedy,
                key=row,
            )
        ),
    )
    return reports[0]


def key_found(actor, key: Key, *, version: int, note: str = "") -> Key:
    """MR-4: a key reported lost is found again and back in the key box."""
    return _key_step(
        actor,
        key,
        "found",
        version=version,
        refuse=rules.refuse_unless_lost,
        kind=KeyEventKind.FOUND,
        note=note.strip(),
    )


# -- security reports (MR-4) --------------------------------------------------------------------


def _report(actor, *, site, kind, description, remedy, key=None, credential=None) -> SecurityReport:
    report = SecurityReport.objects.create(
        site=site,
        kind=kind,
        description=description.strip(),
        remedy=remedy.strip(),
        key=key,
        credential=credential,
        reported_by=actor,
        reported_at=timezone.now(),
    )
    record_event(
        actor=actor,
        subject=report,
        kind="security.reported",
        data={"kind": kind, "description": report.description, "remedy": report.remedy},
    )
    tell(
        holders(site.pk, Role.IC_HEAD, Role.MR_MAINTAINER),
        report,
        Text(N_("Security report: %(kind)s"), {"kind": choice_code(report, "kind")}),
        report.description,
    )
    return report


def report_security(
    actor,
    *,
    site: Site,
    kind: str,
    description: str,
    remedy: str,
    credential: Credential | None = None,
) -> SecurityReport:
    """MR-4: leaked security information, reported at once with its remedy, or a weakness and
    a proposal. A leaked account's password falls due for a change today (MR-12)."""
    permissions.check(actor, "mr.desk", site=site)
    errors = FieldErrors()
    errors.required(description=description, remedy=remedy)
    if kind == SecurityReportKind.KEY_LOST:
        errors.add("kind", _("A lost key is reported from the key itself."))
    elif kind not in SecurityReportKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    if credential is not None and credential.site_id != site.pk:
        errors.add("credential", _("Choose an account of this site."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        report = _report(
            actor,
            site=site,
            kind=kind,
            description=description,
            remedy=remedy,
            credential=credential,
        )
        if credential is not None and kind == SecurityReportKind.SECRET_LEAKED:
            credential = lock_for_change(Credential, credential, None)
            _due_now(actor, credential, reason=_("leaked: %(serial)s") % {"serial": report})
        return report


def acknowledge_report(
    actor, report: SecurityReport, *, version: int, response: str = ""
) -> SecurityReport:
    """MR-4: the information-center head acknowledges a report, with a response; whoever
    reported it is told."""

    def approving(who, row):
        permissions.check(who, "mr.approve", site=row.site)

    response = response.strip()

    def acknowledged(row, now):
        if row.acknowledged_at is not None:
            raise Conflict(
                _("Already acknowledged by %(person)s.") % {"person": row.acknowledged_by}
            )
        return {"acknowledged_by": actor, "acknowledged_at": now, "response": response}

    return take_step(
        actor,
        report,
        workflows.REPORT_ACKNOWLEDGE,
        version=version,
        check=approving,
        values=acknowledged,
        event="security.acknowledged",
        data={"response": response},
        then=lambda row, now, before: tell(
            [row.reported_by],
            row,
            Text(N_("%(person)s acknowledged your security report"), {"person": actor}),
            row.response,
        ),
    )


# -- the credential register (MR-12) ------------------------------------------------------------


def _schedule(credential: Credential) -> None:
    deadlines.cancel(credential, K_ROTATE)
    schedule_with_warning(
        credential,
        K_ROTATE,
        due_at=local_at(credential.next_due_on, DUE_HOUR),
        warn_before=dt.timedelta(days=WARN_DAYS),
    )


def add_credential(
    actor,
    *,
    site: Site,
    system: str,
    account: str,
    level: str,
    custodian: User,
    last_rotated_on: dt.date,
    rotate_every_days: int = 90,
    note: str = "",
) -> Credential:
    """MR-12: register an account (never its password) with its level, custodian and change
    dates; a clock warns the custodian a week before the change is due."""
    permissions.check(actor, "mr.approve", site=site)
    errors = FieldErrors()
    errors.required(system=system, account=account)
    if level not in CredentialLevel.values:
        errors.add("level", _("Choose one of the listed values."))
    else:
        rules.check_custodian(errors, site_id=site.pk, level=level, custodian=custodian)
    if not rotate_every_days or not 1 <= int(rotate_every_days) <= 366:
        errors.add("rotate_every_days", _("Between 1 and 366 days."))
    if last_rotated_on is None or last_rotated_on > timezone.localdate():
        errors.add("last_rotated_on", _("The last change cannot be in the future."))
    if (
        system.strip()
        and account.strip()
        and Credential.objects.filter(
            site=site, system=system.strip(), account=account.strip()
        ).exists()
    ):
        errors.add("account", _("This account is already in the register."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        credential = Credential.objects.create(
            site=site,
            system=system.strip(),
            account=account.strip(),
            level=level,
            custodian=custodian,
            rotate_every_days=int(rotate_every_days),
            last_rotated_on=last_rotated_on,
            next_due_on=last_rotated_on + dt.timedelta(days=int(rotate_every_days)),
            note=note.strip(),
        )
        _schedule(credential)
        record_event(
            actor=actor,
            subject=credential,
            kind="credential.added",
            data={
                "system": credential.system,
                "account": credential.account,
                "level": level,
                "custodian": str(custodian),
                "next_due_on": credential.next_due_on.isoformat(),
            },
        )
        return credential


def _editable(actor, credential: Credential) -> None:
    """Its custodian, or the head, keeps a credential that is not retired (MR-12)."""
    rules.refuse_if_retired(credential)
    if credential.custodian_id != actor.pk:
        permissions.check(actor, "mr.approve", site=credential.site)


def _heading(actor, credential: Credential) -> None:
    permissions.check(actor, "mr.approve", site=credential.site)


def record_rotation(
    actor, credential: Credential, *, version: int, rotated_on: dt.date | None = None
) -> Credential:
    """MR-12: the custodian changed the password (outside this system) on ``rotated_on``; the
    next change falls due after the period."""
    _editable(actor, credential)
    rotated_on = rotated_on or timezone.localdate()
    if rotated_on > timezone.localdate():
        raise ValidationFailed(
            field_errors={"rotated_on": [_("The change cannot be in the future.")]}
        )

    def rotated(row, now, before):
        deadlines.complete(row, K_ROTATE)
        _schedule(row)

    return take_step(
        actor,
        credential,
        workflows.CREDENTIAL_STEPS["rotate"],
        version=version,
        check=_editable,
        values=lambda row, now: {
            "last_rotated_on": rotated_on,
            "next_due_on": rotated_on + dt.timedelta(days=row.rotate_every_days),
        },
        event="credential.rotated",
        data=lambda row, before: {
            "rotated_on": rotated_on.isoformat(),
            "next_due_on": row.next_due_on.isoformat(),
        },
        then=rotated,
    )


def _due_now(actor, credential: Credential, *, reason: str) -> None:
    credential.next_due_on = timezone.localdate()
    save_new_version(credential, "next_due_on")
    deadlines.cancel(credential, K_ROTATE)
    deadlines.schedule_at(
        subject=credential,
        kind=K_ROTATE,
        site=credential.site,
        due_at=max(timezone.now(), local_at(credential.next_due_on, DUE_HOUR)),
    )
    record_event(
        actor=actor, subject=credential, kind="credential.due_now", data={"reason": reason}
    )


def change_custodian(
    actor, credential: Credential, *, version: int, custodian: User, note: str = ""
) -> Credential:
    """MR-12: the account passes to another maintainer, and its password must be changed for
    them: the change falls due today."""
    _heading(actor, credential)
    rules.refuse_if_retired(credential)
    errors = FieldErrors()
    rules.check_custodian(
        errors, site_id=credential.site_id, level=credential.level, custodian=custodian
    )
    errors.raise_any()

    def handed_on(row, now, before):
        _due_now(actor, row, reason=_("new custodian %(person)s") % {"person": custodian})
        tell(
            [custodian],
            row,
            Text(N_("You now hold %(account)s: change its password today"), {"account": row}),
        )

    return take_step(
        actor,
        credential,
        workflows.CREDENTIAL_STEPS["custodian"],
        version=version,
        check=_heading,
        values={"custodian": custodian},
        event="credential.custodian_changed",
        data=lambda row, before: {
            "from": str(User.objects.get(pk=before["custodian"])),
            "to": str(custodian),
            "note": note.strip(),
        },
        then=handed_on,
    )


def retire_credential(actor, credential: Credential, *, version: int, note: str = "") -> Credential:
    """MR-12: the account is no longer used; its clock stops."""

    def retired(row, now):
        rules.refuse_if_retired(row)
        return {"retired_at": now}

    return take_step(
        actor,
        credential,
        workflows.CREDENTIAL_STEPS["retire"],
        version=version,
        check=_heading,
        values=retired,
        event="credential.retired",
        data={"note": note.strip()},
        then=lambda row, now, before: deadlines.cancel(row, K_ROTATE),
    )
