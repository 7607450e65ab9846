import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from laborbridge.core import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_a_valid_code_is_accepted_in_any_common_form():
    assert uscc.parse("91110000600037341L") == "91110000600037341L"
    assert uscc.parse(" 9111 0000 6000 3734 1l ") == "91110000600037341L"
    assert uscc.parse("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


@pytest.mark.parametrize(("raw", "fragment"), [("91110000600037341X", "校验位"), ("9111000060003734", "18位"),
                                               ("91110000600037341I", "")])  # fmt: skip
def test_a_wrong_code_gets_a_chinese_reason(raw, fragment):
    with pytest.raises(ValidationError) as info:
        uscc.parse(raw)
    assert fragment in info.value.messages[0] and "统一社会信用代码" in info.value.messages[0]


@given(body=st.text(alphabet="0123456789", min_size=8, max_size=8), org=st.text(alphabet=ALPHABET, min_size=8,
       max_size=8), position=st.integers(0, 17), replacement=st.sampled_from(ALPHABET))  # fmt: skip
def test_any_valid_code_passes_and_any_one_changed_character_fails(body, org, position, replacement):
    first17 = "91" + body[:6] + org + body[6]
    code = first17 + stdnum_uscc.calc_check_digit(first17)
    assert uscc.parse(code) == code
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        uscc.parse(changed)
