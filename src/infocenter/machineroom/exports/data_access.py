"""Excel out for outsiders' data-access requests (MR-11)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, register


def _items_text(items, *, approved_only=False) -> str:
    return "\n".join(i.description for i in items if i.approved or not approved_only)


def _provided_text(items) -> str:
    return "\n".join(
        f"{i.description}: {i.get_provided_form_display()} {i.provided_extent}"
        for i in items
        if i.provided
    )


def data_requests_workbook(rows, *, title: str) -> bytes:
    """MR-11: who asked for what, what the head approved and exactly what was provided, to whom."""
    columns = [
        (_("serial"), "serial"),
        (_("application received on"), lambda r: r.received_on.isoformat()),
        (_("organisation"), "organisation"),
        (_("applicant"), "applicant"),
        (_("phone"), "phone"),
        (_("purpose"), "purpose"),
        (_("state"), lambda r: r.get_state_display()),
        (_("documents or data asked for"), lambda r: _items_text(r.items.all())),
        (_("items approved"), lambda r: _items_text(r.items.all(), approved_only=True)),
        (_("decided by"), lambda r: str(r.decided_by or "")),
        (_("decided at"), lambda r: at_text(r.decided_at)),
        (_("provided"), lambda r: _provided_text(r.items.all())),
        (_("handed to"), "handed_to"),
        (_("provided by"), lambda r: str(r.fulfilled_by or "")),
        (_("provided at"), lambda r: at_text(r.fulfilled_at)),
    ]
    return register(
        rows.prefetch_related("items"), title=title, order="received_on", columns=columns
    )
