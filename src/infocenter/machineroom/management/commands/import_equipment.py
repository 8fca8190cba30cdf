"""``infocenter import_equipment --site jahy --as wulei ledger.xlsx``: the equipment ledger from a
spreadsheet (MR-13), all or nothing, with a progress bar; every bad row is printed with its
column. An interrupted import leaves nothing behind (one transaction)."""

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from infocenter.core.exceptions import ApplicationError
from infocenter.core.models import Site, User
from infocenter.machineroom import equipment, equipment_excel


class Command(BaseCommand):
    help = "Import ledger lines from an Excel file into a site's equipment ledger (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file whose first row holds the column names")
        parser.add_argument("--site", required=True, help="site code, e.g. jahy")
        parser.add_argument("--as", dest="username", required=True,
                            help="the user the import is recorded for (information-center staff of the site)")

    def handle(self, *args, file, site, username, **options):
        from tqdm import tqdm

        site_row = Site.objects.filter(code=site).first()
        actor = User.objects.filter(username=username, is_active=True).first()
        if site_row is None or actor is None:
            raise CommandError(f"no site {site!r}" if site_row is None else f"no active user {username!r}")
        try:
            with open(file, "rb") as handle:
                rows = equipment_excel.read_ledger(File(handle, name=file))
            with tqdm(total=len(rows), unit="line", desc="import") as bar:
                created = equipment.import_equipment(actor, site=site_row, rows=rows,
                                                     progress=lambda n, total: bar.update(1))
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file") from exc
        except ApplicationError as exc:
            self._explain(exc)
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{len(created)} ledger lines imported into {site_row.name}.")

    def _explain(self, exc) -> None:
        headers = {field: header for header, field in equipment_excel.columns().items()}
        for problem in exc.field_errors.get("rows", []):
            for field, messages in problem["errors"].items():
                self.stderr.write(f"row {problem['row']}, {headers.get(field, field)}: "
                                  f"{'; '.join(str(m) for m in messages)}")
        for message in exc.field_errors.get("file", []):
            self.stderr.write(str(message))
