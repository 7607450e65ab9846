"""Read one spreadsheet in a child process with capped memory and CPU, and stream its rows back.

Run by `laborbridge.core.spreadsheets.read_workbook` as `python -I sheet_reader.py PATH LIMITS`. It imports
neither Django nor the project: a hostile file can at worst kill this process, never the web server or
the task worker. It writes pickled frames to stdout:

    ("sheet", name)        a sheet begins
    ("rows", [[...], ...]) the next rows of that sheet, as plain lists of cell values
    ("error", code, info)  the file is refused; the parent turns `code` into a Chinese message
    ("done",)              every sheet was sent

Run with a third argument `extents`, it only scans an .xlsx for its sheets' farthest cells: the parent
asks for that after a reader was killed, to tell the user which sheet was too large and by how much.

Before any cell is read, the archive (.xlsx, .ods are zip files) is checked: entry count, each entry's
uncompressed size, the total, and the compression ratio; for .xlsx also each sheet's declared
`<dimension ref=...>`. After calamine has loaded a sheet its actual extent is checked again, because a
file need not declare its dimension truthfully; the memory cap stops a sheet too large to load at all.
"""

import csv
import html
import io
import json
import pickle
import re
import resource
import sys
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also encrypted (password-protected) .xlsx
CHUNK_ROWS = 5000
SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
CELL_REFERENCE = re.compile(rb"\sr=[\"']([A-Z]{1,3})(\d{1,7})[\"']")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=[\"']([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?[\"']")


class Refused(Exception):
    """The file is refused; `code` names the reason and `info` carries the numbers for the message."""

    def __init__(self, code: str, **info):
        super().__init__(code)
        self.code, self.info = code, info


def column_number(letters: str) -> int:
    """A1-style column letters to a 1-based number: A → 1, XFD → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def sniff(head: bytes) -> str:
    """Tell the file's kind from its first bytes, not from its name: zip, ole or csv."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("unknown_type")
    return "csv"


def check_extent(sheet: str, rows: int, columns: int, limits: dict) -> None:
    if rows > limits["max_rows"] or columns > limits["max_columns"] or rows * columns > limits["max_cells"]:
        raise Refused("too_large_sheet", sheet=sheet, rows=rows, columns=columns)


def check_archive(archive: zipfile.ZipFile, limits: dict) -> str:
    """Check the zip's entries against the limits before anything is decompressed; return xlsx or ods."""
    entries = archive.infolist()
    if len(entries) > limits["max_entries"]:
        raise Refused("too_many_entries", entries=len(entries))
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > limits["max_entry_bytes"] or total > limits["max_total_bytes"]:
            raise Refused("too_large_unzipped", mb=limits["max_total_bytes"] // 2**20)
        # Small entries may compress very well (a row of blanks); only large ones are bombs.
        if entry.file_size > 2**20 and entry.file_size > limits["max_ratio"] * max(entry.compress_size, 1):
            raise Refused("zip_bomb")
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    raise Refused("not_a_spreadsheet")


def worksheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """{part name in the archive: the sheet's name as the user sees it} of an .xlsx."""
    names = {}
    try:
        targets = dict(RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")))
        for name, rid in SHEET.findall(archive.read("xl/workbook.xml")):
            target = targets.get(rid, b"").decode().lstrip("/").removeprefix("xl/")
            names["xl/" + target] = html.unescape(name.decode())
    except (KeyError, UnicodeDecodeError):
        pass
    for entry in archive.namelist():
        if entry.startswith("xl/worksheets/") and entry.endswith(".xml"):
            names.setdefault(entry, entry.rsplit("/", 1)[-1].removesuffix(".xml"))
    return names


def check_declared_dimensions(archive: zipfile.ZipFile, limits: dict) -> None:
    """Refuse a sheet whose `<dimension ref="A1:XFD1048576"/>` is beyond the limits, before calamine sees it."""
    for part, sheet in worksheets(archive).items():
        try:
            with archive.open(part) as handle:
                head = handle.read(8192)  # the dimension comes first, before the sheet's data
        except KeyError:
            continue
        match = DIMENSION.search(head)
        if match is None:
            continue
        first_col, first_row, last_col, last_row = (
            piece.decode() if piece else "" for piece in match.groups()
        )
        last_col, last_row = last_col or first_col, last_row or first_row
        rows = int(last_row or 1)
        columns = column_number(last_col or "A")
        check_extent(sheet, rows, columns, limits)


def check_cell_extents(path: str, limits: dict) -> None:
    """Find each .xlsx sheet's farthest cell by scanning its XML: the slow path, run after the reader died."""
    with zipfile.ZipFile(path) as archive:
        check_archive(archive, limits)
        for part, sheet in worksheets(archive).items():
            rows = columns = 0
            tail = b""
            with archive.open(part) as handle:
                while block := handle.read(1 << 20):
                    data = tail + block
                    for letters, number in CELL_REFERENCE.findall(data):
                        rows, columns = max(rows, int(number)), max(columns, column_number(letters.decode()))
                    tail = data[-32:]  # a reference cut in two by the block boundary is seen whole next time
            check_extent(sheet, rows, columns, limits)


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
        raise Refused("csv_encoding") from None


def read_csv(path: str, limits: dict, send) -> None:
    with open(path, "rb") as handle:
        text = decode_text(handle.read())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    send(("sheet", name))
    chunk, rows, cells = [], 0, 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows, cells = rows + 1, cells + len(row)
            if rows > limits["max_rows"] or len(row) > limits["max_columns"] or cells > limits["max_cells"]:
                raise Refused("too_large_sheet", sheet=name, rows=rows, columns=len(row))
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                send(("rows", chunk))
                chunk = []
    except csv.Error:
        raise Refused("csv_broken") from None
    send(("rows", chunk))


def ole_is_encrypted(path: str) -> bool:
    """An OLE file holding an 'EncryptedPackage' stream is a password-protected .xlsx."""
    with open(path, "rb") as handle:
        data = handle.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _shared(rows: list[list]) -> list[list]:
    """The rows with equal texts made one object: pickle then sends a repeated value once a chunk."""
    seen: dict = {}
    keep = seen.setdefault
    return [[keep(cell, cell) if type(cell) is str else cell for cell in row] for row in rows]


def read_spreadsheet(path: str, limits: dict, send) -> None:
    import python_calamine  # here, after the memory cap is in place

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            end = sheet.end  # (row, column) of the last cell, from 0; None for an empty sheet
            check_extent(name, end[0] + 1 if end else 0, end[1] + 1 if end else 0, limits)
            send(("sheet", name))
            rows = sheet.to_python(skip_empty_area=False)
            del sheet
            for start in range(0, len(rows), CHUNK_ROWS):
                send(("rows", _shared(rows[start : start + CHUNK_ROWS])))
            del rows
        workbook.close()
    except (Refused, MemoryError):
        raise
    except Exception:  # calamine raises several kinds for broken or unsupported files
        raise Refused("broken") from None


def read(path: str, limits: dict, send) -> None:
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if not head:
        raise Refused("empty")
    kind = sniff(head)
    if kind == "csv":
        read_csv(path, limits, send)
        return
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                if check_archive(archive, limits) == "xlsx":
                    check_declared_dimensions(archive, limits)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError, OSError):
            raise Refused("broken") from None
    elif ole_is_encrypted(path):
        raise Refused("encrypted")
    read_spreadsheet(path, limits, send)


def main() -> None:
    path, limits = sys.argv[1], json.loads(sys.argv[2])
    memory = limits["memory_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = max(1, int(limits["seconds"]))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    out = sys.stdout.buffer

    def send(frame) -> None:
        pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        if len(sys.argv) > 3 and sys.argv[3] == "extents":
            check_cell_extents(path, limits)
        else:
            read(path, limits, send)
    except Refused as exc:
        send(("error", exc.code, exc.info))
    except MemoryError:
        send(("error", "memory", {}))
    else:
        send(("done",))
    out.flush()


if __name__ == "__main__":
    main()
