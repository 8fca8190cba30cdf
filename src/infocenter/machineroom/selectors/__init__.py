"""Every scoped read of the machine room, a module per area. The information center, the auditor
and the branch see their sites' rooms and registers; whoever asked for something sees their own.
Importing the package registers each area's source of the head's approvals inbox."""

from .access import *  # noqa: F403
from .backups import *  # noqa: F403
from .changes import *  # noqa: F403
from .duty import *  # noqa: F403
from .equipment import *  # noqa: F403
from .inspections import *  # noqa: F403
