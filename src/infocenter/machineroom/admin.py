"""Read-only admin views of the machine room; every change goes through the services."""

from django.contrib import admin

from infocenter.core.admin import ReadOnlyAdmin

from . import models

for model, columns in [
    (models.MachineRoom, ["name", "site", "location"]),
    (
        models.AccessRequest,
        ["serial", "site", "kind", "state", "organisation", "starts_at", "ends_at"],
    ),
    (models.Visit, ["name", "room", "kind", "outcome", "entered_at", "left_at"]),
    (models.Release, ["request", "day", "released_by"]),
    (models.ItemMovement, ["description", "direction", "quantity", "visit", "inspected_at"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )

for model, columns in [
    (models.BackupJob, ["name", "site", "system", "frequency", "custodian", "retired_at"]),
    (models.BackupResult, ["job", "day", "outcome", "size_bytes", "revision", "current"]),
    (models.BackupAlert, ["job", "kind", "day", "handled_at"]),
    (models.RestoreTest, ["job", "tested_on", "outcome", "tested_by"]),
    (models.DataRequest, ["serial", "site", "state", "organisation", "applicant"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )

for model, columns in [  # changes (MR-7, MR-8)
    (
        models.ChangeRequest,
        ["serial", "site", "kind", "state", "title", "planned_start", "implementer"],
    ),
    (models.ChangeComment, ["change", "author", "at"]),
    (models.ChangeOperation, ["change", "done_by", "at"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )

for model, columns in [  # the equipment ledger (MR-13, MR-10)
    (models.Equipment, ["name", "model", "serial", "site", "category", "quantity", "status"]),
    (models.Procurement, ["purchased_on", "supplier", "reference", "site"]),
    (models.Loan, ["serial", "site", "state", "borrower_name", "due_on"]),
    (models.EquipmentReport, ["kind", "equipment", "quantity", "responsible_name", "reported_at"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )

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
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )

# -- inspections (MR-9) --
for model, columns in [
    (models.Checklist, ["name", "site", "target", "room", "device", "active"]),
    (models.InspectionSchedule, ["name", "checklist", "rule", "due_hours", "active", "next_at"]),
    (
        models.InspectionRound,
        ["serial", "site", "title", "occurs_at", "due_at", "state", "submitted_by"],
    ),
    (models.CoreAlarm, ["serial", "site", "device", "severity", "state", "occurred_at"]),
    (models.NetworkFault, ["serial", "site", "kind", "state", "occurred_at", "upstream_unit"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )
