"""Pages of the machine room, a module per area."""
