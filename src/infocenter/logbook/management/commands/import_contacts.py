"""``infocenter import_contacts --site jahy --as wangfang contacts.xlsx``: the contact directory
from a spreadsheet (LOG-4), all or nothing, with a progress bar; every bad row is printed."""

from infocenter.core.management.excel_import import ExcelImportCommand
from infocenter.logbook import exports, services


class Command(ExcelImportCommand):
    help = "Import contacts from an Excel file into a site's directory (all or nothing)."
    unit = "contact"
    done = "%(count)s contacts imported into %(site)s."
    actor_help = "the user the import is recorded for (needs the directory role at the site)"

    def read(self, file):
        return exports.read_contacts(file)

    def run(self, actor, site, rows, progress):
        return services.import_contacts(actor, site=site, rows=rows, progress=progress)
