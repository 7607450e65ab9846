"""A large ledger is checked by two processes; what it says and writes is what one process would."""

import datetime
import os

import pytest
from django.db import connection

from laborbridge.employment.models import Employment
from laborbridge.ledger import checking
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.derived import worker_derived
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡镇", "联系电话", "就业状态", "就业地点"]


def ledger(tmp_path):
    """40 rows: good ones, refused ones in both halves, and one person written early and corrected late."""
    rows = []
    for index in range(40):
        ident = make_id("19900101", 100 + index)
        rows.append(["黄秀英", ident, "桐木镇", f"1380000{index:04d}", "已就业", "深圳市宝安区"])
    rows[3][1] = rows[3][1][:17] + ("1" if rows[3][1][17] != "1" else "2")  # a wrong check digit
    rows[27][2] = "没有镇"  # no such township
    rows[30][5] = (
        "茂名市电白区马踏镇"  # another county's township: its county's townships are read from the database
    )
    rows[33] = ["盘志华", rows[5][1], "桐木镇", "13900000005", "未就业", ""]  # row 5's person, corrected
    rows.append([None, None, None, None, None, None])  # a blank line is not a row
    return write_xlsx(tmp_path / "l.xlsx", HEADER, rows)


def imported(path, users, *, dry_run=False):
    return ledger_import_file(
        path=path,
        county_code="451324",
        as_of=datetime.date(2024, 10, 31),
        actor=users["jinxiu"],
        dry_run=dry_run,
    )


def outcome(result):
    return (
        result.summary(),
        [(e.row, e.column, e.message) for e in result.errors],
        result.rejected_rows,
    )


def test_two_processes_count_refuse_and_explain_every_row_as_one_does(tmp_path, users, monkeypatch):
    path = ledger(tmp_path)
    monkeypatch.setattr(checking, "PARALLEL_MIN_ROWS", 10**9)
    alone = imported(path, users, dry_run=True)
    monkeypatch.setattr(checking, "PARALLEL_MIN_ROWS", 1)
    split = []
    in_two = checking._check_in_two
    monkeypatch.setattr(checking, "_check_in_two", lambda *args: split.append(1) or in_two(*args))
    shared = imported(path, users, dry_run=True)
    assert split, "the rows were not shared with a second process"
    assert outcome(shared) == outcome(alone)
    assert (alone.rows, alone.rejected, alone.created, alone.updated) == (40, 2, 37, 1)


def test_what_the_second_process_prepared_is_written_and_reads_back(tmp_path, users, monkeypatch):
    monkeypatch.setattr(checking, "PARALLEL_MIN_ROWS", 1)
    result = imported(ledger(tmp_path), users)
    assert (result.created, result.updated, result.rejected) == (37, 1, 2)
    late = Worker.objects.get(
        id_number_bidx=worker_derived(id_number=make_id("19900101", 105))["id_number_bidx"]
    )
    assert (late.name, late.name_pinyin, late.name_initials) == ("盘志华", "panzhihua", "pzh")
    assert late.phone == "13900000005"  # encrypted while checking, read back through the field
    last = Worker.objects.get(
        id_number_bidx=worker_derived(id_number=make_id("19900101", 139))["id_number_bidx"]
    )
    assert last.phone == "13800000039"
    assert last.id_number == make_id("19900101", 139)
    far = worker_derived(id_number=make_id("19900101", 130))["id_number_bidx"]
    assert (
        Employment.objects.get(worker__id_number_bidx=far).place_id == "440904"
    )  # a county read before the fork


def test_a_checking_process_that_dies_fails_the_import_and_nothing_is_written(tmp_path, users, monkeypatch):
    monkeypatch.setattr(checking, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(checking, "_child", lambda *args: os._exit(3))
    with pytest.raises(checking.CheckFailed):
        imported(ledger(tmp_path), users)
    assert not Worker.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="indexes are deferred on SQLite only")
def test_a_first_import_leaves_the_registry_with_all_its_indexes(tmp_path, users):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'workers_worker'"
            )
            return sorted(cursor.fetchall())

    before = indexes()
    imported(ledger(tmp_path), users)
    assert indexes() == before


def test_the_second_process_never_uses_the_database(tmp_path, users, monkeypatch):
    # Its connection is the parent's: a query from the child must fail the import, not garble the connection.
    real_prepare = checking.prepare

    def prepare_with_a_query(row, *args):
        Worker.objects.exists()
        real_prepare(row, *args)

    monkeypatch.setattr(checking, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(checking, "prepare", prepare_with_a_query)
    with pytest.raises(checking.CheckFailed, match="must not use the database"):
        imported(ledger(tmp_path), users)
    assert not Worker.objects.exists()
