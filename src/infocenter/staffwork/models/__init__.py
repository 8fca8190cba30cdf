"""Staff work's records, one module an area."""

from .assessment import Assessment, AssessmentState  # noqa: F401
