"""Read-only admin views of the service desk; every change goes through the services."""

from django.contrib import admin

from infocenter.core.admin import ReadOnlyAdmin

from . import models

for model, columns in [
    (models.SlaPolicy, ["site", "dispatch_amount", "arrange_amount", "report_amount"]),
    (models.Resident, ["name", "kind", "phone", "room", "site"]),
    (
        models.ServiceForm,
        ["serial", "site", "source", "category", "state", "reporter_name", "received_at"],
    ),
    (models.WorkOrder, ["serial", "site", "department", "state", "assignee", "dispatched_at"]),
    (models.Callback, ["form", "called_at", "outcome", "satisfaction"]),
    (models.ArchiveBatch, ["site", "week_start", "state", "submitted_at", "reviewed_at"]),
    (models.BatchProblem, ["form", "order", "problem", "responsible", "state", "created_at"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )
