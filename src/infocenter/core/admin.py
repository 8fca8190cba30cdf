"""Read-only admin views of the core data. Every change goes through the services (pages,
API, CLI), so the admin never writes."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model, columns in [
    (models.Company, ["name", "code"]),
    (models.Branch, ["name", "code", "company"]),
    (models.Site, ["name", "code", "branch"]),
    (models.Department, ["name", "code", "site"]),
    (models.Building, ["name", "site", "floors"]),
    (models.User, ["username", "full_name", "phone", "is_active"]),
    (models.RoleAssignment, ["user", "role", "branch", "site", "department"]),
    (models.CalendarOverride, ["site", "date", "kind", "official"]),
    (models.AuditEvent, ["chain", "seq", "occurred_at", "actor_name", "kind", "subject_repr"]),
    (models.Deadline, ["kind", "subject_type", "subject_id", "state", "due_at"]),
    (models.OutboxMessage, ["channel", "recipient", "address", "subject", "state", "attempts"]),
    (models.BackupRun, ["started_at", "kind", "state", "archive", "size", "error"]),
    (models.WorkerBeat, ["name", "started_at", "beat_at", "handled"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )
