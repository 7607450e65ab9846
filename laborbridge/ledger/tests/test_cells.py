import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.ledger import cells
from laborbridge.ledger.tests.ledgers import make_id

dates = st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(day=dates)
def test_every_written_form_of_a_date_means_that_date(day):
    for written in (day, datetime.datetime.combine(day, datetime.time()), day.isoformat(),
                    f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
                    f"{day.year}.{day.month:02d}.{day.day:02d}", (day - cells.EXCEL_EPOCH).days + 0.0):  # fmt: skip
        assert cells.date(written) == day


@given(day=dates)
def test_a_month_alone_means_its_first_day(day):
    first = day.replace(day=1)
    assert cells.date(f"{day.year}.{day.month}") == first
    assert cells.date(f"{day.year}年{day.month}月") == first


@pytest.mark.parametrize("bad", ["2024-02-30", "昨天", "31/10/2024x", "2024-13-01", -5])
def test_a_date_that_is_not_one_is_rejected(bad):
    with pytest.raises(cells.CellError):
        cells.date(bad)


@given(amount=st.integers(min_value=0, max_value=999_999))
def test_income_written_with_separators_and_units_is_the_same_number(amount):
    for written in (amount, float(amount), f"{amount:,}元", f"￥{amount}", f" {amount} 元/月", f"{amount:,}"):
        assert cells.income(written) == amount


@pytest.mark.parametrize("bad", ["-100", -1, "面议", "三千", "nan"])
def test_income_that_is_negative_or_not_a_number_is_rejected(bad):
    with pytest.raises(cells.CellError):
        cells.income(bad)


@pytest.mark.parametrize(("written", "meaning"), [("是", True), ("√", True), ("Y", True), ("y", True), (1, True),
                                                  (1.0, True), ("否", False), ("N", False), (0, False), ("", False),
                                                  (None, False), ("Ｙ", True)])  # fmt: skip
def test_yes_and_no_in_their_usual_forms(written, meaning):
    assert cells.yes_no(written) is meaning


def test_an_unclear_yes_or_no_is_rejected():
    with pytest.raises(cells.CellError):
        cells.yes_no("也许")


@given(order=st.integers(0, 999))
def test_an_18_digit_id_stored_as_a_number_is_refused_and_a_15_digit_one_is_kept(order):
    with pytest.raises(cells.CellError, match="文本"):
        cells.id_number(float(make_id(order=order)[:17] + "1"))
    assert cells.id_number(float(f"452230750301{order:03d}")) == f"452230750301{order:03d}"


def test_township_and_village_names_match_with_or_without_their_suffix():
    class R:
        def __init__(self, name):
            self.name = name

    tongmu, sanjiang, town_street = R("桐木镇"), R("三江乡"), R("南海街道")
    lookup = cells.build_name_lookup([tongmu, sanjiang, town_street], cells.TOWNSHIP_SUFFIX)
    assert lookup["桐木"] is tongmu and lookup["桐木镇"] is tongmu and lookup["南海"] is town_street
    assert "桐" not in lookup and "桐木乡" not in lookup
    gaoren, city = R("高仁村委会"), R("城中社区")
    villages = cells.build_name_lookup([gaoren, city], cells.VILLAGE_SUFFIX)
    assert villages["高仁"] is gaoren and villages["高仁村"] is gaoren and villages["城中"] is city


def test_a_name_shared_by_two_villages_is_not_guessed():
    class R:
        def __init__(self, name):
            self.name = name

    lookup = cells.build_name_lookup([R("新村村委会"), R("新村社区")], cells.VILLAGE_SUFFIX)
    assert "新村" not in lookup


def test_the_place_class_words_of_the_ledger():
    partners = ("广东省",)
    assert cells.place_class("区内县外", partner_province_names=partners) == "in_province"
    assert cells.place_class("省内县外", partner_province_names=partners) == "in_province"
    assert cells.place_class("广东", partner_province_names=partners) == "partner_province"
    assert cells.place_class("广东省", partner_province_names=partners) == "partner_province"
    with pytest.raises(cells.CellError, match="广东省"):
        cells.place_class("外省", partner_province_names=partners)


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers(), st.none(), st.booleans(),
                 st.dates()))  # fmt: skip
def test_no_cell_parser_fails_with_anything_but_a_cell_error(value):
    for parse in (cells.date, cells.income, cells.yes_no, cells.sex, cells.education, cells.ethnicity,
                  cells.employment_state, cells.id_number, cells.phone, cells.text):  # fmt: skip
        try:
            parse(value)
        except cells.CellError:
            pass


def test_a_memoised_parser_gives_the_same_answers_and_errors():
    calls = []

    def parse(value):
        calls.append(value)
        if value == "bad":
            raise cells.CellError("坏值")
        return value * 2

    memo = cells.memoised(parse)
    assert memo(2) == 4 and memo(2) == 4 and memo(2.0) == 4.0
    for _ in range(2):
        with pytest.raises(cells.CellError, match="坏值"):
            memo("bad")
    assert calls == [2, 2.0, "bad"]  # each distinct value (and type) parsed once
