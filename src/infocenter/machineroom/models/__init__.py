"""The machine room (document 3 of the source, 机房管理制度). Each area keeps its models in a module
of this package named after it; every write goes through the services."""

from .access import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from .backups import BackupAlert, BackupJob, BackupResult, RestoreTest
from .changes import (
    ChangeComment,
    ChangeNotifiedDepartment,
    ChangeNotifiedPerson,
    ChangeOperation,
    ChangeRequest,
)
from .data_access import DataRequest, DataRequestItem
from .duty import ClosingCheck, DutyAlert, DutyCheck, OnCallPerson, RosterDay
from .equipment import Equipment, EquipmentReport, Procurement, ProcurementLine
from .incidents import CoreAlarm, NetworkFault
from .inspections import (
    Checklist,
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSchedule,
)
from .loans import Loan, LoanLine
from .safety import Callout, DutyPolicy, FireChange, PowerPermit, SeriousEvent
from .security import Credential, Key, KeyEvent, SecurityReport

__all__ = [
    # access and items (MR-2, MR-3)
    "AccessRequest",
    "ItemMovement",
    "MachineRoom",
    "Release",
    "Visit",
    # keys, credentials, security reports (MR-4, MR-12)
    "Credential",
    "Key",
    "KeyEvent",
    "SecurityReport",
    # duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6)
    "Callout",
    "ClosingCheck",
    "DutyAlert",
    "DutyCheck",
    "DutyPolicy",
    "FireChange",
    "PowerPermit",
    "RosterDay",
    "OnCallPerson",
    "SeriousEvent",
    # inspections, alarms and faults (MR-9, MR-10)
    "Checklist",
    "ChecklistItem",
    "CoreAlarm",
    "InspectionResult",
    "InspectionRound",
    "InspectionSchedule",
    "NetworkFault",
    # changes (MR-7, MR-8)
    "ChangeComment",
    "ChangeNotifiedDepartment",
    "ChangeNotifiedPerson",
    "ChangeOperation",
    "ChangeRequest",
    # backups and data access (MR-11)
    "BackupAlert",
    "BackupJob",
    "BackupResult",
    "DataRequest",
    "DataRequestItem",
    "RestoreTest",
    # the equipment ledger (MR-13, MR-10)
    "Equipment",
    "EquipmentReport",
    "Loan",
    "LoanLine",
    "Procurement",
    "ProcurementLine",
]
