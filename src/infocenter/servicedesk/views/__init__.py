"""Pages of the service desk, a module per area."""
