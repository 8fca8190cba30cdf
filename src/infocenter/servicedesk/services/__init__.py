"""Every write of the service desk, one module per area of document 2 (SD-1…SD-17): residents,
intake, orders, returned matters, escalation, callbacks, archive, policy, photos and major
events.

Each public service checks the workflow table and the actor's roles, locks the record and
checks its version, changes it in one durable transaction, appends the audit event, moves
the clocks and queues the notifications. The services are listed here, so callers write
``services.dispatch_order(…)`` whatever the area."""

from .archive import approve_archive_batch, return_archive_batch, submit_archive_batch
from .callbacks import record_callback
from .corrections import (
    FormFields,
    NamedProblem,
    OrderFields,
    correct_form,
    correct_order,
    fix_batch_problem,
    void_form,
)
from .escalation import escalate_order, remind_held_order
from .intake import (
    log_and_dispatch,
    log_form,
    log_form_within,
    open_order_for_rule_within,
    resolve_form,
)
from .major_events import give_instructions, report_major_event
from .orders import (
    acknowledge_order,
    assign_order,
    close_in_register,
    dispatch_order,
    report_result,
    return_order,
    start_order,
    verify_order,
)
from .photos import PHOTO_STAGES, add_order_photo, add_order_photos
from .policy import (
    K_ALERT,
    K_ARRANGE,
    K_DISPATCH,
    K_FINISH,
    K_FOLLOW_UP,
    K_REPORT,
    POLICY_FIELDS,
    policy,
    update_sla_policy,
)
from .referrals import hand_back_form, refer_form, referral_departments, reply_to_filer
from .residents import (
    add_resident,
    import_residents,
    merge_residents,
    move_out_resident,
    update_resident,
)
from .returns import redispatch_order, set_pending
from .submissions import confirm_receipt, submit_form

__all__ = [
    "K_ALERT",
    "FormFields",
    "NamedProblem",
    "OrderFields",
    "correct_form",
    "correct_order",
    "fix_batch_problem",
    "void_form",
    "K_ARRANGE",
    "K_DISPATCH",
    "K_FINISH",
    "K_FOLLOW_UP",
    "K_REPORT",
    "PHOTO_STAGES",
    "POLICY_FIELDS",
    "acknowledge_order",
    "add_order_photo",
    "add_order_photos",
    "add_resident",
    "approve_archive_batch",
    "assign_order",
    "close_in_register",
    "confirm_receipt",
    "dispatch_order",
    "escalate_order",
    "give_instructions",
    "import_residents",
    "hand_back_form",
    "log_and_dispatch",
    "log_form",
    "log_form_within",
    "merge_residents",
    "move_out_resident",
    "open_order_for_rule_within",
    "policy",
    "record_callback",
    "redispatch_order",
    "remind_held_order",
    "refer_form",
    "referral_departments",
    "reply_to_filer",
    "report_major_event",
    "report_result",
    "resolve_form",
    "return_archive_batch",
    "update_resident",
    "return_order",
    "set_pending",
    "start_order",
    "submit_archive_batch",
    "submit_form",
    "update_sla_policy",
    "verify_order",
]
