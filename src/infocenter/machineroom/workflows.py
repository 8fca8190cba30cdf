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

# -- loans of equipment (MR-13): nothing leaves without the head's approval ----------------------

from .choices import LoanState as LS  # noqa: E402

LOAN_STEPS = {s.name: s for s in [
    Step("approve", gettext_lazy("Approve"), frozenset({LS.REQUESTED}), LS.APPROVED, "mr.approve", "MR-13"),
    Step("refuse", gettext_lazy("Refuse"), frozenset({LS.REQUESTED}), LS.REFUSED, "mr.approve", "MR-13",
         "outline-danger"),
    Step("hand_out", gettext_lazy("Hand out"), frozenset({LS.APPROVED}), LS.ON_LOAN, "mr.ledger", "MR-13",
         "success"),
    Step("return", gettext_lazy("Record the return"), frozenset({LS.ON_LOAN}), LS.RETURNED, "mr.ledger", "MR-13"),
    Step("cancel", gettext_lazy("Cancel"), frozenset({LS.REQUESTED, LS.APPROVED}), LS.CANCELLED, "mr.ledger",
         "MR-13", "outline-secondary"),
]}
