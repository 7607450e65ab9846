import datetime
import json
from unittest import mock

import pytest
from django.utils import timezone

from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, times, username="tongmu"):
    for _ in range(times):
        client.post("/accounts/login/", {"username": username, "password": "guess"})


def test_five_failures_lock_the_username_even_for_the_right_password(users, client):
    fail(client, 5)
    response = client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD})
    assert response.status_code == 200 and "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    token = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "tongmu", "password": PASSWORD}),
        content_type="application/json",
    )
    assert token.status_code == 403 and "锁定" in token.json()["detail"]
    other = client.post("/accounts/login/", {"username": "jinxiu", "password": PASSWORD})
    assert other.status_code == 302  # only that username is locked


def test_four_failures_then_a_success_start_the_count_again(users, client):
    fail(client, 4)
    assert client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD}).status_code == 302
    client.logout()
    fail(client, 4)
    assert client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD}).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(users, client):
    fail(client, 5)
    # The trail is append-only, in the database too: the clock moves forward instead of the events back.
    later = timezone.now() + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert (
            client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD}).status_code == 302
        )


A, B = "203.0.113.7", "198.51.100.20"


def fail_from(client, ip, times, username="tongmu"):
    for _ in range(times):
        client.post("/accounts/login/", {"username": username, "password": "guess"}, REMOTE_ADDR=ip)


def sign_in_from(client, ip, username="tongmu"):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)


def token_from(client, ip, username="tongmu", password=PASSWORD):
    body = json.dumps({"username": username, "password": password})
    return client.post("/api/v1/auth/token", body, content_type="application/json", REMOTE_ADDR=ip)


def test_a_stranger_failing_five_times_from_one_address_does_not_lock_the_user_out_at_another(users, client):
    fail_from(client, A, 5)
    assert "暂时锁定" in sign_in_from(client, A).content.decode()
    assert sign_in_from(client, B).status_code == 302


def test_nor_through_the_api(users, client):
    for _ in range(5):
        token_from(client, A, password="guess")
    assert token_from(client, A).status_code == 403
    assert token_from(client, B).status_code == 200


def test_one_address_guessing_across_many_usernames_is_locked_for_all_of_them(users, client, settings):
    for name in ("tongmu", "jinxiu", "dianbai", "maonan"):
        fail_from(client, A, 4, username=name)  # each pair stays below its own limit of 5
    fail_from(client, A, settings.LOGIN_FAILURES_PER_IP - 16, username="nobody")
    assert "暂时锁定" in sign_in_from(client, A, "xiezuo").content.decode()
    assert sign_in_from(client, B, "xiezuo").status_code == 302


def test_guessing_spread_over_many_addresses_locks_the_username_at_a_higher_limit(users, client, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 12
    for n in range(3):
        fail_from(client, f"192.0.2.{n + 1}", 4)
    assert "暂时锁定" in sign_in_from(client, B).content.decode()
    assert sign_in_from(client, B, "jinxiu").status_code == 302


def test_the_moment_a_lock_begins_is_audited_once(users, client):
    fail_from(client, A, 7)
    lock = AuditEvent.objects.get(action="lockout")
    assert lock.actor_label == "tongmu" and lock.ip == A and lock.success is False
    assert lock.details["lock"] == "username_ip" and lock.details["failures"] == 5
