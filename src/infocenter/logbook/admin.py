"""Read-only admin views of the registers; every change goes through the services."""

from django.contrib import admin

from infocenter.core.admin import ReadOnlyAdmin

from . import models

for model, columns in [
    (
        models.Handover,
        ["serial", "site", "shift", "outgoing", "incoming", "state", "handed_over_at"],
    ),
    (models.PhoneCall, ["serial", "site", "direction", "state", "number", "caller", "occurred_at"]),
    (models.RegistryEntry, ["serial", "site", "kind", "title", "starts_at", "ends_at", "late"]),
    (models.Contact, ["name", "organisation", "category", "phone", "site"]),
    (models.Document, ["title", "category", "issuer", "site"]),
    (models.Whereabouts, ["user", "status", "place", "until"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": columns})
    )
