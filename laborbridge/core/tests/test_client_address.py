"""The client's address behind our own proxies: believed from X-Forwarded-For only as far as our proxies wrote it."""

import pytest
from django.test import RequestFactory, override_settings

from laborbridge.core.audit import client_ip

factory = RequestFactory()


def address(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(factory.get("/", **meta))


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_through_our_proxy_the_client_is_the_address_the_proxy_appended():
    assert address("127.0.0.1", "203.0.113.7") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_what_a_client_writes_at_the_front_of_the_header_is_not_believed():
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/24"])
def test_a_chain_of_our_proxies_is_walked_back_to_the_first_address_not_ours():
    assert address("127.0.0.1", "9.9.9.9, 203.0.113.7, 10.0.0.5") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_request_that_does_not_come_through_our_proxy_keeps_its_peer():
    assert address("203.0.113.9", "1.2.3.4") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
@pytest.mark.parametrize("header", ["", "not-an-address", "203.0.113.7, <script>"])
def test_a_missing_or_malformed_header_leaves_the_proxy_address_rather_than_trusting_text(header):
    assert address("127.0.0.1", header) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_sign_in_failures_behind_the_proxy_lock_the_client_not_everyone_behind_it(client):
    from laborbridge.accounts.lockout import Lock, locks

    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "nobody", "password": "guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    assert Lock.USERNAME_AND_IP in locks("nobody", "203.0.113.50")
    assert locks("nobody", "203.0.113.51") == []
    assert locks("nobody", "127.0.0.1") == []
