import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import PASSWORD


class JsonApi:
    """A test client that sends JSON with one named user's bearer token."""

    def __init__(self, client, token: str):
        self.client, self.headers = client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def call(self, method: str, url: str, body=None):
        data = "" if body is None else json.dumps(body)
        return getattr(self.client, method)(url, data, content_type="application/json", **self.headers)

    def post(self, url, body):
        return self.call("post", url, body)

    def patch(self, url, body):
        return self.call("patch", url, body)


@pytest.fixture
def api(client, users):
    """api("jinxiu") is a JSON client holding jinxiu's token."""

    def as_user(username: str) -> JsonApi:
        return JsonApi(client, api_token_issue(username=username, password=PASSWORD))

    return as_user
