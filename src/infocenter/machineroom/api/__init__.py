"""The machine room's API (`/api/v1/machineroom/`), a module per area."""
