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


# Contact phones that are not a worker's: a mobile, or a landline with its area code.


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("0668-5123456", "0668-5123456"),
        ("0668 5123456", "0668-5123456"),
        ("(0668)5123456", "0668-5123456"),
        ("（0668）5123456", "0668-5123456"),
        ("06685123456", "0668-5123456"),
        ("０６６８－５１２３４５６", "0668-5123456"),
        ("020-12345678", "020-12345678"),
        ("020 1234 5678", "020-12345678"),
        ("010-8123456", "010-8123456"),
        ("0668-5123456-801", "0668-5123456-801"),
        ("06685123456-801", "0668-5123456-801"),
        ("010-1234567-8", "010-1234567-8"),
        ("0668-5123456转801", "0668-5123456-801"),
        ("0668-5123456 转 801", "0668-5123456-801"),
        ("0668-5123456分机801", "0668-5123456-801"),
        ("(0668)5123456 ext.801", "0668-5123456-801"),
        ("+86 139-0000-1111", "13900001111"),
    ],
)
def test_a_contact_phone_written_the_usual_ways_is_stored_in_one_form(raw, stored):
    assert phone.parse_contact(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "5123456",  # no area code
        "0668-512345",  # a local number of six digits
        "0668-512345678",  # ... or of nine
        "066-85123456",  # an area code cut in the wrong place is not guessed at
        "0100-1234567",  # 010 is Beijing's whole code
        "0668-0123456",  # a local number starting with 0
        "2668-5123456",  # no leading 0
        "0668-5123456-8012345",  # an extension of seven digits
        "13800138000转801",  # a mobile has no extension
        "0668-5123456 李经理",
        "12812345678",
        "",
    ],
)
def test_a_contact_phone_that_is_neither_mobile_nor_landline_is_rejected_naming_the_field(raw):
    with pytest.raises(ValidationError) as info:
        phone.parse_contact(raw, label="企业联系电话")
    assert info.value.messages[0].startswith("企业联系电话应为11位手机号，或带区号的固定电话")


def test_the_reason_names_the_contact_phone_when_no_field_is_given():
    with pytest.raises(ValidationError) as info:
        phone.parse_contact("0668-123")
    assert info.value.messages[0].startswith("联系电话应为")


def test_a_workers_phone_stays_mobile_only():
    with pytest.raises(ValidationError):
        phone.parse("0668-5123456")


def test_a_landline_is_masked_to_its_area_code_and_last_three_digits():
    assert phone.mask("0668-5123456") == "0668-****456"
    assert phone.mask("020-12345678") == "020-*****678"
    assert phone.mask("0668-5123456-801") == "0668-****456-801"


def test_every_way_of_writing_a_landline_has_the_same_blind_index():
    from laborbridge.core.crypto import blind_index

    context = "employers.Employer.contact_phone"
    written = ["0668-5123456", "0668 5123456", "(0668)5123456", "06685123456"]
    assert len({blind_index(phone.parse_contact(raw), context=context) for raw in written}) == 1


AREAS = st.one_of(
    st.just("010"),
    st.integers(20, 29).map(lambda n: f"0{n}"),
    st.integers(300, 999).map(lambda n: f"0{n}"),
)
LOCALS = st.integers(1_000_000, 99_999_999).map(str)


@given(
    area=AREAS,
    local=LOCALS,
    extension=st.one_of(st.none(), st.integers(0, 999_999).map(str)),
    style=st.sampled_from(["{a}-{l}", "{a} {l}", "({a}){l}", "（{a}）{l}", "{a}{l}"]),
    ext_style=st.sampled_from(["-{e}", "转{e}", " 转 {e}", "分机{e}"]),
)
def test_any_valid_landline_in_any_usual_writing_parses_to_its_stored_form(
    area, local, extension, style, ext_style
):
    written = style.format(a=area, l=local)
    stored = f"{area}-{local}"
    if extension is not None:
        written += ext_style.format(e=extension)
        stored += f"-{extension}"
    assert phone.parse_contact(written) == stored
    masked = phone.mask(stored)
    assert local not in masked and masked.startswith(f"{area}-") and local[-3:] in masked


@given(st.text(alphabet="0123456789-() 转+（）", max_size=24))
def test_parse_contact_fails_only_with_a_validation_error_and_keeps_what_it_returns(raw):
    try:
        stored = phone.parse_contact(raw)
    except ValidationError:
        return
    assert phone.parse_contact(stored) == stored  # the stored form reads back as itself
    assert phone.MOBILE.fullmatch(stored) or phone.STORED_LANDLINE.fullmatch(stored)
