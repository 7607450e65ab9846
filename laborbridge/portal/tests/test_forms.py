import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.portal.forms import Last4Form, PhoneField

pytestmark = pytest.mark.django_db

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
separators = st.sampled_from(["", " ", "-", "\u3000"])


@given(number=mobiles, prefix=st.sampled_from(["", "+86", "86", "0086"]), sep=separators)
def test_a_mobile_written_any_usual_way_is_read_as_its_eleven_digits(number, prefix, sep):
    written = prefix + sep.join([number[:3], number[3:7], number[7:]])
    assert PhoneField().clean(written) == number


@given(text=st.text(max_size=20))
def test_any_text_is_read_as_a_mobile_or_refused_with_a_chinese_message(text):
    from django.core.exceptions import ValidationError

    try:
        cleaned = PhoneField(required=False).clean(text)
    except ValidationError as error:
        assert all(re.search("[\u4e00-\u9fff]", m) for m in error.messages)
    else:
        assert cleaned == "" or (len(cleaned) == 11 and cleaned.isdigit())


@given(last4=st.from_regex(r"[0-9]{3}[0-9xX]", fullmatch=True))
def test_the_last_four_accepts_digits_and_a_final_x(last4):
    assert Last4Form({"last4": last4}).is_valid()


@pytest.mark.parametrize("last4", ["123", "12345", "x123", "12a4", ""])
def test_the_last_four_refuses_anything_else(last4):
    assert not Last4Form({"last4": last4}).is_valid()
