import datetime
import json
from unittest import mock

import pytest
from django.utils import timezone

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
