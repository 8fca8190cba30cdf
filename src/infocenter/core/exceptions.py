"""The application's one error family. Services raise these; ``core.rest.exception_handler``
and ``core.views`` map them to HTTP 400/403/404/409 and to form messages in one place."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refusal with a message meant for the person who asked."""

    status = 400
    default_message = _("The request cannot be carried out.")

    def __init__(self, message=None, *, field_errors: dict | None = None, rule: str = ""):
        self.message = message or self.default_message
        self.field_errors = field_errors or {}
        self.rule = rule
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    """Bad input: one message per invalid field (HTTP 400)."""

    status = 400
    default_message = _("Please correct the marked fields.")


class PermissionDenied(ApplicationError):
    """The actor's roles do not allow this action at this site (HTTP 403)."""

    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(ApplicationError):
    """Missing, or outside the actor's scope: the same answer for both (HTTP 404)."""

    status = 404
    default_message = _("Not found.")


class Conflict(ApplicationError):
    """The record's state does not allow this (HTTP 409)."""

    status = 409
    default_message = _("This conflicts with the record's current state.")


class InvalidTransition(Conflict):
    """A workflow step that the workflow table does not allow from the current state."""


class StaleEdit(Conflict):
    """Someone saved the record after this edit began; nothing was overwritten."""

    default_message = _(
        "Someone else changed this record after you opened it. Nothing was saved; "
        "reload to see their changes."
    )
