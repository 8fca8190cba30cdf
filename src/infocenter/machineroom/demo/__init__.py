"""Machine-room demo data at 江岸花园, a module per area, loaded in one place (``load``) after the
three months of the past (``machineroom.demo_history``), whose rooms, schedules and backup jobs
it goes on with (it makes them when there was no past): the rooms, the duty history first
(yesterday's closing came before today's visitors), then access, keys and credentials, backups,
changes, inspections and the equipment ledger."""

from infocenter.core.models import Site, User

from . import access, backups, changes, duty, equipment, inspections, security


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    head, maintainer, it, zhangwei = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "zhangwei")
    )
    root = User.objects.filter(is_superuser=True).order_by("pk").first()
    room = access.rooms(root, site)  # made on the first day of the history, if it ran
    duty.load(echo=echo)  # duty history first: yesterday's closing came before today's visitors
    access.load(room, head, maintainer, it, zhangwei)
    security.load(site, head, maintainer, it, zhangwei)
    echo(
        "machine room: 2 rooms, 3 access requests, 3 people inside, 2 items, 1 refusal, "
        "3 keys, 4 registered accounts, 1 security report"
    )
    backups.load(site, head, maintainer, it, echo=echo)
    changes.load(echo=echo)
    inspections.load(site=site, room=room, head=head, maintainer=maintainer, echo=echo)
    equipment.load(echo=echo)
