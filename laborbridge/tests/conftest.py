import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.employment.models import Referral
from laborbridge.factories import PASSWORD


class JsonApi:
    """A test client that sends JSON with one named user's bearer token."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def call(self, method: str, url: str, body=None):
        data = "" if body is None else json.dumps(body)
        return getattr(self.client, method)(url, data, content_type="application/json", **self.headers)

    def post(self, url, body):
        return self.call("post", url, body)

    def patch(self, url, body):
        return self.call("patch", url, body)

    def refer(self, worker, vacancy, *, hire: bool = False):
        """Put a worker forward for a vacancy through the API (and hire them); the referral."""
        created = self.post("/api/v1/referrals", {"worker": worker.pk, "vacancy": vacancy.pk})
        assert created.status_code == 201, created.content
        if hire:
            step = {"status": "hired", "monthly_income": 4800}
            hired = self.post(f"/api/v1/referrals/{created.json()['id']}/steps", step)
            assert hired.status_code == 200, hired.content
        return Referral.objects.get(pk=created.json()["id"])


@pytest.fixture
def api(client, users):
    """api("jinxiu") is a JSON client holding jinxiu's token."""

    def as_user(username: str) -> JsonApi:
        return JsonApi(client, api_token_issue(username=username, password=PASSWORD))

    return as_user
