"""Staff work's demo data, one module an area."""

from . import assessment, endpoints, worklog


def load(echo=print) -> None:
    """Staff work's demo records, after every other app's (it proposes from their records)."""
    endpoints.load(echo=echo)  # an endpoint may be a machine-room ledger line
    worklog.load(echo=echo)
    assessment.load(echo=echo)  # last: it drafts from the other areas' records
