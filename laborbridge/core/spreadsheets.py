"""Read the spreadsheets users bring (.xlsx, .xls, .ods, .csv in UTF-8 or GBK) and write .xlsx safely.

Every failure to read is a SpreadsheetError with a Chinese message a user can act on.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import python_calamine
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also encrypted (password-protected) .xlsx
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list]  # row 0 is the sheet's first row, so Excel row number = index + 1


def sniff(head: bytes) -> str:
    """Tell the file's kind from its first bytes, not from its name: xlsx, ods, xls, csv."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(_("无法识别的文件类型：请上传 .xlsx、.xls、.ods 或 .csv 文件"))
    return "csv"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("文件已损坏，无法打开；请在Excel中另存为 .xlsx 后重新上传")) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    raise SpreadsheetError(_("这是一个压缩文件，不是电子表格；请上传 .xlsx、.xls、.ods 或 .csv 文件"))


def _ole_is_encrypted(path: Path) -> bool:
    """An OLE file holding an 'EncryptedPackage' stream is a password-protected .xlsx."""
    with open(path, "rb") as handle:
        data = handle.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def decode_text(raw: bytes) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("无法识别CSV文件的文字编码；请另存为“CSV UTF-8”后重新上传")) from None


def _read_csv(path: Path) -> list[Sheet]:
    text = decode_text(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error:
        raise SpreadsheetError(_("CSV文件格式有误，无法读取；请在Excel中另存为 .xlsx 后重新上传")) from None
    return [Sheet(name=path.stem, rows=rows)]


def read_workbook(path: str | Path) -> list[Sheet]:
    """All sheets of the file, as lists of cell values (str, float, int, bool, date, datetime)."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if not head:
        raise SpreadsheetError(_("文件是空的"))
    kind = sniff(head)
    if kind == "csv":
        return _read_csv(path)
    if kind == "zip":
        _zip_kind(path)
    elif _ole_is_encrypted(path):
        raise SpreadsheetError(_("文件设置了密码保护，无法读取；请在Excel中取消密码后重新上传"))
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(Sheet(name=name, rows=[list(row) for row in rows]))
        workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # calamine raises several kinds for broken or unsupported files
        raise SpreadsheetError(
            _("文件已损坏或格式不受支持，无法读取；请在Excel中另存为 .xlsx 后重新上传")
        ) from None
    return sheets


def escape_cell(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def attachment(filename: str) -> str:
    """A Content-Disposition header for a download with a Chinese file name (RFC 5987)."""
    return f"attachment; filename*=UTF-8''{quote(filename)}"
