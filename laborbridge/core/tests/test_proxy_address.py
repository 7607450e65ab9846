"""Behind our reverse proxy, lockouts, limits and the audit trail see the client's address, not the proxy's
(laborbridge/core/proxy.py); a client cannot choose its own address by sending the header."""

import pytest

from laborbridge.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def failed_sign_in(client, **headers) -> str:
    client.post("/accounts/login/", {"username": "jinxiu", "password": "wrong-password"}, **headers)
    return AuditEvent.objects.filter(action="login_failed").latest("pk").ip


def test_a_request_from_the_trusted_proxy_is_counted_by_the_address_it_passes_on(client, users, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert failed_sign_in(client, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"


def test_the_header_from_anyone_else_is_ignored(client, users, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert failed_sign_in(client, REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9") == "198.51.100.7"


def test_without_trusted_proxies_the_header_is_ignored(client, users, settings):
    settings.TRUSTED_PROXIES = []
    assert failed_sign_in(client, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9") == "127.0.0.1"


def test_a_header_that_is_not_an_address_leaves_the_proxys(client, users, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]
    assert failed_sign_in(client, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="<script>") == "127.0.0.1"
