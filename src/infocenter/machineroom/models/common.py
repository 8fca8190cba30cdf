"""What several machine-room records share: the head's decision on a request (MR-2, MR-5,
MR-6, MR-7, MR-11, MR-13), and the page a record links to (``link``)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import person_field


class Decided(models.Model):
    """A request the information-center head approves or refuses: who decided, when, and the
    note the applicant is told."""

    decided_by = person_field(_("decided by"), optional=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        abstract = True


def link(route: str, *before, by: str | None = "pk"):
    """A record's ``get_absolute_url`` (where its notifications link): the page ``route`` with
    the arguments ``before`` and then the record's ``by`` (its id; ``None`` for a list page).
    ``get_absolute_url = link("machineroom:alarm")``."""

    def get_absolute_url(self) -> str:
        return reverse(route, args=[*before, *([getattr(self, by)] if by else [])])

    return get_absolute_url
