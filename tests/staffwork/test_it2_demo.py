"""IT-2 demo: 江岸花园's registry of forty endpoints with months of weekly snapshots, and the
backend export imported with its three differences open as 郑浩's tasks; the export file left
under var/demo/ imports again to the same open differences."""

import datetime as dt

from django.utils import timezone

from infocenter import cli
from infocenter.core import recurring, worker
from infocenter.core.models import Deadline
from infocenter.staffwork.demo import endpoints as demo
from infocenter.staffwork.models import Difference, Endpoint, EndpointSnapshot


def test_it2_demo_registry_history_and_three_open_differences(db, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    assert cli.main(["demo"]) == 0
    assert Endpoint.objects.filter(site__code="jahy").count() == 40
    days = EndpointSnapshot.objects.filter(site__code="jahy", department=None)
    assert days.count() >= 12
    rates = [s.registered / s.total for s in days.order_by("day")]
    assert rates == sorted(rates) and rates[0] < rates[-1] < 1
    open_ = Difference.objects.filter(state="open")
    assert sorted(open_.values_list("problem", flat=True)) == ["missing", "name", "unknown"]
    assert set(open_.values_list("owner__username", flat=True)) == {"zhenghao"}
    assert demo.export_path().exists()
    # the worker's daily job is scheduled for every site and writes the day's snapshot
    recurring.ensure_all()
    job = Deadline.objects.get(kind="sw.endpoint_snapshot", site__code="jahy", state="scheduled")
    worker.run_once(at=job.due_at + dt.timedelta(minutes=1), echo=lambda _: None)
    assert days.filter(day=timezone.localdate(job.due_at)).get().total == 40
    assert Deadline.objects.filter(kind="sw.endpoint_snapshot", site__code="jahy").count() == 2
