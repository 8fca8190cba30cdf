"""The machine room (document 3 of the source, 机房管理制度). Each area keeps its models in a module
of this package; every write goes through the services."""

from .access import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from .backups import BackupAlert, BackupJob, BackupResult, DataRequest, DataRequestItem, RestoreTest
from .changes import ChangeComment, ChangeOperation, ChangeRequest
from .duty import (
    Callout,
    ClosingCheck,
    DutyAlert,
    DutyCheck,
    DutyPolicy,
    FireChange,
    PowerPermit,
    RosterDay,
    SeriousEvent,
)
from .equipment import Equipment, EquipmentReport, Loan, LoanLine, Procurement, ProcurementLine
from .security import Credential, Key, KeyEvent, SecurityReport

__all__ = ["AccessRequest", "Credential", "ItemMovement", "Key", "KeyEvent", "MachineRoom", "Release",
           "SecurityReport", "Visit"]
__all__ += ["BackupAlert", "BackupJob", "BackupResult", "DataRequest", "DataRequestItem", "RestoreTest"]
__all__ += ["ChangeComment", "ChangeOperation", "ChangeRequest"]
__all__ += ["Equipment", "EquipmentReport", "Loan", "LoanLine", "Procurement", "ProcurementLine"]
__all__ += ["Callout", "ClosingCheck", "DutyAlert", "DutyCheck", "DutyPolicy", "FireChange", "PowerPermit",
            "RosterDay", "SeriousEvent"]
