"""A ledger's wish columns (求职意愿): 期望工种, 意向务工地, 期望月薪, 是否需要住宿, 可到岗时间 — optional, as clerks
write them, kept through the worker services, refused by row with a reason, and given back by the export."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core.models import AuditEvent
from laborbridge.ledger import cells
from laborbridge.ledger.exporting import workers_export
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.regions.places import PlaceIndex
from laborbridge.workers.choices import PlaceClass
from laborbridge.workers.models import Worker, WorkerPreference
from laborbridge.workers.preferences import preference_state
from laborbridge.workers.selectors import WorkerFilters

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 10, 31)
BASE = ["姓名", "公民身份号码", "乡镇"]


def run(path, users, actor="tongmu"):
    return ledger_import_file(path=path, county_code="451324", as_of=AS_OF, actor=users[actor])


def ledger(tmp_path, header, rows, name="意愿.xlsx"):
    return write_xlsx(tmp_path / name, BASE + header, rows)


NAMES_ = "零一二三四五"


def person(n, *cells_):
    return [f"韦{NAMES_[n]}", make_id("19900101", n), "桐木镇", *cells_]


def wishes(name):
    return preference_state(Worker.objects.get(name=name))


def test_the_wishes_written_the_clerks_way_are_kept_on_the_worker(tmp_path, users):
    header = ["意向工种", "期望就业地区", "最低月薪", "需住宿", "可上岗日期"]
    rows = [
        person(1, "厨师、中式面点", "县内、广东", "4000元以上", "需要", "2024年11月15日"),
        person(2, "普工", "区内", "3000-5000", "否", datetime.date(2024, 12, 1)),
        person(3, "保安", "省外", 5000, "是", "随时"),
    ]
    result = run(ledger(tmp_path, header, rows), users)
    assert (result.created, result.rejected) == (3, 0), result.errors
    assert wishes("韦一") == {
        "wanted_occupations": ["中式烹调(粤菜)", "中式面点"],
        "wanted_place_classes": [PlaceClass.IN_COUNTY],
        "wanted_regions": ["44"],
        "wanted_pay": 4000,
        "needs_lodging": True,
        "available_from": datetime.date(2024, 11, 15),
    }
    second = wishes("韦二")
    assert second["wanted_occupations"] == ["普工/流水线"]
    assert second["wanted_place_classes"] == [PlaceClass.IN_COUNTY, PlaceClass.IN_PROVINCE]
    assert (second["wanted_pay"], second["needs_lodging"]) == (3000, False)
    third = wishes("韦三")
    assert third["wanted_place_classes"] == [PlaceClass.PARTNER_PROVINCE, PlaceClass.OTHER_PROVINCE]
    assert third["available_from"] is None


def test_every_header_a_clerk_writes_is_recognised():
    from laborbridge.ledger.columns import LEDGER_HEADERS

    for text, field in [
        ("期望工种", "wanted_occupations"),
        ("意向工种", "wanted_occupations"),
        ("求职意向", "wanted_occupations"),
        ("意向务工地", "wanted_places"),
        ("期望就业地区", "wanted_places"),
        ("期望月薪", "wanted_pay"),
        ("最低月薪", "wanted_pay"),
        ("期望薪资", "wanted_pay"),
        ("是否需要住宿", "needs_lodging"),
        ("需住宿", "needs_lodging"),
        ("可到岗时间", "available_from"),
        ("可上岗日期", "available_from"),
    ]:
        assert LEDGER_HEADERS.field(text) == field


def test_a_blank_wish_cell_leaves_the_stored_wish_as_it_is_and_a_stated_one_replaces_it(tmp_path, users):
    header = ["期望工种", "期望月薪", "是否需要住宿"]
    run(ledger(tmp_path, header, [person(1, "保安", 4500, "是")], "a.xlsx"), users)
    again = run(ledger(tmp_path, header, [person(1, "", 5000, "")], "b.xlsx"), users)
    assert (again.updated, again.rejected) == (1, 0)
    assert (wishes("韦一")["wanted_occupations"], wishes("韦一")["wanted_pay"]) == (["保安"], 5000)
    assert wishes("韦一")["needs_lodging"] is True


def test_no_wish_written_as_such_clears_the_stored_one(tmp_path, users):
    header = ["期望工种", "意向务工地", "期望月薪", "可到岗时间"]
    run(ledger(tmp_path, header, [person(1, "保安", "县内", 4500, "2024-12-01")], "a.xlsx"), users)
    run(ledger(tmp_path, header, [person(1, "不限", "不限", "面议", "随时")], "b.xlsx"), users)
    assert wishes("韦一") == preference_state(Worker(pk=None))


def test_a_ledger_without_wish_columns_touches_no_wish(tmp_path, users):
    run(ledger(tmp_path, ["期望工种"], [person(1, "保安")], "a.xlsx"), users)
    again = run(ledger(tmp_path, [], [person(1)], "b.xlsx"), users)
    assert (again.unchanged, again.updated) == (1, 0)
    assert wishes("韦一")["wanted_occupations"] == ["保安"]


@pytest.mark.parametrize(
    "column, written, said",
    [
        ("期望工种", "宇航员", "工种目录"),
        ("意向务工地", "火星", "意向务工地"),
        ("期望月薪", "很多", "期望月薪"),
        ("期望月薪", 250000, "期望月薪"),
        ("是否需要住宿", "看情况", "是"),
        ("可到岗时间", "明年", "日期"),
        ("可到岗时间", "2031-01-01", "三年"),
    ],
)
def test_a_wrong_wish_refuses_its_row_naming_the_column(tmp_path, users, column, written, said):
    result = run(ledger(tmp_path, [column], [person(1, written), person(2, "")]), users)
    assert (result.created, result.rejected) == (1, 1)
    (error,) = result.errors
    assert error.column == column and said in error.message
    assert not Worker.objects.filter(name="韦一").exists()


def test_the_wishes_are_one_import_event_and_the_registrys_own_record(tmp_path, users):
    run(ledger(tmp_path, ["期望工种", "期望月薪"], [person(1, "保安", 4000), person(2, "", "")]), users)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).latest("pk")
    assert event.details["preferences"] == 1
    assert WorkerPreference.objects.count() == 1  # the person who stated nothing has no record


def test_the_export_gives_the_wishes_back_and_re_importing_them_changes_nothing(tmp_path, users):
    header = ["期望工种", "意向务工地", "期望月薪", "是否需要住宿", "可到岗时间"]
    rows = [
        person(1, "厨师、中式面点", "县内、广东、茂名市电白区", "4000", "是", "2024-11-15"),
        person(2, "普工", "区内县外、协作地、其他省份", "3500", "否", ""),
        person(3, "", "桐木镇", "", "", ""),
        person(4, "", "", "", "", ""),
    ]
    run(ledger(tmp_path, header, rows), users)
    before = {name: wishes(name) for name in ("韦一", "韦二", "韦三", "韦四")}
    handle, _count = workers_export(
        actor=users["jinxiu"], filters=WorkerFilters(), full=True, reason="核对后重新导入台账"
    )
    again = ledger_import_file(path=handle.name, county_code="451324", as_of=AS_OF, actor=users["jinxiu"])
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0), again.errors
    assert {name: wishes(name) for name in before} == before
    assert before["韦三"]["wanted_regions"] == ["451324"]  # a township wished for stands for its county


def test_the_blank_template_has_the_wish_columns(users):
    import io

    from python_calamine import CalamineWorkbook

    from laborbridge.ledger.workbooks import template_workbook
    from laborbridge.regions.models import Region

    data = template_workbook(Region.objects.get(code="451324"), ("广东省",))
    header = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[1]
    assert header[-5:] == ["期望工种", "意向务工地", "期望月薪(元)", "是否需要住宿", "可到岗时间"]


# --- the cell readers, on any input -------------------------------------------------------------------------

ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=15),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@given(ANY_CELL)
def test_a_wished_pay_is_a_whole_amount_in_range_or_a_clear_refusal(value):
    try:
        pay = cells.wished_pay(value)
    except cells.CellError as exc:
        assert "期望月薪" in str(exc)
    else:
        assert pay is None or (isinstance(pay, int) and 0 <= pay <= cells.MAX_WISHED_PAY)


@given(ANY_CELL)
def test_needing_lodging_is_yes_no_or_unstated_or_a_clear_refusal(value):
    try:
        found = cells.needs_lodging(value)
    except cells.CellError as exc:
        assert "是" in str(exc)
    else:
        assert found in (None, True, False)


@given(ANY_CELL)
def test_an_availability_is_a_date_within_three_years_now_or_unstated(value):
    latest = datetime.date(2027, 10, 31)
    try:
        found = cells.available_from(value, latest=latest)
    except cells.CellError as exc:
        assert "日期" in str(exc) or "三年" in str(exc)
    else:
        assert found in (None, cells.ANY_TIME) or datetime.date(2000, 1, 1) <= found <= latest


NAMES = {"普工/流水线": 1, "中式烹调(粤菜)": 2, "保安": 3}
WISH_WORDS = ["普工", "厨师", "粤菜", "保安员", "宇航员", "不限", "、", ",", " ", "/"]


@given(st.one_of(st.text(max_size=15), st.lists(st.sampled_from(WISH_WORDS), max_size=5).map("".join)))
def test_wished_trades_are_ids_of_the_list_or_a_clear_refusal(text):
    reader = cells.WishedOccupationsReader(cells.OccupationReader(NAMES))
    try:
        found = reader(text)
    except cells.CellError as exc:
        assert "工种目录" in str(exc)
    else:
        assert found is None or (set(found) <= {1, 2, 3} and list(found) == sorted(set(found)))


PLACE_WORDS = ["县内", "区内", "省外", "协作地", "广东", "深圳市", "桐木镇", "火星", "不限", "、", "，"]


@given(st.one_of(st.text(max_size=15), st.lists(st.sampled_from(PLACE_WORDS), max_size=5).map("".join)))
def test_wished_places_are_classes_and_regions_or_a_clear_refusal(text):
    index = PlaceIndex(
        [("44", "广东省"), ("4403", "深圳市"), ("45", "广西壮族自治区"), ("451324", "金秀瑶族自治县"),
         ("451324101", "桐木镇")],
        home_county="451324",
    )  # fmt: skip
    places = cells.PlaceReader(index=index, classify=lambda code: "", partner_province_names=("广东省",))
    try:
        found = cells.WishedPlacesReader(places)(text)
    except cells.CellError as exc:
        assert "意向务工地" in str(exc)
    else:
        if found is not None:
            classes, codes = found
            assert set(classes) <= set(PlaceClass.values)
            assert all(len(code) in (2, 4, 6) for code in codes)
