"""An import keeps the indicator summary (decision 0013) and writes each new person's rows once (decision 0014)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laborbridge.factories import indicator_summary_mismatch
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import IndicatorSummary, Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡镇", "是否脱贫劳动力", "就业状态", "就业地点", "就业单位", "务工时间"]


def imported(path, users):
    return ledger_import_file(
        path=path, county_code="451324", as_of=datetime.date(2024, 10, 31), actor=users["jinxiu"]
    )


def new_people_ledger(tmp_path):
    moved, left = make_id("19880101", 1), make_id("19880101", 2)
    rows = [
        ["黄秀英", make_id("19900101", 3), "桐木镇", "是", "已就业", "深圳市宝安区", "电白水产厂", datetime.date(2024, 3, 1)],
        ["盘志华", make_id("19900101", 4), "头排镇", "否", "未就业", "", "", None],
        # One person on two rows: a job, then another from June (the first ends the day before).
        ["赵金凤", moved, "桐木镇", "是", "已就业", "县内", "桐木茶厂", datetime.date(2024, 1, 1)],
        ["赵金凤", moved, "桐木镇", "是", "已就业", "广东省", "茂南服装厂", datetime.date(2024, 6, 1)],
        # And one who was at work and is not any more: the spell ends on the ledger's day.
        ["李春花", left, "头排镇", "否", "已就业", "南宁市", "", datetime.date(2024, 2, 1)],
        ["李春花", left, "头排镇", "否", "未就业", "", "", None],
    ]  # fmt: skip
    return write_xlsx(tmp_path / "new.xlsx", HEADER, rows)


def test_a_first_import_writes_each_new_persons_summary_rows_once_and_they_equal_a_rebuild(tmp_path, users):
    with CaptureQueriesContext(connection) as queries:
        result = imported(new_people_ledger(tmp_path), users)
    assert (result.created, result.updated, result.rejected) == (4, 2, 0)
    table = IndicatorSummary._meta.db_table
    touching = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert not [sql for sql in touching if sql.lstrip().upper().startswith(("DELETE", "UPDATE"))]
    assert indicator_summary_mismatch() == ""
    assert set(IndicatorSummary.objects.values_list("worker_id", flat=True)) == set(
        Worker.objects.values_list("pk", flat=True)
    )


def test_importing_the_same_people_again_with_a_change_refreshes_their_summary_rows(tmp_path, users):
    imported(new_people_ledger(tmp_path), users)
    again = [["盘志华", make_id("19900101", 4), "头排镇", "否", "已就业", "佛山市南海区", "", datetime.date(2024, 9, 1)]]  # fmt: skip
    result = imported(write_xlsx(tmp_path / "again.xlsx", HEADER, again), users)
    assert result.updated == 1
    assert indicator_summary_mismatch() == ""
    pan = Worker.objects.get(name="盘志华")
    assert IndicatorSummary.objects.filter(worker=pan, place_class__gt="").exists()
