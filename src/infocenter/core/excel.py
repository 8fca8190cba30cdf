"""Excel in and out (X-5; LOG-4 and MR-13 imports). Writing streams rows with openpyxl's
write-only mode, so any range fits in memory; reading maps a header row to field names and
hands every row back with its sheet row number, for row-by-row error reports."""

import csv
import io
import itertools
import re
from collections.abc import Iterable
from operator import attrgetter

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import limits
from .exceptions import ValidationFailed

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
CHUNK = 2000


def workbook(*, title: str, header: list[str], rows: Iterable[list]) -> bytes:
    """One sheet: a bold header, then ``rows``; the .xlsx file's bytes. Control characters
    already stored in a record are dropped from its cells (Excel cannot hold them)."""
    return workbook_of_sheets([(title, itertools.chain([Bold(header)], rows))])


class Bold(list):
    """A row of ``workbook_of_sheets`` set in bold (a heading)."""


def workbook_of_sheets(sheets: Iterable[tuple[str, Iterable[list]]]) -> bytes:
    """Several sheets, each ``(title, rows)``, a ``Bold`` row in bold; the .xlsx file's bytes.
    Titles are cut to Excel's 31 characters without the characters it refuses, and kept
    apart when two would be the same."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title, used))
        for row in rows:
            if isinstance(row, Bold):
                sheet.append([_bold(sheet, v) for v in row])
            else:
                sheet.append([cell_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=cell_value(value))
    cell.font = Font(bold=True)
    return cell


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\\/*?:\[\]]", " ", str(title)).strip()[:31] or "-"
    found, n = base, 1
    while found.lower() in used:
        n += 1
        found = f"{base[: 31 - len(str(n)) - 1]} {n}"
    used.add(found.lower())
    return found


def register(rows, *, title: str, columns, order=None) -> bytes:
    """A register's sheet (``workbook``): ``columns`` pairs each header with what fills its
    cell, a record's attribute (``"job.name"``) or a function of the record; ``rows`` are read
    in chunks, ordered by ``order`` and then ``id`` where it is given."""
    if order is not None:
        rows = rows.order_by(order, "id")
    cells = [attrgetter(c) if isinstance(c, str) else c for _h, c in columns]
    return workbook(
        title=title,
        header=[h for h, _c in columns],
        rows=([cell(r) for cell in cells] for r in rows.iterator(chunk_size=CHUNK)),
    )


def cell_value(value):
    """``value`` as a cell can hold it: text without control characters."""
    return limits.strip_controls(value) if isinstance(value, str) else value


def read_rows(upload, columns: dict[str, set[str]]) -> list[dict]:
    """The rows of the first sheet of an .xlsx ``upload`` as ``{field: text, "row": n}``.
    ``columns`` maps each field to the header texts accepted for it (one per language of the
    interface); a missing column, an unreadable file or too many rows is refused as a whole."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            field_errors={"file": [_("The file is larger than 5 MB.")]}, rule="X-10"
        )
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationFailed(
            field_errors={"file": [_("This is not a readable Excel (.xlsx) file.")]}
        ) from exc
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(lines, ())]
    where = {
        field: next((header.index(h) for h in names if h in header), None)
        for field, names in columns.items()
    }
    missing = [min(columns[f], key=len) for f, i in where.items() if i is None]
    if missing:
        raise ValidationFailed(
            field_errors={
                "file": [
                    _("Columns missing from the first row: %(columns)s")
                    % {"columns": "、".join(missing)}
                ]
            }
        )
    rows = []
    for number, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ValidationFailed(
                field_errors={
                    "file": [
                        _("At most %(n)s rows can be imported at once.") % {"n": MAX_IMPORT_ROWS}
                    ]
                }
            )
        rows.append(
            {
                "row": number,
                **{f: _text(values[i]) if i < len(values) else "" for f, i in where.items()},
            }
        )
    book.close()
    return rows


def read_table(upload) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header row and the rows (with their row numbers, blank rows left out) of an .xlsx
    or .csv ``upload`` (UTF-8 or GBK, as Chinese admin tools export), every cell as text; for
    imports whose columns are chosen by the user from the header. Refused as a whole like
    ``read_rows``: too large, unreadable or too many rows."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            field_errors={"file": [_("The file is larger than 5 MB.")]}, rule="X-10"
        )
    if (getattr(upload, "name", "") or "").lower().endswith(".csv"):
        lines = _csv_lines(upload.read())
    else:
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationFailed(
                field_errors={"file": [_("This is not a readable Excel (.xlsx) file.")]}
            ) from exc
        lines = book.worksheets[0].iter_rows(values_only=True)
    header = [_text(v) for v in next(lines, ())]
    rows = []
    for number, values in enumerate(lines, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ValidationFailed(
                field_errors={
                    "file": [
                        _("At most %(n)s rows can be imported at once.") % {"n": MAX_IMPORT_ROWS}
                    ]
                }
            )
        rows.append((number, cells))
    return header, rows


def _csv_lines(raw: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed(field_errors={"file": [_("This is not a readable CSV file.")]})
    return iter(list(csv.reader(io.StringIO(text))))


def headers_in_every_language(columns) -> dict[str, set[str]]:
    """``columns()`` (header text → field, in the active language) under every language of
    the interface, turned round: field → the header texts accepted for it."""

    accepted: dict[str, set[str]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for text, field in columns().items():
                accepted.setdefault(field, set()).add(str(text))
    return accepted


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return limits.strip_controls(str(value)).strip()


def at_text(value) -> str:
    """A moment as local "YYYY-MM-DD HH:MM" for a cell (empty when there is none)."""

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
