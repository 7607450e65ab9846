import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core import phone


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "0086 13812345678",
        "8613812345678",
        "138-1234-5678",
        " 138 1234 5678 ",
        "１３８１２３４５６７８",
    ],
)
def test_it_normalises_common_forms_of_a_mobile_number(raw):
    assert phone.parse(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "0771-1234567", "abc", ""])
def test_it_rejects_what_is_not_a_mainland_mobile(raw):
    with pytest.raises(ValidationError) as info:
        phone.parse(raw)
    assert "手机号码" in info.value.messages[0]


def test_mask_shows_the_first_three_and_last_four():
    assert phone.mask("13812345678") == "138****5678"


@given(second=st.integers(3, 9), rest=st.integers(0, 10**9 - 1), sep=st.sampled_from(["", " ", "-"]))
def test_any_valid_mobile_parses_with_any_separator(second, rest, sep):
    number = f"1{second}{rest:09d}"
    written = sep.join([number[:3], number[3:7], number[7:]])
    assert phone.parse(written) == number
    assert phone.parse("+86" + written) == number


@given(st.text(max_size=20))
def test_parse_fails_only_with_a_validation_error(raw):
    try:
        assert phone.MOBILE.fullmatch(phone.parse(raw))
    except ValidationError:
        pass
