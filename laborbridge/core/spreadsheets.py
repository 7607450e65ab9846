"""Read the spreadsheets users bring (.xlsx, .xls, .ods, .csv in UTF-8 or GBK) and write .xlsx safely.

Every failure to read is a SpreadsheetError with a Chinese message a user can act on.
"""

import json
import logging
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from laborbridge.core import sheet_reader

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
log = logging.getLogger(__name__)
READER = Path(sheet_reader.__file__)
# Only these classes may appear in what the child sends back: a subverted child cannot run code here.
SAFE_CLASSES = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
}


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list]  # row 0 is the sheet's first row, so Excel row number = index + 1


def _message(code: str, info: dict) -> str:
    limits = settings.SPREADSHEET_LIMITS
    resave = _("请在Excel中另存为 .xlsx 后重新上传")
    if code == "too_large_sheet":
        return _(
            "工作表“%(sheet)s”的数据范围过大（%(rows)d 行 × %(columns)d 列），超过了可以读取的上限"
            "（%(max_rows)d 行、%(max_columns)d 列）；请删除多余的行列或拆分文件后重新上传"
        ) % {**info, "max_rows": limits["max_rows"], "max_columns": limits["max_columns"]}
    messages = {
        "unknown_type": _("无法识别的文件类型：请上传 .xlsx、.xls、.ods 或 .csv 文件"),
        "empty": _("文件是空的"),
        "broken": _("文件已损坏或格式不受支持，无法读取；") + resave,
        "not_a_spreadsheet": _("这是一个压缩文件，不是电子表格；请上传 .xlsx、.xls、.ods 或 .csv 文件"),
        "encrypted": _("文件设置了密码保护，无法读取；请在Excel中取消密码后重新上传"),
        "csv_encoding": _("无法识别CSV文件的文字编码；请另存为“CSV UTF-8”后重新上传"),
        "csv_broken": _("CSV文件格式有误，无法读取；") + resave,
        "too_many_entries": _("文件内部结构异常（包含的部件过多），不像是正常的电子表格，已拒绝读取"),
        "too_large_unzipped": _("文件解压后超过 %(mb)d MB，已拒绝读取；请拆分文件后重新上传")
        % {"mb": limits["max_total_bytes"] // 2**20},
        "zip_bomb": _("文件的压缩比异常（疑似“压缩炸弹”），已拒绝读取；") + resave,
        "memory": _("读取文件所需的内存超出上限，已停止读取；请删除多余的行列或拆分文件后重新上传"),
        "timeout": _("读取文件超时，已停止读取；请拆分文件后重新上传"),
    }
    return messages.get(code, messages["broken"])


class _ChildUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in SAFE_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def sniff(head: bytes) -> str:
    """Tell the file's kind from its first bytes, not from its name: zip, ole or csv."""
    try:
        return sheet_reader.sniff(head)
    except sheet_reader.Refused as exc:
        raise SpreadsheetError(_message(exc.code, exc.info)) from None


def read_workbook(path: str | Path) -> list[Sheet]:
    """All sheets of the file, as lists of cell values (str, float, int, bool, date, datetime).

    The file is read by a child process with capped memory and time, so that a hostile file can only
    earn its uploader a message: the caller's process (a web server, a task worker) never runs the parser.
    """
    sheets, ending = _in_child(path)
    if ending == ("done",):
        return sheets
    if ending[0] == "memory":
        # A sheet whose cells lie far apart (A1 and XFD1048576) kills the reader; say which, if we can.
        _, ending = _in_child(path, "extents")
        if ending[0] != "error" or ending[1] != "too_large_sheet":
            ending = ("error", "memory", {})
    raise SpreadsheetError(_message(str(ending[1]), dict(ending[2])))


def _in_child(path, *mode) -> tuple[list[Sheet], tuple]:
    """Run the reader on the file; return the sheets and its last frame ("done",) or ("error", code, info)."""
    limits = settings.SPREADSHEET_LIMITS
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-I", str(READER), str(path), json.dumps(limits), *mode],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        expired = threading.Event()
        timer = threading.Timer(limits["seconds"], lambda: (expired.set(), process.kill()))
        timer.start()
        try:
            sheets, ending = _receive(process.stdout)
        finally:
            timer.cancel()
            process.kill()  # a no-op when it has ended; never leave one reading
            process.stdout.close()
            returncode = process.wait()
        if ending is not None:
            return sheets, ending
        if expired.is_set() or returncode == -signal.SIGXCPU:
            return sheets, ("error", "timeout", {})
        stderr.seek(0)
        log.warning(
            "spreadsheet reader ended with %s: %s", returncode, stderr.read(4000).decode(errors="replace")
        )
    # Killed by a signal: the address-space cap (calamine aborts when an allocation fails).
    return sheets, ("memory",) if returncode < 0 else ("error", "broken", {})


def _receive(stream) -> tuple[list[Sheet], tuple | None]:
    """The sheets the child sent, and its last frame (None when it died before saying it was done)."""
    sheets: list[Sheet] = []
    while True:
        try:
            frame = _ChildUnpickler(stream).load()  # one pickle a frame: each has its own memo
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError):
            return sheets, None  # the child died mid-way, or sent something it should not
        if frame[0] == "rows":
            sheets[-1].rows.extend(frame[1])
        elif frame[0] == "sheet":
            sheets.append(Sheet(name=str(frame[1]), rows=[]))
        else:
            return sheets, frame


def escape_cell(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def attachment(filename: str) -> str:
    """A Content-Disposition header for a download with a Chinese file name (RFC 5987)."""
    return f"attachment; filename*=UTF-8''{quote(filename)}"
