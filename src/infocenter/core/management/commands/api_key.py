"""Issue or revoke a person's API key: ``infocenter api_key <username> [--revoke]``. The
command line acts as the system; both are audited."""

from django.core.management.base import BaseCommand, CommandError

from infocenter.core import services
from infocenter.core.models import User


class Command(BaseCommand):
    help = (
        "Issue a new API key for a person (printed once; the old one stops working), or revoke it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="remove the person's key")

    def handle(self, *args, username, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no such user: {username}")
        if revoke:
            revoked = services.revoke_api_key(None, person=user)
            self.stdout.write("revoked" if revoked else "no key to revoke")
            return
        self.stdout.write(services.issue_api_key(None, person=user))
