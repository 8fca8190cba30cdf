"""The shape every ``infocenter import_…`` command shares: an .xlsx file imported into one site
for one user, all or nothing, with a progress bar; every bad row is printed with its column and an
interrupted import leaves nothing behind (the service runs in one transaction)."""

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from infocenter.core.exceptions import ApplicationError
from infocenter.core.models import Site, User


class ExcelImportCommand(BaseCommand):
    """Subclasses say what a row is (``unit``, ``done``), how the file is read (``read``), how the
    rows are imported (``run``) and, optionally, each field's column header (``headers``)."""

    unit = "row"
    done = "%(count)s rows imported into %(site)s."
    actor_help = "the user the import is recorded for"

    def read(self, file: File) -> list:
        raise NotImplementedError

    def run(self, actor, site: Site, rows: list, progress) -> list:
        raise NotImplementedError

    def headers(self) -> dict:
        return {}

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file whose first row holds the column names")
        parser.add_argument("--site", required=True, help="site code, e.g. jahy")
        parser.add_argument("--as", dest="username", required=True, help=self.actor_help)

    def handle(self, *args, file, site, username, **options):

        site_row = Site.objects.filter(code=site).first()
        actor = User.objects.filter(username=username, is_active=True).first()
        if site_row is None or actor is None:
            raise CommandError(
                f"no site {site!r}" if site_row is None else f"no active user {username!r}"
            )
        try:
            with open(file, "rb") as handle:
                rows = self.read(File(handle, name=file))
            with tqdm(total=len(rows), unit=self.unit, desc="import") as bar:
                created = self.run(actor, site_row, rows, lambda n, total: bar.update(1))
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file") from exc
        except ApplicationError as exc:
            self._explain(exc)
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.done % {"count": len(created), "site": site_row.name})

    def _explain(self, exc) -> None:
        headers = self.headers()
        for problem in exc.field_errors.get("rows", []):
            for field, messages in problem["errors"].items():
                self.stderr.write(
                    f"row {problem['row']}, {headers.get(field, field)}: "
                    f"{'; '.join(str(m) for m in messages)}"
                )
        for message in exc.field_errors.get("file", []):
            self.stderr.write(str(message))
