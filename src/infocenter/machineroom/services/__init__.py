"""Every write of the machine room, a module per area (access, security, duty, safety,
inspections, incidents, changes, backups, data_access, equipment, loans). Each public service
checks the actor's roles, validates, changes its records in one durable transaction, appends the
audit event, moves the clocks and queues the notifications."""
