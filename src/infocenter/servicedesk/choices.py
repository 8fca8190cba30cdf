"""Text-valued choices of the service desk (SD-1…SD-17)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """SD-1, SD-17: how the item reached the information center."""

    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    INTERCOM = "intercom", _("Intercom")
    STAFF_FORM = "staff_form", _("Staff form")


class ReporterKind(models.TextChoices):
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant or resident")
    STAFF = "staff", _("Company staff")
    OTHER = "other", _("Other")


class ResidentState(models.TextChoices):
    """LOG-4: a resident living in the flat, moved out (kept as its history) or merged into
    the duplicate that was kept."""

    CURRENT = "current", _("Current")
    MOVED_OUT = "moved_out", _("Moved out")
    MERGED = "merged", _("Merged")


class Category(models.TextChoices):
    """SD-3: categories of an item."""

    REPAIR = "repair", _("Repair")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    INQUIRY = "inquiry", _("Inquiry")
    PRAISE = "praise", _("Praise")
    INTERNAL = "internal", _("Internal-management feedback")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class FormState(models.TextChoices):
    LOGGED = "logged", _("Logged")
    DISPATCHED = "dispatched", _("Dispatched")
    RETURNED = "returned", _("Returned unfinished")
    PENDING = "pending", _("Pending")
    RESOLVED = "resolved", _("Resolved")
    CALLED_BACK = "called_back", _("Called back")
    ARCHIVED = "archived", _("Archived")
    SUBMITTED = "submitted", _("Awaiting receipt")  # SD-17: filed by a staff member
    REFERRED = "referred", _("Referred to a department")  # SD-11: internal feedback
    VOIDED = "voided", _("Voided")


class OrderState(models.TextChoices):
    DISPATCHED = "dispatched", _("Awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Staff arranged")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Result reported")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed in register")
    ESCALATED = "escalated", _("Re-issued")
    REDISPATCHED = "redispatched", _("Re-dispatched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReportOutcome(models.TextChoices):
    """SD-8: what the technician writes in the completion field."""

    DONE = "done", _("Handled")
    NOT_SOON = "not_soon", _("Cannot be handled soon")


class Unsigned(models.TextChoices):
    """SD-8: why a handled order carries no customer's signature."""

    PUBLIC_AREA = "public_area", _("No customer to sign: public area")
    INTERNAL = "internal", _("No customer to sign: internal matter")
    MACHINE_ROOM = "machine_room", _("No customer to sign: machine-room order")
    REFUSED = "refused", _("The customer refused to sign")


class CallbackOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class BatchState(models.TextChoices):
    SUBMITTED = "submitted", _("Handed to the data manager")
    APPROVED = "approved", _("Reviewed and archived")
    RETURNED = "returned", _("Returned for correction")


class VoidReason(models.TextChoices):
    """SD-3: why a form is voided (作废)."""

    DUPLICATE = "duplicate", _("Duplicate")
    PRANK = "prank", _("Prank or nuisance call")
    ERROR = "error", _("Entered in error")
    OTHER = "other", _("Other")


class ProblemState(models.TextChoices):
    """SD-12: a problem the data manager named when returning a batch."""

    OPEN = "open", _("To fix")
    FIXED = "fixed", _("Fixed")
