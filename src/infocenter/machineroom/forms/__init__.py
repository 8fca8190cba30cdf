"""Forms of the machine-room pages, a module per area (``common`` holds what they share). They
parse; the services decide."""
