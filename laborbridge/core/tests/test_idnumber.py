import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from laborbridge.core import idnumber

TODAY = datetime.date(2026, 11, 26)


def build(code="451324", birth="19900517", order="123"):
    body = code + birth + order
    return body + idnumber.check_digit(body)


def error_code(raw):
    with pytest.raises(ValidationError) as info:
        idnumber.parse(raw, today=TODAY)
    return info.value.code


def test_it_accepts_a_valid_number_and_derives_birth_date_and_sex():
    parsed = idnumber.parse(build(order="123"), today=TODAY)
    assert parsed.birth_date == datetime.date(1990, 5, 17)
    assert parsed.sex == "M"  # 17th digit odd
    assert idnumber.parse(build(order="124"), today=TODAY).sex == "F"


def test_it_rejects_a_wrong_check_digit():
    number = build()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert error_code(wrong) == "checksum"


def test_it_rejects_an_impossible_birth_date():
    body = "451324" + "19900230" + "123"
    assert error_code(body + idnumber.check_digit(body)) == "birth_date"


def test_it_rejects_a_birth_date_in_the_future():
    body = "451324" + "20300101" + "123"
    assert error_code(body + idnumber.check_digit(body)) == "birth_date"


def test_it_rejects_an_address_code_that_never_existed():
    assert error_code(build(code="999999")) == "address_code"


def test_it_accepts_a_code_created_after_the_birth_year():
    # Born 1975, first registered in 2005 under 451324 (created 2002): a real 金秀 worker.
    assert idnumber.parse(build(birth="19750301"), today=TODAY).address_code == "451324"


def test_it_accepts_a_code_that_no_longer_exists():
    assert idnumber.parse(build(code="452230", birth="19750301"), today=TODAY).address_code == "452230"
    assert idnumber.parse(build(code="440923", birth="19800101"), today=TODAY).address_code == "440923"


def test_it_converts_a_15_digit_number_to_18():
    parsed = idnumber.parse("452230750301123", today=TODAY)
    assert parsed.number == build(code="452230", birth="19750301", order="123")
    assert parsed.birth_date == datetime.date(1975, 3, 1)


def test_it_upper_cases_a_trailing_x():
    # find an order whose check digit is X
    number = next(n for n in (build(order=f"{i:03d}") for i in range(1000)) if n.endswith("X"))
    assert idnumber.parse(number.lower(), today=TODAY).number == number


def test_it_folds_full_width_digits_and_spaces():
    number = build()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert idnumber.parse(full_width, today=TODAY).number == number
    assert idnumber.parse(f" {number[:6]} {number[6:14]} {number[14:]} ", today=TODAY).number == number


def test_it_explains_an_id_that_excel_stored_as_a_number():
    assert error_code("4.51324199005171E+17") == "numeric"


@pytest.mark.parametrize("raw", ["", "12345", "4513241990051712345", "45132419900517123A"])
def test_it_rejects_wrong_lengths_and_characters(raw):
    assert error_code(raw) in {"required", "length", "format"}


def test_every_message_is_chinese():
    with pytest.raises(ValidationError) as info:
        idnumber.parse("123", today=TODAY)
    assert "公民身份号码" in info.value.messages[0]


def test_mask_keeps_the_address_code_and_last_four():
    assert idnumber.mask("45132419900517123X") == "451324**********3X"


births = st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31))
codes = st.sampled_from(["451324", "452230", "440904", "440902", "440923", "110101"])
orders = st.integers(min_value=0, max_value=999)


@given(code=codes, birth=births, order=orders)
def test_any_well_formed_number_round_trips(code, birth, order):
    number = build(code=code, birth=f"{birth:%Y%m%d}", order=f"{order:03d}")
    parsed = idnumber.parse(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if order % 2 else "F")
    assert idnumber.parse(number.lower(), today=TODAY) == parsed


@given(
    birth=births,
    order=orders,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789X"),
)
def test_changing_any_one_character_is_caught(birth, order, position, replacement):
    number = build(birth=f"{birth:%Y%m%d}", order=f"{order:03d}")
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        idnumber.parse(changed, today=TODAY)


@given(st.text(max_size=30))
def test_parse_never_fails_with_anything_but_a_validation_error(raw):
    try:
        idnumber.parse(raw, today=TODAY)
    except ValidationError as exc:
        assert exc.messages


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_digit_is_the_standards_weighted_sum(first17):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    assert idnumber.check_digit(first17) == "10X98765432"[total % 11]
