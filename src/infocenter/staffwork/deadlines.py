"""Staff work's recurring jobs: the endpoint registry's daily snapshot of its rates (IT-2)."""

from infocenter.core import recurring

from .services import endpoints

K_SNAPSHOT = "sw.endpoint_snapshot"
SNAPSHOT_RULE = "FREQ=DAILY;BYHOUR=23;BYMINUTE=30"

recurring.register(
    K_SNAPSHOT,
    rule=SNAPSHOT_RULE,
    label="IT-2",
    action=endpoints.snapshot_site,
)
