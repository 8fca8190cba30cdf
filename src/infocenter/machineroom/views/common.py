"""What every machine-room page shares: a refused POST's page at its site and status, the site's
people read once per page, the one-step-per-row POST of register pages and the message of a
request sent to the head."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import attempt, done

from ..forms.common import PeopleForm


def at_site(request, site_id):
    """The request, reading the page of ``site_id`` (a refused POST shows its page again)."""
    request.GET = request.GET.copy()
    request.GET["site"] = str(site_id)
    return request


def refusal_status(form) -> int:
    """The status of a page showing refused ``form``: its refusal's (403, 409 …), else 400."""
    return getattr(form, "refusal_status", 400)


def form_status(form) -> int:
    """The status of a page showing ``form``: its refusal's status when it has errors, else 200."""
    return refusal_status(form) if form is not None and form.errors else 200


def lines_status(request, form) -> int:
    """The status of a page with a form and its lines: the form's refusal when it has errors,
    400 for a POST not saved because of its lines, else 200."""
    return form_status(form) if form.errors else (400 if request.method == "POST" else 200)


def button_post(request, form, call, message: str, then: str):
    """POST of a button on a row (a form carrying the record's version): ``call`` when the form
    is valid, ``message`` once done, a refusal said as an error message; back to ``then`` either
    way."""
    if form.is_valid() and attempt(request, None, call):
        messages.success(request, message)
    return redirect(then)


def sent_to_the_head(request, record) -> None:
    """Says that ``record``, a request just made, waits for the information-center head."""
    messages.success(
        request,
        _("%(serial)s sent to the information-center head for approval.")
        % {"serial": record.serial},
    )


def may(request, action, site) -> bool:
    """Whether the user may take ``action`` at ``site`` (to offer its form on the page)."""
    return permissions.can(request.user, action, site_id=site.pk)


def site_people(request, site):
    return list(core_selectors.people_for(request.user, site=site))


def step_form(cls, data=None, *, people, **kwargs):
    """A row's step form; those choosing people get the page's list (read once)."""
    if issubclass(cls, PeopleForm):
        kwargs["people"] = people
    return cls(data, **kwargs)


def row_forms(record, steps: dict, names, bound, *, people, prefix: str) -> list[tuple]:
    """(step, label, form) of each step ``names`` offered on ``record``'s row of a register page
    (keys, credentials): the form posted and refused (in ``bound``), else a fresh one."""
    return [
        (
            name,
            steps[name][2],
            (bound or {}).get((record.pk, name))
            or step_form(
                steps[name][0],
                people=people,
                initial={"version": record.version},
                auto_id=f"{prefix}{record.pk}{name}_%s",
            ),
        )
        for name in names
    ]


def row_step(request, record, step, steps, page, url_name, prefix):
    """POST of one step on one row of a register page (keys, credentials): done → back to the
    page; refused → the page again with that row's form and its errors."""
    if step not in steps:
        raise Http404()
    cls, service, label = steps[step]
    form = step_form(
        cls,
        request.POST,
        people=site_people(request, record.site),
        auto_id=f"{prefix}{record.pk}{step}_%s",
    )
    if form.is_valid() and attempt(
        request, form, lambda: service(request.user, record, **form.cleaned_data)
    ):
        done(request, label)
        return redirect(f"{reverse(f'machineroom:{url_name}')}?site={record.site_id}")
    return page(
        at_site(request, record.site_id),
        {(record.pk, step): form},
        status=refusal_status(form),
    )
