"""One filterset per list of staff work, shared by its page, the API and the exports."""
