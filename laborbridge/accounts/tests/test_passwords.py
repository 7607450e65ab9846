import datetime

import pytest
from django.utils import timezone

from laborbridge.accounts.models import User
from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db


def change(client, new, old=PASSWORD):
    return client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("Tm-2024ab", "at least 10 characters"),
        ("password123", "a common password"),
        ("tongmu-town", "like the username"),
        ("1234567890123", "all digits"),
    ],
)
def test_a_new_password_is_refused_when_it_is(users, client, new, reason):
    client.force_login(users["tongmu"])
    response = change(client, new)
    assert response.status_code == 200, reason
    users["tongmu"].refresh_from_db()
    assert users["tongmu"].check_password(PASSWORD)


def test_a_good_password_is_accepted_and_the_change_audited(users, client):
    client.force_login(users["tongmu"])
    assert change(client, "Dayaoshan-Tea-2024").status_code == 302
    assert AuditEvent.objects.filter(actor=users["tongmu"], details__password_changed=True).exists()


def test_an_account_with_a_temporary_password_must_change_it_before_anything_else(users, client):
    users["tongmu"].must_change_password = True
    users["tongmu"].save()
    client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD})
    response = client.get("/workers/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")
    assert "临时密码" in client.get("/accounts/password/").content.decode()
    assert change(client, "Dayaoshan-Tea-2024").status_code == 302
    assert client.get("/workers/").status_code == 200
    users["tongmu"].refresh_from_db()
    assert users["tongmu"].must_change_password is False


def test_the_api_refuses_a_token_while_the_password_must_be_changed(users, client):
    import json

    users["tongmu"].must_change_password = True
    users["tongmu"].save()
    body = json.dumps({"username": "tongmu", "password": PASSWORD})
    answer = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert answer.status_code == 403 and "修改密码" in answer.json()["detail"]


def test_a_password_older_than_the_setting_must_be_changed(users, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 180
    User.objects.filter(pk=users["tongmu"].pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=181)
    )
    client.force_login(users["tongmu"])
    assert client.get("/workers/").url.startswith("/accounts/password/")
    assert "使用期限" in client.get("/accounts/password/").content.decode()


def test_passwords_do_not_expire_when_the_setting_is_zero(users, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    User.objects.filter(pk=users["tongmu"].pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=1000)
    )
    client.force_login(users["tongmu"])
    assert client.get("/workers/").status_code == 200


def test_setting_a_password_stamps_its_time(users):
    user = users["tongmu"]
    user.set_password("Dayaoshan-Tea-2024")
    assert timezone.now() - user.password_changed_at < datetime.timedelta(seconds=5)
