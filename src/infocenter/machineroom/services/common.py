"""What the machine room's request-like records share: asking the information-center head, the
head's decision recorded on the record (decided by, at, note) and telling the applicant."""

from django.utils.translation import gettext as _

from infocenter.core.choices import Role
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders


def ask_the_head(record, message: str, text: str = "") -> None:
    """Tells the information-center heads of ``record``'s site ``message`` (what waits for them),
    with ``text`` as the detail."""
    tell(holders(record.site_id, Role.IC_HEAD), record, message, text)


def decision(actor, note: str):
    """The ``values`` of a head's decision step (``take_step``): who decided, when, and why."""
    return lambda row, now: {"decided_by": actor, "decided_at": now, "decision_note": note}


def tell_decided(people, record, note: str) -> None:
    """Tells ``people`` the state the head's decision left an outsider's ``record`` in (its
    serial, organisation and state), with the head's note."""
    tell(
        people,
        record,
        _("%(serial)s (%(organisation)s): %(state)s")
        % {
            "serial": record.serial,
            "organisation": record.organisation,
            "state": record.get_state_display(),
        },
        note,
    )
