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
