"""Internal feedback (SD-11; source 4.3.9): a form about the company's internal management is
referred to the responsible branch or company department, which replies to the filer directly
and returns the form to the control room for review and archiving."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox
from infocenter.core.choices import DepartmentLevel, Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Department
from infocenter.core.selectors import holders
from infocenter.core.texts import Text
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..choices import Category
from ..models import ServiceForm
from .filer import tell_filer
from .policy import K_DISPATCH

REFERRAL_LEVELS = (DepartmentLevel.BRANCH, DepartmentLevel.COMPANY)


def referral_departments(form: ServiceForm):
    """The branch and company departments a form of this site may be referred to."""
    return Department.objects.filter(
        site__branch=form.site.branch_id, level__in=REFERRAL_LEVELS
    ).select_related("site")


def refer_form(actor, form: ServiceForm, *, version: int, department: Department) -> ServiceForm:
    """SD-11: the processor refers internal-management feedback to a branch or company
    department of the site's branch; its people are told. Referring is the form's first
    handling: the 24-hour clock is met."""
    step = workflows.FORM_STEPS["refer"]
    require(actor, form, step)
    if form.category != Category.INTERNAL:
        raise ValidationFailed(
            field_errors={
                "department": [
                    _(
                        "Only internal-management feedback is referred to a branch or company "
                        "department; dispatch a work order instead."
                    )
                ]
            },
            rule="SD-11",
        )
    if not referral_departments(form).filter(pk=department.pk).exists():
        raise ValidationFailed(
            field_errors={
                "department": [_("Choose a branch or company department of this branch.")]
            },
            rule="SD-11",
        )
    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.referred",
        values=lambda row, now: {
            "referred_to": department,
            "referred_at": now,
            "referred_by": actor,
        },
        data={"department": department.name},
        then=lambda row, now, before: (
            deadlines.complete(row, K_DISPATCH, at=now),
            outbox.tell(
                holders(
                    department.site_id, Role.DEPT_HEAD, Role.DEPT_STAFF, department_id=department.pk
                ),
                row,
                Text(
                    N_("Internal feedback %(serial)s referred to %(department)s"),
                    {"serial": row.serial, "department": department.name},
                ),
                row.content,
            ),
        ),
    )


def reply_to_filer(actor, form: ServiceForm, *, version: int, reply: str) -> ServiceForm:
    """SD-11: the department the form is referred to replies to the filer directly; the reply
    is recorded and the filer told. One reply; then the form is returned."""
    step = workflows.FORM_STEPS["reply"]

    def check(who, row):
        require(who, row, step)
        if row.replied_at is not None:
            raise Conflict(
                _("%(serial)s has been replied to already: return it to the control room.")
                % {"serial": row.serial},
                rule="SD-11",
            )

    check(actor, form)  # who may reply is said before what the reply lacks
    if not reply.strip():
        raise ValidationFailed(
            field_errors={"reply": [_("Write the reply to the filer.")]}, rule="SD-11"
        )
    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.replied",
        check=check,
        values=lambda row, now: {"reply": reply.strip(), "replied_at": now, "replied_by": actor},
        data=lambda row, before: {"reply": row.reply},
        then=lambda row, now, before: tell_filer(
            row,
            Text(
                N_("Reply to your form %(serial)s from %(department)s"),
                {"serial": row.serial, "department": row.referred_to.name},
            ),
            row.reply,
        ),
    )


def hand_back_form(actor, form: ServiceForm, *, version: int) -> ServiceForm:
    """SD-11: after replying, the department returns the form to the control room, where it is
    reviewed and archived; the reply becomes its handling and result. The processors are told."""
    step = workflows.FORM_STEPS["hand_back"]

    def check(who, row):
        require(who, row, step)
        if row.replied_at is None:
            raise ValidationFailed(
                field_errors={"reply": [_("Reply to the filer before returning the form.")]},
                rule="SD-11",
            )

    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.handed_back",
        check=check,
        values=lambda row, now: {
            "resolution": row.resolution or row.reply,
            "resolved_at": now,
            "resolved_by": actor,
        },
        then=lambda row, now, before: outbox.tell(
            holders(row.site_id, Role.PROCESSOR),
            row,
            Text(
                N_("%(serial)s returned by %(department)s for review and archiving"),
                {"serial": row.serial, "department": row.referred_to.name},
            ),
        ),
    )
