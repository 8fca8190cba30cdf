"""Staff work's forms, one module an area."""
