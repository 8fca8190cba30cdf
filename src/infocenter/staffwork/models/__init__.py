"""Staff work's records, one module an area."""

from .endpoints import (  # noqa: F401
    Difference,
    Endpoint,
    EndpointSnapshot,
    ListImport,
    ListMapping,
)
