"""Every scoped read of the machine room, a module per area. The information center, the auditor
and the branch see their sites' rooms and registers; whoever asked for something sees their own.
Importing the package registers each area's source of the head's approvals inbox."""

# The approvals inbox lists its sources in the order the areas register them.
# isort: off
from .access import (
    admissible_today,
    get_request,
    get_room,
    get_visit,
    inside_now,
    items_for,
    requests_for,
    rooms_for,
    rooms_in_reach,
    visits_for,
)
from .security import (
    credentials_for,
    get_credential,
    get_key,
    get_report,
    key_events_for,
    keys_for,
    reports_for,
)
from .backups import (
    backup_alerts_for,
    backup_jobs_for,
    backup_register_jobs,
    backup_results_for,
    get_backup_alert,
    get_backup_job,
    get_backup_result,
    month_register,
    restore_due,
    restore_tests_for,
    results_by_day,
)
from .data_access import data_requests_for, get_data_request
from .changes import change_clocks, changes_between, changes_for, changes_to_act_on, get_change
from .duty import closings_for, duty_alerts_for, duty_checks_for, get_roster_day, roster_for
from .safety import (
    PERMIT_LISTS,
    events_for,
    fire_changes_for,
    get_event,
    get_permit,
    power_permits_for,
)
from .equipment import (
    equipment_counts,
    equipment_for,
    equipment_reports_for,
    get_equipment,
    get_equipment_report,
    get_procurement,
    procurements_for,
)
from .loans import get_loan, loans_for, overdue_loans
from .inspections import (
    checklists_for,
    get_checklist,
    get_round,
    get_schedule,
    photos_of,
    results_for,
    rounds_due,
    rounds_for,
    schedules_for,
)
from .incidents import alarms_for, faults_for, get_alarm, get_fault

# isort: on
from .common import get_scoped

__all__ = [
    "get_scoped",
    # access
    "admissible_today",
    "get_request",
    "get_room",
    "get_visit",
    "inside_now",
    "items_for",
    "requests_for",
    "rooms_for",
    "rooms_in_reach",
    "visits_for",
    # security
    "credentials_for",
    "get_credential",
    "get_key",
    "get_report",
    "key_events_for",
    "keys_for",
    "reports_for",
    # backups
    "backup_alerts_for",
    "backup_jobs_for",
    "backup_register_jobs",
    "backup_results_for",
    "get_backup_alert",
    "get_backup_job",
    "get_backup_result",
    "month_register",
    "restore_due",
    "restore_tests_for",
    "results_by_day",
    # data_access
    "data_requests_for",
    "get_data_request",
    # changes
    "change_clocks",
    "changes_between",
    "changes_for",
    "changes_to_act_on",
    "get_change",
    # duty
    "closings_for",
    "duty_alerts_for",
    "duty_checks_for",
    "get_roster_day",
    "roster_for",
    # safety
    "PERMIT_LISTS",
    "events_for",
    "fire_changes_for",
    "get_event",
    "get_permit",
    "power_permits_for",
    # equipment
    "equipment_counts",
    "equipment_for",
    "equipment_reports_for",
    "get_equipment",
    "get_equipment_report",
    "get_procurement",
    "procurements_for",
    # loans
    "get_loan",
    "loans_for",
    "overdue_loans",
    # inspections
    "checklists_for",
    "get_checklist",
    "get_round",
    "get_schedule",
    "photos_of",
    "results_for",
    "rounds_due",
    "rounds_for",
    "schedules_for",
    # incidents
    "alarms_for",
    "faults_for",
    "get_alarm",
    "get_fault",
]
