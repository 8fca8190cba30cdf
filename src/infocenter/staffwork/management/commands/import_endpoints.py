"""``infocenter import_endpoints --site jahy --as zhenghao --kind backend export.xlsx
[--dry-run]``: the security system backend's export (or the upstream unit's list, ``--kind
upstream``), .xlsx or .csv, read by the site's remembered columns and reconciled with the
endpoint registry (IT-2), all or nothing, with a progress bar; every bad row is printed with its
column. ``--dry-run`` previews. An interrupted import leaves nothing behind (one transaction)."""

from django.core.management.base import CommandError

from infocenter.core.excel import read_table
from infocenter.core.management.excel_import import ExcelImportCommand
from infocenter.staffwork.forms.endpoints import FIELD_LABELS
from infocenter.staffwork.models.endpoints import ListKind
from infocenter.staffwork.services import endpoint_lists as lists


class Command(ExcelImportCommand):
    help = "Reconcile a site's endpoint registry with the backend's or the upstream list."
    unit = "row"
    actor_help = "the user the import is recorded for (keeps the site's endpoint registry)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", choices=ListKind.values, default=ListKind.BACKEND)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and preview; write nothing"
        )

    def handle(self, *args, kind, dry_run=False, **options):
        self.kind, self.dry_run, self.name = kind, dry_run, options["file"]
        self.done = (
            "%(count)s rows checked against %(site)s; nothing was written (dry run)."
            if dry_run
            else "%(count)s rows reconciled with the registry of %(site)s."
        )
        return super().handle(*args, **options)

    def headers(self):
        return {field: str(label) for field, label in FIELD_LABELS.items()}

    def read(self, file):
        self.header, lines = read_table(file)
        return lines

    def run(self, actor, site, rows, progress):
        columns = lists.mapping_of(site, self.kind)
        if not columns:
            raise CommandError(
                f"the columns of the {self.kind} list of {site.code} have not been chosen yet: "
                "choose them once on the import page"
            )
        summary = lists.import_list(
            actor,
            site=site,
            kind=self.kind,
            rows=lists.rows_by_mapping(self.header, rows, columns),
            file_name=self.name,
            dry_run=self.dry_run,
            progress=progress,
        )
        self.stdout.write(
            "matched {matched}, missing from their list {missing}, unknown to us {unknown}, "
            "name mismatches {name}; differences new {new}, still open {kept}, "
            "closed {closing}".format(**summary)
        )
        return [None] * summary["rows"]
