import pytest
from cryptography.exceptions import InvalidTag

from laborbridge.core import crypto


def test_encryption_round_trips_and_hides_the_plaintext():
    token = crypto.encrypt("45132419900517123X", context="id")
    assert "45132419900517123X" not in token
    assert crypto.decrypt(token, context="id") == "45132419900517123X"


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("13812345678", context="p") != crypto.encrypt("13812345678", context="p")


def test_a_tampered_ciphertext_is_refused():
    token = crypto.encrypt("13812345678", context="p")
    body = bytearray(token.encode())
    body[-3] = ord("A") if body[-3] != ord("A") else ord("B")
    with pytest.raises((InvalidTag, ValueError)):
        crypto.decrypt(body.decode(), context="p")


def test_a_ciphertext_moved_to_another_field_is_refused():
    token = crypto.encrypt("13812345678", context="phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, context="id_number")


def test_the_blind_index_is_stable_keyed_and_field_specific():
    assert crypto.blind_index("x", context="a") == crypto.blind_index("x", context="a")
    assert crypto.blind_index("x", context="a") != crypto.blind_index("x", context="b")
    assert crypto.blind_index("x", context="a") != crypto.blind_index("y", context="a")
