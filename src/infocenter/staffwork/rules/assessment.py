"""IT-4: the annual assessment's steps, and who may take them beyond the roles: only the person
edits and submits their own; a signed assessment is locked and every change is refused."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infocenter.core.exceptions import Conflict, PermissionDenied
from infocenter.core.workflows import available, require, steps_table

from ..models.assessment import AssessmentState as AS

ASSESSMENT_STEPS = steps_table(
    "IT-4",
    ("edit", gettext_lazy("Edit"), {AS.DRAFT}, None, "sw.own", "outline-primary"),
    ("submit", gettext_lazy("Submit"), {AS.DRAFT}, AS.SUBMITTED, "sw.own"),
    ("sign", gettext_lazy("Comment and sign"), {AS.SUBMITTED}, AS.SIGNED, "sw.sign", "success"),
    (
        "return",
        gettext_lazy("Return to the person"),
        {AS.SUBMITTED},
        AS.DRAFT,
        "sw.sign",
        "outline-danger",
    ),
)
OWN_STEPS = frozenset({"edit", "submit"})


def locked_refusal(assessment) -> Conflict:
    """What a change of a signed assessment is told."""
    return Conflict(
        _(
            "This assessment was signed by %(head)s on %(day)s and is locked: nothing in it can "
            "change."
        )
        % {"head": assessment.signed_by, "day": f"{assessment.signed_at:%Y-%m-%d}"},
        rule="IT-4",
    )


def require_step(actor, assessment, name: str) -> None:
    """Refuse step ``name`` with the reason: locked after signing (409), the state (409), the
    roles (403), or someone else's assessment for the person's own steps (403)."""
    if assessment.state == AS.SIGNED:
        raise locked_refusal(assessment)
    require(actor, assessment, ASSESSMENT_STEPS[name])
    if name in OWN_STEPS and assessment.person_id != actor.pk:
        raise PermissionDenied(
            _("Only the person can edit and submit their own assessment."), rule="IT-4"
        )
    if name not in OWN_STEPS and assessment.person_id == actor.pk:
        raise PermissionDenied(
            _("Nobody signs or returns their own assessment: another head of the site does."),
            rule="IT-4",
        )


def steps_for(actor, assessment) -> list:
    """The steps to offer ``actor`` on the assessment now (buttons and API actions)."""
    return [
        s
        for s in available(actor, assessment, ASSESSMENT_STEPS)
        if (s.name in OWN_STEPS) == (assessment.person_id == actor.pk)
    ]
