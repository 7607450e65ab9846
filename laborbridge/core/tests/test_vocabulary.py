import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core.education import EDUCATION, EDUCATION_MINIMUM, SYNONYMS, Education
from laborbridge.core.headers import HeaderAliases
from laborbridge.core.vocabulary import UnknownWord, fold
from laborbridge.core.yes_no import NO, YES, yes_no_parse, yes_no_word
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employers.vocabulary import EMPLOYER_KINDS, VACANCY_STATUSES

ALL_VOCABULARIES = [EDUCATION, EDUCATION_MINIMUM, EMPLOYER_KINDS, VACANCY_STATUSES]
words = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


def spaced(word: str) -> str:
    """The word as a careless sheet writes it: full-width, padded, broken over lines."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    return f" {wide[:1]}\n{wide[1:]} "


@pytest.mark.parametrize("vocabulary", ALL_VOCABULARIES)
def test_every_label_means_its_own_value(vocabulary):
    for value, label in vocabulary.choices.choices:
        assert vocabulary.parse(label) == value
        assert vocabulary.label(value) == label


@pytest.mark.parametrize("vocabulary", ALL_VOCABULARIES)
def test_every_accepted_word_survives_spaces_and_full_width_forms(vocabulary):
    for word, value in vocabulary.words.items():
        assert vocabulary.parse(spaced(word)) == value


@given(word=words)
def test_any_word_is_either_a_level_of_education_or_refused_with_the_allowed_labels(word):
    try:
        value = EDUCATION.parse(word)
    except UnknownWord as exc:
        assert "初中" in str(exc) and "本科及以上" in str(exc)
    else:
        assert value in ("", *Education.values)


def test_the_trade_and_vocational_school_words_mean_senior_and_college():
    for word in ("技校", "职高", "中专", "中职", "高中"):
        assert EDUCATION.parse(word) == EDUCATION_MINIMUM.parse(word) == Education.SENIOR
    for word in ("专科", "高职", "大专"):
        assert EDUCATION.parse(word) == EDUCATION_MINIMUM.parse(word) == Education.COLLEGE


def test_a_vacancy_may_ask_for_no_minimum_but_a_worker_has_no_such_level():
    assert EDUCATION_MINIMUM.parse("不限") == EDUCATION_MINIMUM.parse("") == ""
    with pytest.raises(UnknownWord, match="文化程度应为"):
        EDUCATION.parse("不限")


def test_a_worker_and_a_vacancy_accept_the_same_words_for_each_level():
    assert {w: v for w, v in EDUCATION_MINIMUM.words.items() if w != fold("不限")} == EDUCATION.words
    assert all(fold(w) in EDUCATION.words for w in SYNONYMS)


def test_a_synonym_for_a_value_the_choices_lack_is_a_programming_error():
    from laborbridge.core.vocabulary import Vocabulary

    with pytest.raises(ValueError):
        Vocabulary(Education, synonyms={"幼儿园": "kindergarten"}, message="%(allowed)s")


def test_employer_kinds_and_vacancy_statuses_take_the_short_forms_sheets_use():
    assert EMPLOYER_KINDS.parse("个体户") == Employer.Kind.INDIVIDUAL
    assert EMPLOYER_KINDS.parse("国企") == Employer.Kind.STATE
    assert VACANCY_STATUSES.parse("招聘中") == Vacancy.Status.OPEN
    with pytest.raises(UnknownWord, match="草稿、招聘中、已招满、已关闭"):
        VACANCY_STATUSES.parse("招人")


@given(value=st.booleans())
def test_yes_and_no_read_back_what_an_export_writes(value):
    assert yes_no_parse(yes_no_word(value)) is value
    assert yes_no_parse(value) is value


@given(word=st.sampled_from(sorted(YES | NO)), upper=st.booleans())
def test_yes_and_no_words_mean_the_same_in_either_case(word, upper):
    written = word.upper() if upper else word.lower()
    assert yes_no_parse(written) is (word in YES)


@given(word=words)
def test_any_other_word_is_neither_yes_nor_no(word):
    if fold(word) in YES | NO:
        return
    with pytest.raises(UnknownWord, match=r"是.*否"):
        yes_no_parse(word)


def test_numbers_one_and_zero_are_yes_and_no_but_two_is_neither():
    assert yes_no_parse(1) is yes_no_parse(1.0) is True
    assert yes_no_parse(0) is yes_no_parse(0.0) is False
    with pytest.raises(UnknownWord):
        yes_no_parse(2)


HEADERS = HeaderAliases({"name": ("姓名", "人员姓名"), "phone": ("手机号码", "联系电话")}, required=("name",))


def test_the_header_is_the_row_naming_the_most_known_columns_under_a_title():
    rows = [
        ["2024年 名单"],
        ["姓名"],
        ["序号", "人员 姓名", "联系电话", "备注"],
        ["1", "黄秀", "13800000000"],
    ]
    header = HEADERS.find(rows)
    assert (header.row_index, header.columns, header.unknown) == (2, {"name": 1, "phone": 2}, ["备注"])
    assert header.texts == {"name": "人员 姓名", "phone": "联系电话"}


def test_a_header_without_the_required_columns_is_not_found():
    assert HEADERS.find([["联系电话", "备注"]]) is None
    assert HEADERS.find([["序号"]] * 15 + [["姓名"]]) is None  # below the rows searched


def test_a_second_column_with_the_same_meaning_is_reported_not_used():
    header = HEADERS.find([["姓名", "手机号码", "联系电话"]])
    assert header.columns == {"name": 0, "phone": 1} and header.unknown == ["联系电话"]


def test_one_header_text_naming_two_fields_is_a_programming_error():
    with pytest.raises(ValueError):
        HeaderAliases({"a": ("电话",), "b": ("电 话",)}, required=())
