"""Excel out for outsiders' data-access requests (MR-11)."""

from django.utils.translation import gettext as _

from infocenter.core.excel import at_text, workbook


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
    header = [
        _("serial"),
        _("application received on"),
        _("organisation"),
        _("applicant"),
        _("phone"),
        _("purpose"),
        _("state"),
        _("documents or data asked for"),
        _("items approved"),
        _("decided by"),
        _("decided at"),
        _("provided"),
        _("handed to"),
        _("provided by"),
        _("provided at"),
    ]
    return workbook(
        title=title,
        header=header,
        rows=(
            [
                r.serial,
                r.received_on.isoformat(),
                r.organisation,
                r.applicant,
                r.phone,
                r.purpose,
                r.get_state_display(),
                _items_text(r.items.all()),
                _items_text(r.items.all(), approved_only=True),
                str(r.decided_by or ""),
                at_text(r.decided_at),
                _provided_text(r.items.all()),
                r.handed_to,
                str(r.fulfilled_by or ""),
                at_text(r.fulfilled_at),
            ]
            for r in rows.prefetch_related("items").order_by("received_on", "id")
        ),
    )
