"""``infocenter import_equipment --site jahy --as wulei ledger.xlsx``: the equipment ledger from a
spreadsheet (MR-13), all or nothing, with a progress bar; every bad row is printed with its
column. An interrupted import leaves nothing behind (one transaction)."""

from infocenter.core.management.excel_import import ExcelImportCommand
from infocenter.machineroom.exports import equipment as equipment_excel
from infocenter.machineroom.services import equipment


class Command(ExcelImportCommand):
    help = "Import ledger lines from an Excel file into a site's equipment ledger (all or nothing)."
    unit = "line"
    done = "%(count)s ledger lines imported into %(site)s."
    actor_help = "the user the import is recorded for (information-center staff of the site)"

    def read(self, file):
        return equipment_excel.read_ledger(file)

    def run(self, actor, site, rows, progress):
        return equipment.import_equipment(actor, site=site, rows=rows, progress=progress)

    def headers(self) -> dict:
        return {field: header for header, field in equipment_excel.columns().items()}
