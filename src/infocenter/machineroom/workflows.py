"""The states and allowed steps of an access request (MR-2), declared once; the engine is the
service desk's (``require`` refuses with the rule, ``available`` feeds the buttons)."""

from django.utils.translation import gettext_lazy

from infocenter.servicedesk.workflows import Step, available, require  # noqa: F401  (re-exported)

from .choices import RequestState as RS

REQUEST_STEPS = {s.name: s for s in [
    Step("approve", gettext_lazy("Approve"), frozenset({RS.REQUESTED}), RS.APPROVED, "mr.approve", "MR-2"),
    Step("refuse", gettext_lazy("Refuse"), frozenset({RS.REQUESTED}), RS.REFUSED, "mr.approve", "MR-2",
         "outline-danger"),
    Step("release", gettext_lazy("Clean-up checked: release for today"), frozenset({RS.APPROVED}), RS.APPROVED,
         "mr.desk", "MR-2", "outline-success"),
    Step("close", gettext_lazy("Close: work finished"), frozenset({RS.APPROVED}), RS.CLOSED, "mr.desk", "MR-2",
         "outline-primary"),
    Step("cancel", gettext_lazy("Cancel"), frozenset({RS.REQUESTED, RS.APPROVED}), RS.CANCELLED,
         ("mr.desk", "mr.request"), "MR-2", "outline-secondary"),
]}

# -- data-access requests (MR-11) ---------------------------------------------------------------

from .choices import DataRequestState as DS  # noqa: E402

DATA_STEPS = {s.name: s for s in [
    Step("approve", gettext_lazy("Approve"), frozenset({DS.REQUESTED}), DS.APPROVED, "mr.approve", "MR-11"),
    Step("refuse", gettext_lazy("Refuse"), frozenset({DS.REQUESTED}), DS.REFUSED, "mr.approve", "MR-11",
         "outline-danger"),
    Step("fulfil", gettext_lazy("Record what was provided"), frozenset({DS.APPROVED}), DS.FULFILLED, "mr.desk",
         "MR-11", "success"),
    Step("cancel", gettext_lazy("Cancel"), frozenset({DS.REQUESTED, DS.APPROVED}), DS.CANCELLED,
         ("mr.desk", "mr.request"), "MR-11", "outline-secondary"),
]}
