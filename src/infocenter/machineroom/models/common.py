"""What several machine-room records share: the head's decision on a request (MR-2, MR-5,
MR-6, MR-7, MR-11, MR-13)."""

from django.db import models
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
