"""Staff work's demo data, one module an area."""
