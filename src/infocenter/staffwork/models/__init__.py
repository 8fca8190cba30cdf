"""Staff work's records, one module an area."""
