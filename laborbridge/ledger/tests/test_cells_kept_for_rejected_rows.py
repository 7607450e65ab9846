"""The cells of a row are kept for the error workbook while the row may still be refused, and only then.

An import lets go of the cells of the clean rows that applying cannot refuse (peak memory, decision
0014); a row refused while applying must still come back exactly as it was written.
"""

import datetime

import pytest

from laborbridge.ledger.applying import _release_cells
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.people import Person
from laborbridge.ledger.rows import ParsedRow
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡镇", "联系电话"]


def imported(path, users):
    return ledger_import_file(
        path=path, county_code="451324", as_of=datetime.date(2024, 10, 31), actor=users["jinxiu"]
    )


def test_a_second_row_moving_a_person_of_the_file_comes_back_with_its_cells(tmp_path, users):
    rows = [
        ["黄秀英", make_id(order=101), "桐木镇", "13800000001"],
        ["盘志华", make_id(order=102), "桐木镇", "13800000002"],
        ["黄秀英", make_id(order=101), "头排镇", "13800000003"],  # the first row's person, elsewhere
    ]
    result = imported(write_xlsx(tmp_path / "l.xlsx", HEADER, rows), users)
    assert (result.created, result.rejected) == (2, 1)
    assert result.rejected_rows == [(5, rows[2])]
    assert "已在桐木镇登记" in result.errors[0].message


def test_a_row_moving_a_person_of_the_registry_comes_back_with_its_cells(tmp_path, users):
    imported(write_xlsx(tmp_path / "a.xlsx", HEADER, [["黄秀英", make_id(order=101), "桐木镇", ""]]), users)
    rows = [
        ["盘志华", make_id(order=102), "桐木镇", "13800000002"],
        ["黄秀英", make_id(order=101), "头排镇", "13800000003"],
    ]
    result = imported(write_xlsx(tmp_path / "b.xlsx", HEADER, rows), users)
    assert (result.created, result.rejected) == (1, 1)
    assert result.rejected_rows == [(4, rows[1])]


def test_only_the_cells_of_rows_that_applying_cannot_refuse_are_let_go():
    def row(bidx):
        return ParsedRow(number=1, raw=[bidx], worker={}, id_number=None, bidx=bidx)

    once, twice_first, twice_again, known = row("a"), row("b"), row("b"), row("c")
    people = {"c": Person(state={}, is_new=False, pk=1)}
    _release_cells([once, twice_first, twice_again, known], people)
    assert once.raw is None
    assert [twice_first.raw, twice_again.raw, known.raw] == [["b"], ["b"], ["c"]]
