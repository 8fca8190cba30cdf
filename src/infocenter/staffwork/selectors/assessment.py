"""IT-4: the annual assessments a person may read: their own (IT staff), the site's IT staff's
(the information-center head, the auditor) or the branch's (the branch general manager)."""

from django.db.models import QuerySet

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound
from infocenter.core.models import RoleAssignment

from ..figures import Figure, figures_for
from ..models import Assessment, AssessmentState


def assessments_for(actor, *, site=None, person=None, year=None) -> QuerySet[Assessment]:
    """Assessments ``actor`` may read, newest year first; narrowed to a site, person or year."""
    base = Assessment.objects.select_related("site", "person", "signed_by")
    qs = permissions.restrict(base, actor, "sw.assessments") | base.filter(person=actor.pk)
    if site is not None:
        qs = qs.filter(site=site)
    if person is not None:
        qs = qs.filter(person=person)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "person__full_name", "pk")


def get_assessment(actor, pk) -> Assessment:
    """One assessment ``actor`` may read; missing and out of reach are the same 404."""
    try:
        return assessments_for(actor).get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def figures_of(assessment) -> list[Figure]:
    """The assessment's figures: frozen at submission, read live from the records while a
    draft."""
    if assessment.state != AssessmentState.DRAFT:
        return [Figure(**f) for f in assessment.figures]
    return figures_for(assessment.person, year=assessment.year)


def department_of(assessment) -> str:
    """The department the person works in at the assessment's site ("" when none is named):
    as it was at submission once submitted, as it is now while a draft."""
    if assessment.state != AssessmentState.DRAFT:
        return assessment.department_name
    row = (
        RoleAssignment.objects.filter(user=assessment.person_id, site=assessment.site_id)
        .exclude(department=None)
        .select_related("department")
        .first()
    )
    return row.department.name if row else ""
