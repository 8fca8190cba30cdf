"""The states and allowed steps of the machine room's workflows, declared once: access requests
(MR-2) and the sign-out of a visit, keys, security reports and credentials (MR-4, MR-12), a day
of the duty roster (MR-1), data-access requests (MR-11), changes with their time limits (MR-7,
MR-8), loans (MR-13), serious events and the head's permits (MR-1, MR-5, MR-6), inspection
rounds, core-device alarms and network faults (MR-9). The engine is ``core.workflows``
(``require`` refuses with the rule, ``available`` feeds the buttons, ``take_step`` takes a step).
No model is imported here, so the models may read the time limits too."""

from django.utils.translation import gettext_lazy

from infocenter.core.workflows import Step

from .choices import RequestState as RS

REQUEST_STEPS = {
    s.name: s
    for s in [
        Step(
            "approve",
            gettext_lazy("Approve"),
            frozenset({RS.REQUESTED}),
            RS.APPROVED,
            "mr.approve",
            "MR-2",
        ),
        Step(
            "refuse",
            gettext_lazy("Refuse"),
            frozenset({RS.REQUESTED}),
            RS.REFUSED,
            "mr.approve",
            "MR-2",
            "outline-danger",
        ),
        Step(
            "release",
            gettext_lazy("Clean-up checked: release for today"),
            frozenset({RS.APPROVED}),
            RS.APPROVED,
            "mr.desk",
            "MR-2",
            "outline-success",
        ),
        Step(
            "close",
            gettext_lazy("Close: work finished"),
            frozenset({RS.APPROVED}),
            RS.CLOSED,
            "mr.desk",
            "MR-2",
            "outline-primary",
        ),
        Step(
            "cancel",
            gettext_lazy("Cancel"),
            frozenset({RS.REQUESTED, RS.APPROVED}),
            RS.CANCELLED,
            ("mr.desk", "mr.request"),
            "MR-2",
            "outline-secondary",
        ),
    ]
}

# A visit has no state of its own (inside until it has left): signing out records and keeps it.
SIGN_OUT = Step("sign_out", gettext_lazy("Sign out"), frozenset(), None, "mr.desk", "MR-2")


# -- keys (MR-4), security reports and the credential register (MR-12) --------------------------

from .choices import KeyState as KS  # noqa: E402

KEY_STEPS = {
    s.name: s
    for s in [
        Step(
            "hand_over",
            gettext_lazy("Hand over"),
            frozenset({KS.IN_BOX, KS.ISSUED}),
            KS.ISSUED,
            "mr.desk",
            "MR-4",
        ),
        Step(
            "return",
            gettext_lazy("Returned to the key box"),
            frozenset({KS.ISSUED}),
            KS.IN_BOX,
            "mr.desk",
            "MR-4",
        ),
        Step(
            "lost",
            gettext_lazy("Report lost"),
            frozenset({KS.IN_BOX, KS.ISSUED}),
            KS.LOST,
            "mr.desk",
            "MR-4",
        ),
        Step(
            "found", gettext_lazy("Found again"), frozenset({KS.LOST}), KS.IN_BOX, "mr.desk", "MR-4"
        ),
    ]
}
# A credential and a security report have no state: their steps record and keep them; who may
# take each (the custodian, the head) and why not (retired, already acknowledged) the services say.
CREDENTIAL_STEPS = {
    s.name: s
    for s in [
        Step("rotate", gettext_lazy("Password changed"), frozenset(), None, "mr.approve", "MR-12"),
        Step(
            "custodian", gettext_lazy("Change custodian"), frozenset(), None, "mr.approve", "MR-12"
        ),
        Step("retire", gettext_lazy("Retire"), frozenset(), None, "mr.approve", "MR-12"),
    ]
}
REPORT_ACKNOWLEDGE = Step(
    "acknowledge", gettext_lazy("Acknowledge"), frozenset(), None, "mr.approve", "MR-4"
)

# -- the duty roster (MR-1): a day is changed by the head until its checklist is done ------------

ROSTER_CHANGE = Step("change", gettext_lazy("Change"), frozenset(), None, "mr.roster", "MR-1")

# -- data-access requests (MR-11) ---------------------------------------------------------------

from .choices import DataRequestState as DS  # noqa: E402

DATA_STEPS = {
    s.name: s
    for s in [
        Step(
            "approve",
            gettext_lazy("Approve"),
            frozenset({DS.REQUESTED}),
            DS.APPROVED,
            "mr.approve",
            "MR-11",
        ),
        Step(
            "refuse",
            gettext_lazy("Refuse"),
            frozenset({DS.REQUESTED}),
            DS.REFUSED,
            "mr.approve",
            "MR-11",
            "outline-danger",
        ),
        Step(
            "fulfil",
            gettext_lazy("Record what was provided"),
            frozenset({DS.APPROVED}),
            DS.FULFILLED,
            "mr.desk",
            "MR-11",
            "success",
        ),
        Step(
            "cancel",
            gettext_lazy("Cancel"),
            frozenset({DS.REQUESTED, DS.APPROVED}),
            DS.CANCELLED,
            ("mr.desk", "mr.request"),
            "MR-11",
            "outline-secondary",
        ),
    ]
}


# -- changes (MR-7, MR-8) -----------------------------------------------------------------------

from .choices import ChangeState as CS  # noqa: E402

# The change's time limits, beside its steps: the change model, the rules and the services read them.
NOTICE_HOURS = 24  # a global-impact change is announced at least this long before it starts (MR-7)
CONFIRM_DAYS = 7  # correct running of a central-data change is confirmed within a week (MR-8)
DELETE_BACKUP_DAYS = 3  # after the confirmation, the backup is deleted within these days (MR-8)
RATIFY_HOURS = 24  # the head approves an emergency change after the fact within this time

CHANGE_OPEN = frozenset({CS.DRAFT, CS.SUBMITTED, CS.DISCUSSION, CS.APPROVED, CS.NOTIFIED})
CHANGE_DONE = frozenset({CS.DONE, CS.ROLLED_BACK})
# A step whose target is None records something and keeps the state.
# Submitting lands by class: a standard change is pre-approved, a major one goes to discussion.
CHANGE_STEPS = {
    s.name: s
    for s in [
        Step(
            "edit",
            gettext_lazy("Edit"),
            frozenset({CS.DRAFT, CS.SUBMITTED, CS.DISCUSSION}),
            None,
            "mr.change",
            "MR-7",
            "outline-secondary",
        ),
        Step(
            "submit",
            gettext_lazy("Submit"),
            frozenset({CS.DRAFT}),
            CS.SUBMITTED,
            "mr.change",
            "MR-7",
        ),
        Step(
            "comment",
            gettext_lazy("Add to the discussion"),
            CHANGE_OPEN - {CS.DRAFT},
            None,
            "mr.change",
            "MR-7",
            "outline-primary",
        ),
        Step(
            "approve",
            gettext_lazy("Approve"),
            frozenset({CS.SUBMITTED, CS.DISCUSSION}),
            CS.APPROVED,
            "mr.approve",
            "MR-7",
            "success",
        ),
        Step(
            "refuse",
            gettext_lazy("Refuse"),
            frozenset({CS.SUBMITTED, CS.DISCUSSION}),
            CS.REFUSED,
            "mr.approve",
            "MR-7",
            "outline-danger",
        ),
        Step(
            "notify",
            gettext_lazy("Send the advance notice"),
            frozenset({CS.APPROVED}),
            CS.NOTIFIED,
            "mr.change",
            "MR-7",
        ),
        Step(
            "backup",
            gettext_lazy("Record the backup"),
            frozenset({CS.SUBMITTED, CS.DISCUSSION, CS.APPROVED, CS.NOTIFIED}),
            None,
            "mr.change",
            "MR-8",
            "outline-primary",
        ),
        Step(
            "start",
            gettext_lazy("Start the change"),
            frozenset({CS.SUBMITTED, CS.APPROVED, CS.NOTIFIED}),
            CS.IN_PROGRESS,
            "mr.change",
            "MR-7",
        ),
        Step(
            "operation",
            gettext_lazy("Record an operation"),
            frozenset({CS.IN_PROGRESS}),
            None,
            "mr.change",
            "MR-7",
            "outline-primary",
        ),
        Step(
            "finish",
            gettext_lazy("Record the outcome"),
            frozenset({CS.IN_PROGRESS}),
            CS.DONE,
            "mr.change",
            "MR-7",
        ),
        Step(
            "reschedule",
            gettext_lazy("Reschedule"),
            frozenset({CS.APPROVED, CS.NOTIFIED}),
            CS.APPROVED,
            "mr.change",
            "MR-7",
            "outline-secondary",
        ),
        Step(
            "ratify",
            gettext_lazy("Approve after the fact"),
            frozenset({CS.IN_PROGRESS, *CHANGE_DONE}),
            None,
            "mr.approve",
            "MR-7",
            "success",
        ),
        Step(
            "confirm",
            gettext_lazy("Confirm correct running"),
            frozenset({CS.DONE}),
            None,
            "mr.change",
            "MR-8",
            "success",
        ),
        Step(
            "delete_backup",
            gettext_lazy("Record the backup deleted"),
            CHANGE_DONE,
            None,
            "mr.change",
            "MR-8",
            "outline-primary",
        ),
        Step(
            "cancel",
            gettext_lazy("Cancel"),
            CHANGE_OPEN,
            CS.CANCELLED,
            ("mr.change", "mr.approve"),
            "MR-7",
            "outline-secondary",
        ),
    ]
}


# -- loans of equipment (MR-13): nothing leaves without the head's approval ----------------------

from .choices import LoanState as LS  # noqa: E402

LOAN_STEPS = {
    s.name: s
    for s in [
        Step(
            "approve",
            gettext_lazy("Approve"),
            frozenset({LS.REQUESTED}),
            LS.APPROVED,
            "mr.approve",
            "MR-13",
        ),
        Step(
            "refuse",
            gettext_lazy("Refuse"),
            frozenset({LS.REQUESTED}),
            LS.REFUSED,
            "mr.approve",
            "MR-13",
            "outline-danger",
        ),
        Step(
            "hand_out",
            gettext_lazy("Hand out"),
            frozenset({LS.APPROVED}),
            LS.ON_LOAN,
            "mr.ledger",
            "MR-13",
            "success",
        ),
        Step(
            "return",
            gettext_lazy("Record the return"),
            frozenset({LS.ON_LOAN}),
            LS.RETURNED,
            "mr.ledger",
            "MR-13",
        ),
        Step(
            "cancel",
            gettext_lazy("Cancel"),
            frozenset({LS.REQUESTED, LS.APPROVED}),
            LS.CANCELLED,
            "mr.ledger",
            "MR-13",
            "outline-secondary",
        ),
    ]
}


# -- serious events and the head's approvals of power use and fire-system changes (MR-1, MR-5,
# MR-6) -----------------------------------------------------------------------------------------

from .choices import EventState  # noqa: E402
from .choices import PermitState as PS  # noqa: E402


def _permit_steps(rule: str) -> dict[str, Step]:
    """The states and steps of a permit waiting for the head, under ``rule``."""
    return {
        s.name: s
        for s in [
            Step(
                "approve",
                gettext_lazy("Approve"),
                frozenset({PS.REQUESTED}),
                PS.APPROVED,
                "mr.approve",
                rule,
            ),
            Step(
                "refuse",
                gettext_lazy("Refuse"),
                frozenset({PS.REQUESTED}),
                PS.REFUSED,
                "mr.approve",
                rule,
                "outline-danger",
            ),
            Step(
                "finish",
                gettext_lazy("Finished: record how it was left"),
                frozenset({PS.APPROVED}),
                PS.DONE,
                "mr.desk",
                rule,
                "outline-success",
            ),
            Step(
                "cancel",
                gettext_lazy("Cancel"),
                frozenset({PS.REQUESTED, PS.APPROVED}),
                PS.CANCELLED,
                ("mr.desk", "mr.request"),
                rule,
                "outline-secondary",
            ),
        ]
    }


# The workflow tables of the head's approvals (MR-5, MR-6) and of a serious event (MR-1).
POWER_STEPS, FIRE_STEPS = _permit_steps("MR-5"), _permit_steps("MR-6")
EVENT_CLOSE = Step(
    "close",
    gettext_lazy("Close with the outcome"),
    frozenset({EventState.OPEN}),
    EventState.CLOSED,
    "mr.desk",
    "MR-1",
    "outline-primary",
)
# The outage procedure of an open power outage (MR-5): recorded, the state kept.
EVENT_OUTAGE = Step(
    "outage",
    gettext_lazy("Outage procedure recorded"),
    frozenset({EventState.OPEN}),
    None,
    "mr.desk",
    "MR-5",
)


# -- inspection rounds, core-device alarms and network faults (MR-9) -------------------------------

from .choices import AlarmState as AS  # noqa: E402
from .choices import FaultState as FS  # noqa: E402
from .choices import RoundState as RS  # noqa: E402

ROUND_STEPS = {
    s.name: s
    for s in [
        Step(
            "record",
            gettext_lazy("Record the results"),
            frozenset({RS.OPEN}),
            RS.OPEN,
            "mr.inspect",
            "MR-9",
        ),
        Step(
            "cancel",
            gettext_lazy("Cancel the round"),
            frozenset({RS.OPEN}),
            RS.CANCELLED,
            "mr.checklists",
            "MR-9",
            "outline-secondary",
        ),
    ]
}
ALARM_STEPS = {
    s.name: s
    for s in [
        Step(
            "respond",
            gettext_lazy("Record the response"),
            frozenset({AS.OPEN, AS.RESPONDED}),
            AS.RESPONDED,
            "mr.inspect",
            "MR-9",
        ),
        Step(
            "close",
            gettext_lazy("Close: alarm cleared"),
            frozenset({AS.RESPONDED}),
            AS.CLOSED,
            "mr.inspect",
            "MR-9",
            "outline-success",
        ),
    ]
}
FAULT_STEPS = {
    s.name: s
    for s in [
        Step(
            "check",
            gettext_lazy("Record the local findings"),
            frozenset({FS.OPEN, FS.CHECKED}),
            FS.CHECKED,
            "mr.inspect",
            "MR-9",
        ),
        Step(
            "report",
            gettext_lazy("Report to the upstream unit"),
            frozenset({FS.CHECKED}),
            FS.REPORTED,
            "mr.inspect",
            "MR-9",
        ),
        Step(
            "feedback",
            gettext_lazy("Record the upstream feedback"),
            frozenset({FS.REPORTED, FS.FEEDBACK}),
            FS.FEEDBACK,
            "mr.inspect",
            "MR-9",
        ),
        Step(
            "close",
            gettext_lazy("Close: fault resolved"),
            frozenset({FS.CHECKED, FS.FEEDBACK}),
            FS.CLOSED,
            "mr.inspect",
            "MR-9",
            "outline-success",
        ),
    ]
}
