"""Files built to exhaust the reader get a Chinese refusal, and the process that asked survives them."""

import zipfile

import pytest

from laborbridge.core.spreadsheets import SpreadsheetError, read_workbook

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_sheet(path, rows_xml: str, *, dimension: str | None = None, padding: int = 0):
    """A hand-made .xlsx whose sheet says what we want, as a hostile file would; `padding` adds blank bytes."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{rows_xml}</sheetData>{' ' * padding}</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


HEADER_ONLY = '<row r="1">' + cell("A1", "姓名") + "</row>"
CORNERS = HEADER_ONLY + '<row r="1048576">' + cell("XFD1048576", "x") + "</row>"


def test_a_sheet_with_cells_at_a1_and_xfd1048576_is_refused_and_the_reader_survives(tmp_path):
    path = write_sheet(tmp_path / "corners.xlsx", CORNERS)  # no dimension: only the cells tell
    assert path.stat().st_size < 5000
    with pytest.raises(SpreadsheetError, match="“台账”的数据范围过大（1048576 行 × 16384 列）"):
        read_workbook(path)
    assert read_workbook(write_sheet(tmp_path / "fine.xlsx", HEADER_ONLY))[0].rows == [["姓名"]]


def test_a_declared_dimension_beyond_the_limits_is_refused_before_reading(tmp_path):
    path = write_sheet(tmp_path / "declared.xlsx", HEADER_ONLY, dimension="A1:XFD1048576")
    with pytest.raises(SpreadsheetError, match="“台账”的数据范围过大（1048576 行 × 16384 列）"):
        read_workbook(path)


def test_a_sheet_too_large_when_loaded_is_refused_by_its_actual_extent(tmp_path, settings):
    settings.SPREADSHEET_LIMITS = {**settings.SPREADSHEET_LIMITS, "max_rows": 1000}
    rows = '<row r="1">' + cell("A1", "姓名") + '</row><row r="5000">' + cell("B5000", "x") + "</row>"
    path = write_sheet(tmp_path / "tall.xlsx", rows, dimension="A1:B2")  # a dimension that lies
    with pytest.raises(SpreadsheetError, match="“台账”的数据范围过大（5000 行 × 2 列）"):
        read_workbook(path)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    path = write_sheet(tmp_path / "bomb.xlsx", HEADER_ONLY, padding=20 * 2**20)
    assert path.stat().st_size < 100_000
    with pytest.raises(SpreadsheetError, match="压缩比异常"):
        read_workbook(path)


def test_an_archive_larger_than_allowed_once_unzipped_is_refused(tmp_path, settings):
    settings.SPREADSHEET_LIMITS = {
        **settings.SPREADSHEET_LIMITS,
        "max_total_bytes": 2**20,
        "max_ratio": 10**6,
    }
    path = write_sheet(tmp_path / "big.xlsx", HEADER_ONLY, padding=2 * 2**20)
    with pytest.raises(SpreadsheetError, match="解压后超过 1 MB"):
        read_workbook(path)


def test_an_archive_of_too_many_parts_is_refused(tmp_path):
    path = write_sheet(tmp_path / "parts.xlsx", HEADER_ONLY)
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(2001):
            archive.writestr(f"xl/media/{number}.bin", b"")
    with pytest.raises(SpreadsheetError, match="部件过多"):
        read_workbook(path)


def test_a_file_that_makes_the_reader_exceed_its_memory_cap_is_a_message_not_a_crash(tmp_path, settings):
    # With the size checks opened wide, only the memory cap stands between this file and 512 GiB.
    settings.SPREADSHEET_LIMITS = {
        **settings.SPREADSHEET_LIMITS,
        "max_rows": 2**40,
        "max_columns": 2**40,
        "max_cells": 2**62,
        "memory_bytes": 512 * 2**20,
    }
    path = write_sheet(tmp_path / "corners.xlsx", CORNERS)
    with pytest.raises(SpreadsheetError, match="内存超出上限"):
        read_workbook(path)
    after = read_workbook(write_sheet(tmp_path / "after.xlsx", HEADER_ONLY))
    assert after[0].rows == [["姓名"]]


def test_a_file_that_takes_longer_than_the_time_cap_is_stopped(tmp_path, settings):
    settings.SPREADSHEET_LIMITS = {**settings.SPREADSHEET_LIMITS, "seconds": 0}
    path = write_sheet(tmp_path / "slow.xlsx", HEADER_ONLY)
    with pytest.raises(SpreadsheetError, match="超时"):
        read_workbook(path)


def test_a_csv_with_more_cells_than_allowed_is_refused(tmp_path, settings):
    settings.SPREADSHEET_LIMITS = {**settings.SPREADSHEET_LIMITS, "max_cells": 100}
    path = tmp_path / "wide.csv"
    path.write_text("\n".join([",".join(["a"] * 20)] * 10), encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="数据范围过大"):
        read_workbook(path)
