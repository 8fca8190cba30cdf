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
    RESOLVED = "resolved", _("Resolved")
    CALLED_BACK = "called_back", _("Called back")
    ARCHIVED = "archived", _("Archived")
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
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
