"""IT-4: the annual assessment's writes: the person drafts it from the year's records, edits and
submits it (its figures frozen at submission); the information-center head returns it with a
reason or comments and signs it; a signed assessment is locked."""

import dataclasses

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import permissions
from infocenter.core.attachments import is_png
from infocenter.core.audit import diff, record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict
from infocenter.core.models import Site
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import take_step

from ..figures import SECTIONS, figures_for
from ..models import Assessment
from ..rules.assessment import ASSESSMENT_STEPS, require_step
from ..selectors.assessment import department_of

TEXTS = tuple(SECTIONS)  # the four sections, as the model's text fields


def _own_site(actor, site: Site | None) -> Site:
    """The site of the person's IT work: the one given, else the first where they hold it."""
    if site is None:
        own = permissions.scope_for(actor, "sw.own").site_ids
        site = Site.objects.filter(pk__in=own).order_by("pk").first()
    permissions.check(actor, "sw.own", site=site)
    return site


def draft_texts(person, *, year: int) -> dict[str, str]:
    """Each section's text drafted from the year's figures: their sentences, one a line."""
    texts = {key: [] for key in TEXTS}
    for figure in figures_for(person, year=year):
        if figure.text and figure.section in texts:
            texts[figure.section].append(str(figure.text))
    return {key: "\n".join(lines) for key, lines in texts.items()}


def draft_assessment(actor, *, year: int, site: Site | None = None) -> Assessment:
    """IT-4: the person's own assessment of ``year``, drafted from the records (one a year)."""
    site = _own_site(actor, site)
    errors = FieldErrors()
    if not 2000 <= year <= timezone.localdate().year:
        errors.add("year", _("Choose this year or an earlier one."))
    errors.raise_any(rule="IT-4")
    if Assessment.objects.filter(person=actor, year=year).exists():
        raise Conflict(
            _("You have an assessment of %(year)s already: open it from the list.")
            % {"year": year},
            rule="IT-4",
        )
    texts = draft_texts(actor, year=year)
    with transaction.atomic(durable=True):
        assessment = Assessment.objects.create(
            site=site, person=actor, year=year, created_at=timezone.now(), **texts
        )
        record_event(
            actor=actor, subject=assessment, kind="assessment.drafted", data={"year": year}
        )
        return assessment


def _step(actor, assessment, name: str, **kwargs) -> Assessment:
    return take_step(
        actor,
        assessment,
        ASSESSMENT_STEPS[name],
        check=lambda who, row: require_step(who, row, name),
        related=("person", "site", "signed_by"),
        **kwargs,
    )


def edit_assessment(
    actor,
    assessment: Assessment,
    *,
    version: int,
    review: str,
    problems: str,
    plans: str,
    shortcomings: str,
) -> Assessment:
    """IT-4: the person rewrites the sections of their draft (audited before and after)."""
    texts = {
        "review": review.strip(),
        "problems": problems.strip(),
        "plans": plans.strip(),
        "shortcomings": shortcomings.strip(),
    }
    return _step(
        actor,
        assessment,
        "edit",
        version=version,
        event="assessment.edited",
        values=texts,
        data=lambda row, before: {"changes": diff(before, texts)},
    )


def submit_assessment(actor, assessment: Assessment, *, version: int) -> Assessment:
    """IT-4: the person submits the draft to the information-center head; its figures are frozen
    into the record, so the document does not change afterwards."""
    require_step(actor, assessment, "submit")
    errors = FieldErrors()
    for key, label in SECTIONS.items():
        if not getattr(assessment, key).strip():
            errors.add(key, _("Write “%(section)s” before submitting.") % {"section": label})
    errors.raise_any(rule="IT-4")
    frozen = [
        {k: str(v) if k in ("label", "text") else v for k, v in dataclasses.asdict(f).items()}
        for f in figures_for(assessment.person, year=assessment.year)
    ]

    def submitted(row, now, before):
        tell(
            holders(row.site_id, Role.IC_HEAD),
            row,
            Text(
                N_("%(assessment)s was submitted for your comment and signature"),
                {"assessment": row},
            ),
        )

    return _step(
        actor,
        assessment,
        "submit",
        version=version,
        event="assessment.submitted",
        values=lambda row, now: {
            "figures": frozen,
            "department_name": department_of(row),
            "submitted_at": now,
        },
        data={"figures": len(frozen)},
        then=submitted,
    )


def return_assessment(actor, assessment: Assessment, *, version: int, reason: str) -> Assessment:
    """IT-4: the head sends a submitted assessment back to the person, with the reason; it is a
    draft again (its figures read live until submitted again)."""
    reason = reason.strip()
    require_step(actor, assessment, "return")
    errors = FieldErrors()
    errors.required(reason=reason)
    errors.raise_any(rule="IT-4")
    return _step(
        actor,
        assessment,
        "return",
        version=version,
        event="assessment.returned",
        values=lambda row, now: {
            "returned_at": now,
            "return_reason": reason,
            "figures": [],
            "department_name": "",
        },
        data={"reason": reason},
        then=lambda row, now, before: tell(
            [row.person],
            row,
            Text(
                N_("%(assessment)s was returned: %(reason)s"), {"assessment": row, "reason": reason}
            ),
        ),
    )


def sign_assessment(
    actor, assessment: Assessment, *, version: int, comment: str, signature_png: bytes | None
) -> Assessment:
    """IT-4: the head comments and signs with a drawn signature; the assessment is then locked."""
    comment = comment.strip()
    require_step(actor, assessment, "sign")
    errors = FieldErrors()
    errors.required(comment=comment)
    if not signature_png:
        errors.add("signature", _("Draw your signature to sign."))
    elif not is_png(signature_png):
        errors.add("signature", _("The signature must be a PNG image."))
    errors.raise_any(rule="IT-4")

    def signed(row, now):
        row.signature.save(
            f"assessment-{row.pk}-{row.year}.png", ContentFile(signature_png), save=False
        )
        return {
            "head_comment": comment,
            "signed_by": actor,
            "signed_at": now,
            "signature": row.signature,
        }

    return _step(
        actor,
        assessment,
        "sign",
        version=version,
        event="assessment.signed",
        values=signed,
        data={"comment": comment},
        then=lambda row, now, before: tell(
            [row.person],
            row,
            Text(N_("%(assessment)s was signed by %(head)s"), {"assessment": row, "head": actor}),
        ),
    )
