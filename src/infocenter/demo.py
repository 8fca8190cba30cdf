"""The demo data of the whole system (``infocenter demo``): the organisation and its people
(core), then the service desk's, the registers' and the machine room's records, each loaded
through its app's services like any other write. The project level knows every app; core knows
none of them."""

from collections.abc import Callable

from infocenter.core import demo as organisation
from infocenter.logbook import demo as logbook
from infocenter.machineroom import demo as machineroom
from infocenter.servicedesk import demo as servicedesk
from infocenter.staffwork.demo import endpoints as sw_endpoints

LOADERS = (
    organisation.load,
    servicedesk.load,
    logbook.load,
    machineroom.load,
    sw_endpoints.load,  # after the machine room: an endpoint may be a ledger line
)
database_is_empty = organisation.database_is_empty
is_loaded = organisation.is_loaded
print_logins = organisation.print_logins


def load(*, echo: Callable[[str], None] = lambda _: None) -> None:
    """Load every app's demo records, in the order the apps depend on each other."""
    for loader in LOADERS:
        loader(echo=echo)
