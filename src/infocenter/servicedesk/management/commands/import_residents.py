"""``infocenter import_residents --site jahy --as wangfang residents.xlsx [--check]``: the
residents register (业户, LOG-4) from a spreadsheet, all or nothing, with a progress bar; every
bad row is printed with its column. ``--check`` previews without importing. An interrupted
import leaves nothing behind (one transaction)."""

from infocenter.core.management.excel_import import ExcelImportCommand
from infocenter.servicedesk import exports, services


class Command(ExcelImportCommand):
    help = "Import residents from an Excel file into a site's register (all or nothing)."
    unit = "resident"
    actor_help = "the user the import is recorded for (needs the residents role at the site)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--check", action="store_true", help="check the file and preview; import nothing"
        )

    def handle(self, *args, check=False, **options):
        self.check_only = check
        self.done = (
            "%(count)s new residents would be imported into %(site)s; nothing was imported."
            if check
            else "%(count)s residents imported into %(site)s."
        )
        return super().handle(*args, **options)

    def headers(self):
        return {field: str(text) for text, field in exports.resident_columns().items()}

    def read(self, file):
        return exports.read_residents(file)

    def run(self, actor, site, rows, progress):
        checked = services.import_residents(
            actor, site=site, rows=rows, dry_run=self.check_only, progress=progress
        )
        if checked["present"]:
            self.stdout.write(
                f"{checked['present']} rows already in the register, left as they are."
            )
        return checked["new"]
