"""The machine room's registers as spreadsheets, a module per area; the equipment ledger's sheet
also comes back in (one set of columns for the export, the template and the import)."""
