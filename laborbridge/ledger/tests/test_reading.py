"""Real sheets, in every format the townships use, and files that are not sheets at all."""

import datetime
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laborbridge.core.spreadsheets import SpreadsheetError, read_workbook
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.rows import LedgerError
from laborbridge.ledger.tests.ledgers import make_id, write_csv, write_ods, write_xls, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["联系电话", "公民身份号码", "姓名", "乡镇"]  # any order, aliases
ROWS = [["13800000001", make_id("19900101", 11), "黄秀英", "桐木镇"],
        ["13800000002", make_id("19910101", 13), "盘志华", "头排"]]  # fmt: skip


def imported(path, users):
    return ledger_import_file(
        path=path, county_code="451324", as_of=datetime.date(2024, 10, 31), actor=users["jinxiu"]
    )


@pytest.mark.parametrize("writer", [write_xlsx, write_xls, write_ods])
def test_xlsx_xls_and_ods_are_read_alike(tmp_path, users, writer):
    suffix = {write_xlsx: ".xlsx", write_xls: ".xls", write_ods: ".ods"}[writer]
    result = imported(writer(tmp_path / f"l{suffix}", HEADER, ROWS), users)
    assert (result.rows, result.created) == (2, 2)
    assert set(Worker.objects.values_list("name", flat=True)) == {"黄秀英", "盘志华"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_or_gbk_is_read(tmp_path, users, encoding):
    result = imported(write_csv(tmp_path / "l.csv", HEADER, ROWS, encoding=encoding), users)
    assert (result.rows, result.created, result.rejected) == (2, 2, 0)


def test_the_header_is_found_below_a_title_and_row_numbers_count_from_the_sheet_top(tmp_path, users):
    rows = [["错号", ROWS[0][1][:17] + ("1" if ROWS[0][1][17] != "1" else "2"), "桐木镇"]]
    path = write_xlsx(tmp_path / "l.xlsx", ["姓名", "身份证号", "乡(镇)"], rows, title="2024年台账（10月）")
    result = imported(path, users)
    assert [(e.row, e.column) for e in result.errors] == [(3, "身份证号")]


def test_a_sheet_without_name_and_id_columns_says_so(tmp_path, users):
    path = write_xlsx(tmp_path / "l.xlsx", ["户主", "人口数"], [["张三", 4]])
    with pytest.raises(LedgerError, match="姓名"):
        imported(path, users)


def test_a_password_protected_workbook_gets_a_clear_message(tmp_path):
    # An encrypted .xlsx is an OLE compound file holding an "EncryptedPackage" stream.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole)
    with pytest.raises(SpreadsheetError, match="密码"):
        read_workbook(path)


def test_a_broken_or_foreign_file_gets_a_clear_message(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(SpreadsheetError, match="损坏"):
        read_workbook(broken)
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("a.jpg", b"jpeg")
    with pytest.raises(SpreadsheetError, match="不是电子表格"):
        read_workbook(other_zip)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SpreadsheetError, match="空"):
        read_workbook(empty)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=2048))
def test_random_bytes_never_escape_as_anything_but_a_clear_error(tmp_path, data):
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"random{suffix}"
        path.write_bytes(data)
        try:
            read_workbook(path)
        except SpreadsheetError as exc:
            assert str(exc)


cell_values = st.one_of(st.none(), st.text(max_size=25), st.integers(-10**20, 10**20),
                        st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.booleans())  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell_values, min_size=0, max_size=8), max_size=12))
def test_random_cells_are_each_accounted_for_and_never_half_imported(tmp_path, users, rows):
    header = ["姓名", "身份证号码", "乡(镇)", "手机号码", "就业状态", "就业地点", "月收入", "务工时间"]
    path = write_xlsx(tmp_path / "fuzz.xlsx", header, rows, title=None)
    before = Worker.objects.count()
    result = imported(path, users)
    assert result.rows == result.created + result.updated + result.unchanged + result.rejected
    assert Worker.objects.count() == before + result.created
    Worker.objects.exclude(name="").filter(created_by=users["jinxiu"]).delete()
