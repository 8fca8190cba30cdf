"""The rules of an area apart from its writes, a module per area: what a record must contain,
who may take which step and why not, the time limits. Pure functions and constants: the
services, the pages and the API ask here."""
