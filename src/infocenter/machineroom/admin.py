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

# Duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6).
for model, columns in [
    (models.RosterDay, ["day", "room", "person", "site"]),
    (models.DutyCheck, ["day", "room", "done_by", "problems"]),
    (models.ClosingCheck, ["day", "room", "done_by", "problems"]),
    (models.DutyAlert, ["day", "room", "kind", "raised_at", "resolved_at"]),
    (models.SeriousEvent, ["serial", "kind", "room", "state", "occurred_at"]),
    (models.PowerPermit, ["serial", "equipment", "watts", "state", "requested_at"]),
    (models.FireChange, ["serial", "equipment", "kind", "state", "requested_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns}))
