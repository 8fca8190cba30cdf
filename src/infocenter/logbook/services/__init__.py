"""Every write of the control-room registers, one module per area: handovers (LOG-1), calls
(LOG-2), registry (LOG-3), directory (LOG-4), library (LOG-5), whereabouts (IT-5) and policy.

Each public service checks the actor's roles (and the workflow table for handovers, calls and
registry entries), locks and version-checks the record, changes it in one durable transaction,
appends the audit event, moves the clocks and queues the notifications. The services are
listed here, so callers write ``services.hand_over(…)`` whatever the area."""

from .calls import K_CALL_BACK, call_back, call_to_form, log_call, log_missed_call
from .directory import (
    CONTACT_FIELDS,
    add_contact,
    import_contacts,
    remove_contact,
    update_contact,
)
from .handovers import K_ACCEPT, accept_handover, hand_over
from .library import add_document, add_document_version
from .policy import policy, update_policy
from .registry import (
    K_ENTRY_END,
    end_entry,
    end_entry_at_its_time,
    record_entry,
    reschedule_entry,
    withdraw_entry,
)
from .whereabouts import set_whereabouts

__all__ = [
    "CONTACT_FIELDS",
    "K_ACCEPT",
    "K_CALL_BACK",
    "K_ENTRY_END",
    "accept_handover",
    "add_contact",
    "add_document",
    "add_document_version",
    "call_back",
    "call_to_form",
    "end_entry",
    "end_entry_at_its_time",
    "hand_over",
    "import_contacts",
    "log_call",
    "log_missed_call",
    "policy",
    "record_entry",
    "remove_contact",
    "reschedule_entry",
    "set_whereabouts",
    "update_contact",
    "update_policy",
    "withdraw_entry",
]
