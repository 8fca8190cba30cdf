"""The filer (填单人) of a staff form is told what became of it (SD-10, SD-17; source 4.2.6)."""

from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox
from infocenter.core.texts import Text

from ..models import ServiceForm


def tell_filer(form: ServiceForm, subject: str, body: str = "") -> None:
    """SD-10: the filer of a staff form is told (inside the caller's transaction)."""
    if form.filed_by_id:
        outbox.tell([form.filed_by], form, subject, body)


def tell_filer_result(form: ServiceForm) -> None:
    """SD-10, source 4.2.6: the filer is told that the form is finished, and its result."""
    tell_filer(
        form,
        Text(N_("Your form %(serial)s is finished"), {"serial": form.serial}),
        form.resolution,
    )
