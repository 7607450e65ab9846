"""Write ledgers the way townships send them: .xlsx with a merged title, .xls, .ods, and CSV in UTF-8 or GBK."""

import csv
import datetime
from pathlib import Path

import xlsxwriter

from laborbridge.core import idnumber


def make_id(birth: str = "19900517", order: int = 123, code: str = "451324") -> str:
    body = f"{code}{birth}{order:03d}"
    return body + idnumber.check_digit(body)


def write_xlsx(
    path: Path,
    header: list,
    rows: list[list],
    *,
    title: str | None = "金秀县农村劳动力务工就业台账",
    extra_sheet: bool = False,
) -> Path:
    """Cells keep their Python types: str stays text, float/int become numbers, dates become Excel dates."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("台账")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, len(header) - 1, title)
        top = 1
    sheet.write_row(top, 0, header)
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    if extra_sheet:
        book.add_worksheet("说明").write(0, 0, "填表说明：身份证号请用文本格式")
    book.close()
    return path


def write_csv(path: Path, header: list, rows: list[list], *, encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path


def write_xls(path: Path, header: list, rows: list[list]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    for c, value in enumerate(header):
        sheet.write(0, c, value)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, header: list, rows: list[list]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="台账")
    for row in [header, *rows]:
        tr = TableRow()
        for value in row:
            if isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path
