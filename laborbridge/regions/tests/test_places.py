"""Places as ledgers write them, read against the whole division tree of China (no database: the shipped files)."""

import csv
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborbridge.regions.places import PlaceError, PlaceIndex, short_names
from laborbridge.regions.services import DATA_DIR

JINXIU = "451324"


@functools.cache
def rows() -> tuple[tuple[str, str], ...]:
    found = []
    for name in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
            found.extend((row["code"].strip(), row["name"].strip()) for row in csv.DictReader(handle))
    return tuple(found)


@functools.cache
def index() -> PlaceIndex:
    return PlaceIndex(rows(), home_county=JINXIU)


def reachable() -> list[str]:
    """Every region a ledger of 金秀 may name alone: all but the other counties' townships."""
    return [
        code for code, name in rows() if code in index().names and (len(code) < 9 or code.startswith(JINXIU))
    ]


@pytest.mark.parametrize(
    "written, code",
    [
        ("广东省茂名市电白区", "440904"),
        ("深圳市宝安区", "440306"),
        ("广州", "4401"),
        ("南宁市", "4501"),
        ("桐木镇", "451324101"),
        ("桐木", "451324101"),
        ("浙江义乌", "330782"),
        ("广东茂名", "4409"),
        ("茂名市茂南区", "440902"),
        ("佛山市南海区", "440605"),
        ("桂林", "4503"),
        ("金秀", JINXIU),  # the county, not its township 金秀镇
        ("金秀县", JINXIU),
        ("金秀瑶族自治县", JINXIU),
        ("广西金秀桐木", "451324101"),
        ("来宾市金秀瑶族自治县桐木镇", "451324101"),
        ("海南", "46"),  # the province, not 海南藏族自治州 or 海南区
        ("吉林", "22"),  # the province, around its city 吉林市
        ("内蒙古", "15"),
        ("恩施州", "4228"),
        ("北京市朝阳区", "110105"),
        ("上海浦东新区", "310115"),
        ("广东 深圳 宝安", "440306"),
        ("广东省－深圳市", "4403"),
        ("东莞市长安镇", "441900119"),  # a township after its city
        ("深圳宝安福永", "440306020"),
    ],
)
def test_a_place_written_as_clerks_write_it_names_its_region(written, code):
    assert index().resolve(written).code == code


@pytest.mark.parametrize(
    "written, some",
    [
        ("鼓楼区", ["江苏省南京市鼓楼区", "福建省福州市鼓楼区"]),
        ("江北区", ["浙江省宁波市江北区", "重庆市江北区"]),
        ("新华区", ["河北省石家庄市新华区", "河南省平顶山市新华区"]),
        ("朝阳区", ["北京市朝阳区", "吉林省长春市朝阳区"]),
        ("朝阳", ["北京市朝阳区", "辽宁省朝阳市"]),
    ],
)
def test_a_name_shared_by_regions_is_refused_with_the_candidates(written, some):
    with pytest.raises(PlaceError) as refused:
        index().resolve(written)
    message = str(refused.value)
    assert message.startswith(f"“{written}”有多个同名地区：") and message.endswith("请写明所在省市")
    assert all(name in message and name in refused.value.candidates for name in some)


def test_at_most_five_candidates_are_listed_with_how_many_there_are():
    with pytest.raises(PlaceError) as refused:
        index().resolve("城关镇")  # a township of nobody's home county here, under 88 counties
    assert len(refused.value.candidates) == 5 and "等88处" in str(refused.value)
    assert "不是本县的乡镇" in str(refused.value)


def test_a_township_of_another_county_alone_is_refused_saying_where_it_is():
    with pytest.raises(PlaceError, match="广东省深圳市宝安区福永街道"):
        index().resolve("福永街道")


@pytest.mark.parametrize("written", ["东南亚", "xyz", "月球", "广东省月球市", "深圳市南宁市", "12345"])
def test_an_unknown_place_is_refused_with_what_to_write(written):
    with pytest.raises(PlaceError, match=f"无法识别地点“{written}”"):
        index().resolve(written)


def test_a_place_is_its_full_name_with_province_and_city():
    assert index().resolve("宝安").full_name == "广东省深圳市宝安区"
    assert index().resolve("北京朝阳区").full_name == "北京市朝阳区"  # 市辖区 left out


def test_autonomous_names_lose_their_ethnic_groups_but_keep_the_place():
    assert short_names("451324", "金秀瑶族自治县") == {"金秀", "金秀县"}
    assert short_names("15", "内蒙古自治区") == {"内蒙古"}
    assert short_names("2224", "延边朝鲜族自治州") == {"延边", "延边州"}
    assert short_names("220623", "长白朝鲜族自治县") == {"长白", "长白县"}
    assert short_names("6527", "博尔塔拉蒙古自治州") == {"博尔塔拉", "博尔塔拉州"}
    assert short_names("340523", "和县") == set()  # one character is not a name


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_regions_full_name_resolves_back_to_it(data):
    code = data.draw(st.sampled_from(reachable()))
    place = index().resolve(index().full_name(code))
    # 东莞市's one county is also 东莞市: its full name is the city's, the same place.
    assert place.code == code or place.full_name == index().full_name(code)


def test_every_regions_full_name_resolves_back_to_it():
    wrong = []
    for code in reachable():
        place = index().resolve(index().full_name(code))
        if place.code != code and place.full_name != index().full_name(code):
            wrong.append((code, place.code))
    assert wrong == []


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_short_name_shared_with_no_other_region_resolves_to_its_region(data):
    code = data.draw(st.sampled_from(reachable()))
    unique = [
        s for s in short_names(code, index().names[code]) if {c for c, _ in index().top.get(s, ())} == {code}
    ]
    for short in unique:
        assert index().resolve(short).code == code


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_county_after_its_province_in_short_form_resolves_to_the_county(data):
    county = data.draw(st.sampled_from([c for c in reachable() if len(c) == 6]))
    province = index().names[county[:2]]
    for province_name in (province, *short_names(county[:2], province)):
        for county_name in (index().names[county], *short_names(county, index().names[county])):
            try:
                place = index().resolve(province_name + county_name)
            except PlaceError as exc:  # only when the county's name is shared inside its province
                assert len(exc.candidates) > 1 and all(c.startswith(province) for c in exc.candidates)
            else:
                assert place.code == county or county.startswith(place.code) or place.code.startswith(county)


@given(st.text(max_size=80))
def test_garbage_never_crashes_it(text):
    try:
        index().resolve(text)
    except PlaceError as exc:
        assert str(exc)


def test_the_same_text_is_read_once():
    places = PlaceIndex([("44", "广东省"), ("4403", "深圳市")], home_county=JINXIU)
    assert places.resolve("深圳") is places.resolve("深圳")


@pytest.mark.django_db
def test_the_index_from_the_database_reads_other_townships_only_when_a_text_names_one(
    django_assert_max_num_queries,
):
    from laborbridge.regions.selectors import region_place_index

    with django_assert_max_num_queries(1):
        places = region_place_index(home_county=JINXIU)
        assert places.resolve("桐木镇").code == "451324101" and places.resolve("南宁").code == "4501"
    assert "441900119" not in places.names
    assert places.resolve("东莞市长安镇").code == "441900119"
    with pytest.raises(PlaceError, match="广东省深圳市宝安区福永街道"):
        places.resolve("福永街道")
