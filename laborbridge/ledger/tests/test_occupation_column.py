"""A ledger's 工种 column: the trade of the job, as clerks write it, kept on the spell and given back on export."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.employers.models import Occupation
from laborbridge.employment.models import Employment
from laborbridge.ledger import cells
from laborbridge.ledger.exporting import workers_export
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.selectors import WorkerFilters

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 10, 31)
HEADER = ["姓名", "公民身份号码", "乡镇", "就业状态", "务工地点", "务工单位", "工种"]
WRITTEN = [
    ("韦一", "普工", "普工/流水线"),
    ("韦二", "厨师", "中式烹调(粤菜)"),
    ("韦三", "粤菜", "中式烹调(粤菜)"),
    ("韦四", "保安员", "保安"),
    ("韦五", "保姆", "家政服务"),
    ("韦六", "电商直播", "电商直播"),
    ("韦七", "", None),
]


def run(path, users):
    return ledger_import_file(path=path, county_code="451324", as_of=AS_OF, actor=users["tongmu"])


def ledger(tmp_path, rows, name="工种.xlsx"):
    return write_xlsx(tmp_path / name, HEADER, rows)


def rows_of(written):
    return [[name, make_id("19900101", n), "桐木镇", "外出务工", "深圳市宝安区", "宝安电子厂", word]
            for n, (name, word, _o) in enumerate(written, start=1)]  # fmt: skip


def test_the_trade_written_the_usual_ways_is_kept_on_the_spell(tmp_path, users):
    result = run(ledger(tmp_path, rows_of(WRITTEN)), users)
    assert (result.created, result.rejected) == (len(WRITTEN), 0), result.errors
    for name, _word, occupation in WRITTEN:
        spell = Employment.objects.get(worker__name=name)
        assert (spell.occupation.name if spell.occupation_id else None) == occupation


def test_an_unknown_trade_is_refused_naming_the_list(tmp_path, users):
    result = run(ledger(tmp_path, rows_of([("韦一", "宇航员", None)])), users)
    assert result.rejected == 1
    (error,) = result.errors
    assert error.column == "工种" and "宇航员" in error.message and "普工/流水线" in error.message


def test_a_trade_named_later_for_the_same_job_is_added_to_its_spell(tmp_path, users):
    run(ledger(tmp_path, rows_of([("韦一", "", None)]), "a.xlsx"), users)
    again = run(ledger(tmp_path, rows_of([("韦一", "装配工", None)]), "b.xlsx"), users)
    assert (again.created, again.updated, again.rejected) == (0, 1, 0)
    spells = list(Employment.objects.filter(worker__name="韦一"))
    assert len(spells) == 1 and spells[0].occupation.name == "电子产品装配"


def test_the_export_gives_the_trade_back_and_re_importing_it_changes_nothing(tmp_path, users):
    run(ledger(tmp_path, rows_of(WRITTEN)), users)
    handle, _rows = workers_export(
        actor=users["jinxiu"], filters=WorkerFilters(), full=True, reason="核对后重新导入台账"
    )
    again = ledger_import_file(path=handle.name, county_code="451324", as_of=AS_OF, actor=users["jinxiu"])
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, len(WRITTEN), 0), (
        again.errors
    )


@given(st.text(max_size=12))
def test_any_cell_is_either_a_trade_of_the_list_or_a_clear_refusal(text):
    reader = cells.OccupationReader({"普工/流水线": 1, "中式烹调(粤菜)": 2, "保安": 3})
    try:
        found = reader(text)
    except cells.CellError as exc:
        assert "工种目录" in str(exc)
    else:
        assert found in (None, 1, 2, 3)


def test_every_trade_of_the_list_is_read_by_its_own_name():
    names = dict(Occupation.objects.values_list("name", "pk"))
    reader = cells.OccupationReader(names)
    assert all(reader(name) == pk for name, pk in names.items())
