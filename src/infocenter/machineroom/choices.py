"""Text-valued choices of the machine room (document 3 of the source, MR-1…MR-13)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    """MR-2: the three ways an outsider comes into the machine room."""

    VISIT = "visit", _("Visit")
    CONSTRUCTION = "construction", _("Construction (施工申请单)")
    EMERGENCY = "emergency", _("Emergency repair")


class RequestState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")


class VisitKind(models.TextChoices):
    STAFF = "staff", _("Information-center staff")
    VISITOR = "visit", _("Visitor")
    CONSTRUCTION = "construction", _("Construction crew")
    EMERGENCY = "emergency", _("Emergency technician")


class VisitOutcome(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused entry")
    FORCED = "forced", _("Forced entry")


class ItemDirection(models.TextChoices):
    IN = "in", _("Carried in")
    OUT = "out", _("Carried out")


class KeyState(models.TextChoices):
    IN_BOX = "in_box", _("In the key box")
    ISSUED = "issued", _("Issued")
    LOST = "lost", _("Lost")


class KeyEventKind(models.TextChoices):
    ISSUED = "issued", _("Handed over")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Reported lost")
    FOUND = "found", _("Found again")


class CredentialLevel(models.TextChoices):
    """MR-12: passwords by permission level; the admin level only for the maintenance lead."""

    ADMIN = "admin", _("Administrator (管理级)")
    MAINTENANCE = "maintenance", _("Maintenance (维护级)")
    TERMINAL = "terminal", _("Terminal (终端级)")


class SecurityReportKind(models.TextChoices):
    """MR-4: what staff report at once, and what they propose."""

    KEY_LOST = "key_lost", _("Key lost")
    SECRET_LEAKED = "secret_leaked", _("Password or security information leaked")
    WEAKNESS = "weakness", _("Weakness found / improvement proposed")


# -- backups and data access (MR-11) ------------------------------------------------------------


class BackupFrequency(models.TextChoices):
    """MR-11: core business data daily; archives weekly or monthly."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class BackupOutcome(models.TextChoices):
    SUCCESS = "success", _("Succeeded")
    PARTIAL = "partial", _("Partly succeeded")
    FAILED = "failed", _("Failed")


class BackupAlertKind(models.TextChoices):
    MISSED = "missed", _("Backup missing")
    FAILED = "failed", _("Backup failed")
    PARTIAL = "partial", _("Backup partly failed")
    RESTORE_FAILED = "restore_failed", _("Restore test failed")


class RestoreOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class DataRequestState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved, to be provided")
    REFUSED = "refused", _("Refused")
    FULFILLED = "fulfilled", _("Provided and closed")
    CANCELLED = "cancelled", _("Cancelled")


class ProvisionForm(models.TextChoices):
    """MR-11: how a document or data was given to an outsider."""

    COPY = "copy", _("Photocopy")
    PRINTOUT = "printout", _("Printout")
    VIEW = "view", _("Viewed only, nothing handed over")
    ELECTRONIC = "electronic", _("Electronic copy")


# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


class ChangeClass(models.TextChoices):
    """MR-7: how a change is decided. A standard change is a pre-approved routine one; a major
    change has a written plan and is discussed before the head approves; an emergency change is
    done at once and approved by the head after the fact."""

    STANDARD = "standard", _("Standard (pre-approved routine)")
    NORMAL = "normal", _("Normal")
    MAJOR = "major", _("Major")
    EMERGENCY = "emergency", _("Emergency")


class ChangeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DISCUSSION = "discussion", _("In discussion")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    NOTIFIED = "notified", _("Notice sent")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ROLLED_BACK = "rolled_back", _("Failed, rolled back")
    CANCELLED = "cancelled", _("Cancelled")


class ChangeOutcome(models.TextChoices):
    SUCCESS = "success", _("Succeeded")
    PARTIAL = "partial", _("Partly done")
    ROLLED_BACK = "rolled_back", _("Failed and rolled back")


# -- the equipment ledger (MR-10, MR-13) --------------------------------------------------------


class EquipmentCategory(models.TextChoices):
    """MR-13: what a ledger line holds."""

    EQUIPMENT = "equipment", _("Equipment")
    SPARE = "spare", _("Spare part")
    CONSUMABLE = "consumable", _("Consumable")


class EquipmentStatus(models.TextChoices):
    """MR-13 and MR-10: where a ledger line stands. Disposed is final."""

    IN_USE = "in_use", _("In use")
    SPARE = "spare", _("Spare (in stock)")
    ON_LOAN = "on_loan", _("On loan")
    DAMAGED = "damaged", _("Damaged, in antistatic storage")
    DISPOSED = "disposed", _("Disposed")


class LoanState(models.TextChoices):
    """MR-13: a loan of equipment, approved by the information-center head before anything
    leaves."""

    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved, not handed out")
    REFUSED = "refused", _("Refused")
    ON_LOAN = "on_loan", _("On loan")
    RETURNED = "returned", _("Given back")
    CANCELLED = "cancelled", _("Cancelled")


class EquipmentReportKind(models.TextChoices):
    """MR-13: damage, loss and consumption, reported with the person responsible."""

    DAMAGE = "damage", _("Damage")
    LOSS = "loss", _("Loss")
    CONSUMPTION = "consumption", _("Consumption")


# -- duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6) ---------


class DutyItem(models.TextChoices):
    """MR-1: what the day's duty person checks (机房值日检查), in the words of the source."""

    TIDY = "tidy", _("Daily tidying: supplies in their places, desks cleared")
    HYGIENE = "hygiene", _("Hygiene: clean, dust- and damp-proof, no food, smoking or spitting")
    DOORS_WINDOWS = "doors_windows", _("Doors and windows checked shut")
    CONDUCT = "conduct", _("Conduct: shoes changed, rain gear in place, quiet, no strangers")
    SECURED = "secured", _("Cabinets locked, computers locked, important papers put away")


class ClosingItem(models.TextChoices):
    """MR-1, MR-5, MR-6: what the last person out checks before leaving the machine room."""

    DOORS = "doors", _("All machine-room doors closed and locked")
    WINDOWS = "windows", _("All windows closed")
    POWER = (
        "power",
        _(
            "Power: equipment that must not run unattended switched off, no heaters or sparks left on"
        ),
    )
    FIRE = (
        "fire",
        _("Fire equipment in working order; equipment that could start a fire switched off"),
    )


class DutyAlertKind(models.TextChoices):
    DUTY_MISSING = "duty_missing", _("Duty checklist not done")
    CLOSING_MISSING = "closing_missing", _("Closing checklist not done")


class EventKind(models.TextChoices):
    """MR-1: serious events call staff to the site at once; MR-5: a power outage and its UPS and
    generator procedure; MR-5/MR-6: electrical and fire hazards reported."""

    THEFT = "theft", _("Theft")
    BREAK_IN = "break_in", _("Break-in")
    FIRE = "fire", _("Fire alarm")
    FLOODING = "flooding", _("Flooding")
    ALARM_110 = "alarm_110", _("110 alarm")
    POWER_OUTAGE = "power_outage", _("Mains power outage")
    ELECTRICAL_HAZARD = "electrical_hazard", _("Electrical hazard")
    FIRE_HAZARD = "fire_hazard", _("Fire hazard")


class EventState(models.TextChoices):
    OPEN = "open", _("Being handled")
    CLOSED = "closed", _("Closed")


class PermitState(models.TextChoices):
    """A power-use permit or a fire-system change, decided by the information-center head."""

    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Finished")


class FireChangeKind(models.TextChoices):
    """MR-6: nobody changes the fire system's working state or the position of its equipment
    without the head's approval."""

    STATE = "state", _("Working state (e.g. automatic to manual, zone isolated)")
    POSITION = "position", _("Position of equipment (e.g. extinguisher, detector moved)")


# -- inspections (MR-9, MR-10) -------------------------------------------------------------------


class ChecklistTarget(models.TextChoices):
    """MR-9: a checklist covers an area (a machine room) or one device."""

    AREA = "area", _("Area (machine room)")
    DEVICE = "device", _("Device")


class ItemKind(models.TextChoices):
    CHECK = "check", _("Pass / fail check")
    READING = "reading", _("Reading with a normal range")


class RoundState(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ResultOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    PASS = "pass", _("Normal (no fault)")
    FAIL = "fail", _("Fault found")


class AlarmSeverity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class AlarmState(models.TextChoices):
    OPEN = "open", _("Waiting for a response")
    RESPONDED = "responded", _("Being handled")
    CLOSED = "closed", _("Closed")


class FaultKind(models.TextChoices):
    NETWORK = "network", _("Network fault")
    LINE = "line", _("Line fault")


class FaultState(models.TextChoices):
    """MR-9: checked locally first, then reported upstream with the findings, feedback recorded."""

    OPEN = "open", _("To check locally")
    CHECKED = "checked", _("Checked locally")
    REPORTED = "reported", _("Reported upstream, waiting for feedback")
    FEEDBACK = "feedback", _("Upstream feedback received")
    CLOSED = "closed", _("Closed")
