"""Read-only admin views of the machine room; every change goes through the services."""

from django.contrib import admin

from infocenter.core.admin import ReadOnlyAdmin

from . import models

for model, columns in [
    (models.MachineRoom, ["name", "site", "location"]),
    (models.AccessRequest, ["serial", "site", "kind", "state", "organisation", "starts_at", "ends_at"]),
    (models.Visit, ["name", "room", "kind", "outcome", "entered_at", "left_at"]),
    (models.Release, ["request", "day", "released_by"]),
    (models.ItemMovement, ["description", "direction", "quantity", "visit", "inspected_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns}))

# -- inspections (MR-9) --
for model, columns in [
    (models.Checklist, ["name", "site", "target", "room", "device", "active"]),
    (models.InspectionSchedule, ["name", "checklist", "rule", "due_hours", "active", "next_at"]),
    (models.InspectionRound, ["serial", "site", "title", "occurs_at", "due_at", "state", "submitted_by"]),
    (models.CoreAlarm, ["serial", "site", "device", "severity", "state", "occurred_at"]),
    (models.NetworkFault, ["serial", "site", "kind", "state", "occurred_at", "upstream_unit"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns}))
