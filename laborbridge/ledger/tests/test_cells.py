import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.ledger import cells
from laborbridge.ledger.tests.ledgers import make_id
from laborbridge.regions.places import PlaceIndex

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


def reader():
    """A ledger of 金秀 (paired with Guangdong), over a few regions."""
    regions = [("44", "广东省"), ("4403", "深圳市"), ("440306", "宝安区"), ("45", "广西壮族自治区"),
               ("4501", "南宁市"), ("4513", "来宾市"), ("451324", "金秀瑶族自治县"), ("451324101", "桐木镇"),
               ("33", "浙江省"), ("3307", "金华市"), ("330782", "义乌市")]  # fmt: skip
    partners = ("44",)

    def classify(code):  # the pairing's rule, as employment.places.place_class_for has it
        if code.startswith("451324"):
            return "in_county"
        return (
            "in_province"
            if code[:2] == "45"
            else "partner_province"
            if code[:2] in partners
            else "other_province"
        )

    index = PlaceIndex(regions, home_county="451324")
    return cells.PlaceReader(index=index, classify=classify, partner_province_names=("广东省",))


def test_the_place_class_words_of_the_ledger_still_name_a_class_only():
    places = reader()
    for word, place_class in [("区内县外", "in_province"), ("省内县外", "in_province"), ("县内", "in_county"),
                              ("广东", "partner_province"), ("广东省", "partner_province"),
                              ("协作省份", "partner_province"), ("其他省份", "other_province")]:  # fmt: skip
        assert places(word) == cells.PlaceCell(text=word, place_class=place_class, code=None)


def test_a_place_is_read_into_its_region_and_the_class_follows_from_the_pairing():
    places = reader()
    assert places("深圳市宝安区") == cells.PlaceCell("深圳市宝安区", "partner_province", "440306")
    assert places("南宁市") == cells.PlaceCell("南宁市", "in_province", "4501")
    assert places("桐木镇") == cells.PlaceCell("桐木镇", "in_county", "451324101")
    assert places("浙江义乌") == cells.PlaceCell("浙江义乌", "other_province", "330782")
    assert places("  深圳 宝安 ") == cells.PlaceCell("深圳 宝安", "partner_province", "440306")
    assert places("") is None and places(None) is None


@pytest.mark.parametrize("word", ["外省", "省外", "区外", "县外"])
def test_a_word_that_names_two_classes_is_refused_with_the_words_to_use(word):
    with pytest.raises(cells.CellError, match=r"不能确定务工地域.*广东省"):
        reader()(word)


def test_an_unknown_place_is_refused_once_with_what_may_be_written():
    places = reader()
    for _ in range(2):  # the second answer comes from memory, the same
        with pytest.raises(cells.CellError, match=r"无法识别地点“东南亚”.*县内、区内县外"):
            places("东南亚")


@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True), st.integers(), st.none(), st.booleans()))
def test_reading_a_place_fails_with_nothing_but_a_cell_error(value):
    try:
        reader()(value)
    except cells.CellError:
        pass


@pytest.mark.parametrize(
    "word, state",
    [("外出务工", "employed"), ("务工", "employed"), ("已就业", "employed"), ("在岗", "employed"),
     ("灵活就业", "employed"), ("自主创业", "self_employed"), ("创业", "self_employed"),
     ("公益性岗位", "public_welfare"), ("未就业", "not_employed"), ("待业", "not_employed"),
     ("在家", "not_employed"), (" 外出 务工 ", "employed")],
)  # fmt: skip
def test_the_status_words_clerks_write(word, state):
    assert cells.employment_state(word) == state


def test_a_status_says_whether_employed_and_how():
    assert cells.employed_and_channel("self_employed") == (True, "self_employed")
    assert cells.employed_and_channel("employed") == (True, "")
    assert cells.employed_and_channel("not_employed") == (False, "")
    assert cells.employed_and_channel(None) == (None, "")


def test_free_text_keeps_full_width_marks_and_compares_them_as_the_same():
    assert cells.free_text(" 电工（持证）  叉车 ") == "电工（持证） 叉车"
    assert cells.same_text("电工(持证)", "电工（持证）") and not cells.same_text("电工", "焊工")


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
