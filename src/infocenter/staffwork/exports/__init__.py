"""Staff work's Excel and Word exports, one module an area."""
