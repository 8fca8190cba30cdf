"""The states and allowed steps of the machine room's workflows, declared once: access requests
(MR-2) and the sign-out of a visit, keys, security reports and credentials (MR-4, MR-12), a day
of the duty roster (MR-1), data-access requests (MR-11), changes with their time limits (MR-7,
MR-8), loans (MR-13), serious events and the head's permits (MR-1, MR-5, MR-6), inspection
rounds, core-device alarms and network faults (MR-9). The engine is ``core.workflows``
(``require`` refuses with the rule, ``available`` feeds the buttons, ``take_step`` takes a step).
No model is imported here, so the models may read the time limits too."""

from django.utils.translation import gettext_lazy

from infocenter.core.workflows import Step, steps_table

from .choices import RequestState as RS

REQUEST_STEPS = steps_table(
    "MR-2",
    ("approve", gettext_lazy("Approve"), {RS.REQUESTED}, RS.APPROVED, "mr.approve"),
    ("refuse", gettext_lazy("Refuse"), {RS.REQUESTED}, RS.REFUSED, "mr.approve", "outline-danger"),
    (
        "release",
        gettext_lazy("Clean-up checked: release for today"),
        {RS.APPROVED},
        RS.APPROVED,
        "mr.desk",
        "outline-success",
    ),
    (
        "close",
        gettext_lazy("Close: work finished"),
        {RS.APPROVED},
        RS.CLOSED,
        "mr.desk",
        "outline-primary",
    ),
    (
        "cancel",
        gettext_lazy("Withdraw the request"),
        {RS.REQUESTED, RS.APPROVED},
        RS.CANCELLED,
        ("mr.desk", "mr.request"),
        "outline-secondary",
    ),
)

# A visit has no state of its own (inside until it has left): signing out records and keeps it.
SIGN_OUT = Step("sign_out", gettext_lazy("Sign out"), frozenset(), None, "mr.desk", "MR-2")


# -- keys (MR-4), security reports and the credential register (MR-12) --------------------------

from .choices import KeyState as KS  # noqa: E402

KEY_STEPS = steps_table(
    "MR-4",
    ("hand_over", gettext_lazy("Hand over"), {KS.IN_BOX, KS.ISSUED}, KS.ISSUED, "mr.desk"),
    ("return", gettext_lazy("Returned to the key box"), {KS.ISSUED}, KS.IN_BOX, "mr.desk"),
    ("lost", gettext_lazy("Report lost"), {KS.IN_BOX, KS.ISSUED}, KS.LOST, "mr.desk"),
    ("found", gettext_lazy("Found again"), {KS.LOST}, KS.IN_BOX, "mr.desk"),
)
# A credential and a security report have no state: their steps record and keep them; who may
# take each (the custodian, the head) and why not (retired, already acknowledged) the services say.
CREDENTIAL_STEPS = steps_table(
    "MR-12",
    ("rotate", gettext_lazy("Password changed"), (), None, "mr.approve"),
    ("custodian", gettext_lazy("Change custodian"), (), None, "mr.approve"),
    ("retire", gettext_lazy("Retire"), (), None, "mr.approve"),
)
REPORT_ACKNOWLEDGE = Step(
    "acknowledge", gettext_lazy("Acknowledge"), frozenset(), None, "mr.approve", "MR-4"
)

# -- the duty roster (MR-1): a day is changed by the head until its checklist is done ------------

ROSTER_CHANGE = Step("change", gettext_lazy("Change"), frozenset(), None, "mr.roster", "MR-1")

# -- data-access requests (MR-11) ---------------------------------------------------------------

from .choices import DataRequestState as DS  # noqa: E402

DATA_STEPS = steps_table(
    "MR-11",
    ("approve", gettext_lazy("Approve"), {DS.REQUESTED}, DS.APPROVED, "mr.approve"),
    ("refuse", gettext_lazy("Refuse"), {DS.REQUESTED}, DS.REFUSED, "mr.approve", "outline-danger"),
    (
        "fulfil",
        gettext_lazy("Record what was provided"),
        {DS.APPROVED},
        DS.FULFILLED,
        "mr.desk",
        "success",
    ),
    (
        "cancel",
        gettext_lazy("Withdraw the request"),
        {DS.REQUESTED, DS.APPROVED},
        DS.CANCELLED,
        ("mr.desk", "mr.request"),
        "outline-secondary",
    ),
)


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
            gettext_lazy("Withdraw the request"),
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

LOAN_STEPS = steps_table(
    "MR-13",
    ("approve", gettext_lazy("Approve"), {LS.REQUESTED}, LS.APPROVED, "mr.approve"),
    ("refuse", gettext_lazy("Refuse"), {LS.REQUESTED}, LS.REFUSED, "mr.approve", "outline-danger"),
    ("hand_out", gettext_lazy("Hand out"), {LS.APPROVED}, LS.ON_LOAN, "mr.ledger", "success"),
    ("return", gettext_lazy("Record the return"), {LS.ON_LOAN}, LS.RETURNED, "mr.ledger"),
    (
        "cancel",
        gettext_lazy("Withdraw the request"),
        {LS.REQUESTED, LS.APPROVED},
        LS.CANCELLED,
        "mr.ledger",
        "outline-secondary",
    ),
)


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
                gettext_lazy("Withdraw the request"),
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

ROUND_STEPS = steps_table(
    "MR-9",
    ("record", gettext_lazy("Record the results"), {RS.OPEN}, RS.OPEN, "mr.inspect"),
    (
        "cancel",
        gettext_lazy("Cancel the round"),
        {RS.OPEN},
        RS.CANCELLED,
        "mr.checklists",
        "outline-secondary",
    ),
)
ALARM_STEPS = steps_table(
    "MR-9",
    (
        "respond",
        gettext_lazy("Record the response"),
        {AS.OPEN, AS.RESPONDED},
        AS.RESPONDED,
        "mr.inspect",
    ),
    (
        "close",
        gettext_lazy("Close: alarm cleared"),
        {AS.RESPONDED},
        AS.CLOSED,
        "mr.inspect",
        "outline-success",
    ),
)
FAULT_STEPS = steps_table(
    "MR-9",
    (
        "check",
        gettext_lazy("Record the local findings"),
        {FS.OPEN, FS.CHECKED},
        FS.CHECKED,
        "mr.inspect",
    ),
    (
        "report",
        gettext_lazy("Report to the upstream unit"),
        {FS.CHECKED},
        FS.REPORTED,
        "mr.inspect",
    ),
    (
        "feedback",
        gettext_lazy("Record the upstream feedback"),
        {FS.REPORTED, FS.FEEDBACK},
        FS.FEEDBACK,
        "mr.inspect",
    ),
    (
        "close",
        gettext_lazy("Close: fault resolved"),
        {FS.CHECKED, FS.FEEDBACK},
        FS.CLOSED,
        "mr.inspect",
        "outline-success",
    ),
)
