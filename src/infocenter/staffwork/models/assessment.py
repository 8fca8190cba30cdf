"""IT-4: the annual assessment summary (年度考核总结) of one IT staff member for one calendar year,
in the source's four sections; drafted from the year's records, edited and submitted by the
person, commented and signed by the information-center head, then locked."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, person_field


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SIGNED = "signed", _("Signed")


class Assessment(models.Model):
    """IT-4: one person's 年度考核总结 for one year. While a draft its figures are read live from
    the records; at submission they are frozen into ``figures``, so a signed document never
    changes."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="staff_assessments")
    person = models.ForeignKey(
        "core.User",
        on_delete=models.PROTECT,
        related_name="annual_assessments",
        verbose_name=_("staff member"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    review = models.TextField(_("Review of the year's work"), blank=True)
    problems = models.TextField(_("Problems faced"), blank=True)
    plans = models.TextField(_("Plans for the coming year"), blank=True)
    shortcomings = models.TextField(_("Main shortcomings"), blank=True)
    figures = models.JSONField(_("figures"), default=list, blank=True)
    # the person's department as it was at submission: the signed document does not follow
    # later moves
    department_name = models.CharField(_("department"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("drafted at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    head_comment = models.TextField(_("head's comment"), blank=True)
    signed_by = person_field(_("signed by"), optional=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature = models.ImageField(
        _("head's signature"), upload_to="signatures/assessments/%Y/", blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "person_id"]
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="assessment_person_year_uniq")
        ]
        indexes = [models.Index(fields=["site", "year"], name="assessment_site_year_idx")]

    def __str__(self):
        return _("%(person)s's assessment of %(year)s") % {
            "person": self.person,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("staffwork:assessment", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.state == AssessmentState.SIGNED
