import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core.vocabulary import UnknownWord
from laborbridge.ledger import cells
from laborbridge.ledger.vocabulary import state_word
from laborbridge.regions.places import PlaceIndex
from laborbridge.workers.choices import PlaceClass, PovertyStatus, Sex
from laborbridge.workers.vocabulary import PLACE_CLASSES, POVERTY_STATUSES, SEXES

PARTNER = ("广东省",)


@pytest.mark.parametrize("vocabulary", [SEXES, POVERTY_STATUSES, PLACE_CLASSES])
def test_every_label_means_its_own_value_and_back(vocabulary):
    for value in vocabulary.values:
        assert vocabulary.parse(vocabulary.label(value)) == value


def test_a_blank_poverty_status_is_an_ordinary_household_and_a_blank_sex_is_unknown():
    assert POVERTY_STATUSES.parse("") == PovertyStatus.ORDINARY
    assert SEXES.parse(" ") == ""


def test_the_household_words_of_the_monitoring_system_are_understood():
    assert POVERTY_STATUSES.parse("脱贫不稳定户") == PovertyStatus.ALLEVIATED
    assert POVERTY_STATUSES.parse("边缘易致贫户") == PovertyStatus.MONITORED
    with pytest.raises(UnknownWord, match="人员类别应为：脱贫劳动力、防止返贫监测对象、一般农户"):
        POVERTY_STATUSES.parse("贫困户")


@given(word=st.text(max_size=8))
def test_a_ledgers_sex_is_male_female_blank_or_refused(word):
    try:
        value = cells.sex(word)
    except cells.CellError as exc:
        assert "男" in str(exc) and "女" in str(exc)
    else:
        assert value in ("", Sex.MALE, Sex.FEMALE)


def test_the_partner_province_is_written_by_its_name_and_read_back():
    words = cells.place_words(PARTNER)
    assert words == ["县内", "区内县外", "广东省", "其他省份"]
    places = cells.PlaceReader(
        index=PlaceIndex([("44", "广东省")], home_county="451324"),
        classify=lambda code: PlaceClass.PARTNER_PROVINCE,
        partner_province_names=PARTNER,
    )
    assert [places(w).place_class for w in words] == PLACE_CLASSES.values
    assert places("广东").place_class == PlaceClass.PARTNER_PROVINCE
    with pytest.raises(cells.CellError, match="县内、区内县外（省内县外）、广东省、其他省份"):
        places("海外")


@pytest.mark.parametrize("channel", ["", "self_employed", "public_welfare", "workshop"])
def test_the_employment_state_written_by_the_export_is_read_back(channel):
    written = state_word(employed=True, channel=channel)
    assert cells.employed_and_channel(cells.employment_state(written)) == (True, channel)
    assert cells.employed_and_channel(cells.employment_state(state_word(employed=False))) == (False, "")
