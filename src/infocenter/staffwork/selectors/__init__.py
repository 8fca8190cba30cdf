"""Staff work's scoped reads, one module an area."""
