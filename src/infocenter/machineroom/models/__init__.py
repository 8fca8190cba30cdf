"""The machine room (document 3 of the source, 机房管理制度). Each area keeps its models in a module
of this package; every write goes through the services."""

from .access import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from .inspections import (
    Checklist,
    ChecklistItem,
    CoreAlarm,
    InspectionResult,
    InspectionRound,
    InspectionSchedule,
    NetworkFault,
)
from .security import Credential, Key, KeyEvent, SecurityReport

__all__ = ["AccessRequest", "Credential", "ItemMovement", "Key", "KeyEvent", "MachineRoom", "Release",
           "SecurityReport", "Visit",
           "Checklist", "ChecklistItem", "CoreAlarm", "InspectionResult", "InspectionRound", "InspectionSchedule",
           "NetworkFault"]
