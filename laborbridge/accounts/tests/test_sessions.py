import json

import pytest

from laborbridge.accounts.middleware import SEEN, STARTED
from laborbridge.accounts.models import ApiToken
from laborbridge.accounts.services import api_token_issue, user_set_active
from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username="tongmu"):
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def age_session(client, *, idle=0, since_start=0):
    session = client.session
    session[SEEN] -= idle
    session[STARTED] -= since_start
    session.save()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_session_idle_for_thirty_minutes_ends(users, client):
    sign_in(client)
    age_session(client, idle=29 * 60, since_start=29 * 60)
    assert client.get("/workers/").status_code == 200
    age_session(client, idle=31 * 60, since_start=31 * 60)
    response = client.get("/workers/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/workers/").url.startswith("/accounts/login/")  # signed out for good


def test_a_busy_session_still_ends_at_its_absolute_lifetime(users, client, settings):
    sign_in(client)
    age_session(client, since_start=settings.SESSION_ABSOLUTE_HOURS * 3600 + 1)
    assert client.get("/workers/").url.startswith("/accounts/login/")


def test_the_limits_are_settings(users, client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    sign_in(client)
    age_session(client, idle=6 * 60, since_start=6 * 60)
    assert client.get("/workers/").url.startswith("/accounts/login/")


def test_an_expired_session_gets_401_from_the_api_not_a_redirect(users, client):
    sign_in(client)
    age_session(client, idle=31 * 60)
    assert client.get("/api/v1/workers").status_code == 401


def test_signing_out_ends_the_users_sessions_elsewhere_and_revokes_its_tokens(
    users, client, django_user_model
):
    from django.test import Client

    elsewhere = sign_in(Client())
    token = api_token_issue(username="tongmu", password=PASSWORD)
    sign_in(client)
    client.post("/accounts/logout/")
    assert elsewhere.get("/workers/").status_code == 302
    assert client.get("/api/v1/workers", **bearer(token)).status_code == 401
    assert not ApiToken.objects.filter(user=users["tongmu"]).exists()
    revoked = AuditEvent.objects.get(action="token_revoke")
    assert revoked.details == {"tokens": 1, "reason": "logout"}
    assert AuditEvent.objects.filter(action="logout", actor=users["tongmu"]).count() == 1


def test_changing_the_password_ends_other_sessions_and_tokens_but_keeps_this_one(users, client):
    from django.test import Client

    elsewhere = sign_in(Client())
    token = api_token_issue(username="tongmu", password=PASSWORD)
    sign_in(client)
    new = "Yaoshan-Tongmu-2024"
    form = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post("/accounts/password/", form).status_code == 302
    assert client.get("/workers/").status_code == 200
    assert elsewhere.get("/workers/").status_code == 302
    assert Client().get("/api/v1/workers", **bearer(token)).status_code == 401  # without this session


def test_disabling_an_account_ends_its_sessions_and_tokens(users, client):
    token = api_token_issue(username="tongmu", password=PASSWORD)
    sign_in(client)
    user_set_active(actor=users["jinxiu"], user=users["tongmu"], active=False)
    assert client.get("/workers/").status_code == 302
    assert client.get("/api/v1/workers", **bearer(token)).status_code == 401
    assert not ApiToken.objects.filter(user=users["tongmu"]).exists()


def test_delete_on_the_token_endpoint_revokes_only_the_token_used(users, client):
    first = api_token_issue(username="tongmu", password=PASSWORD)
    second = api_token_issue(username="tongmu", password=PASSWORD)
    response = client.delete("/api/v1/auth/token", **bearer(first))
    assert response.status_code == 204
    assert client.get("/api/v1/workers", **bearer(first)).status_code == 401
    assert client.get("/api/v1/workers", **bearer(second)).status_code == 200
    assert AuditEvent.objects.filter(action="token_revoke", actor=users["tongmu"]).exists()


def test_delete_without_a_token_answers_401(users, client):
    assert client.delete("/api/v1/auth/token").status_code == 401
    assert client.delete("/api/v1/auth/token", **bearer("not-a-token")).status_code == 401


def test_api_tokens_expire(users, client, settings):
    import datetime

    from django.utils import timezone

    token = api_token_issue(username="tongmu", password=PASSWORD)
    stored = ApiToken.objects.get(user=users["tongmu"])
    assert stored.expires_at - timezone.now() > datetime.timedelta(days=settings.API_TOKEN_DAYS - 1)
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now())
    assert client.get("/api/v1/workers", **bearer(token)).status_code == 401


def test_the_openapi_document_describes_the_revocation_and_its_answers(users):
    from laborbridge.api import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/auth/token"]["delete"]
    assert set(operation["responses"]) == {204, 401}
    issue = api.get_openapi_schema()["paths"]["/api/v1/auth/token"]["post"]
    assert "otp" in json.dumps(api.get_openapi_schema()) and 403 in issue["responses"]
