"""One filterset per list, shared by pages, API and exports (STYLE 8), a module per area."""
