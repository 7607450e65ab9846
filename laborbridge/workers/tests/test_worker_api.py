import json

import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD, TONGMU, make_id, make_worker
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, users):
    """A client that speaks JSON with a bearer token for a named user."""

    def as_user(username):
        response = client.post(
            "/api/v1/auth/token",
            json.dumps({"username": username, "password": PASSWORD}),
            content_type="application/json",
        )
        token = response.json()["token"]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        class Api:
            def get(self, url):
                return client.get(url, **headers)

            def post(self, url, body):
                return client.post(url, json.dumps(body), content_type="application/json", **headers)

            def patch(self, url, body):
                return client.patch(url, json.dumps(body), content_type="application/json", **headers)

        return Api()

    return as_user


def test_a_token_is_issued_for_a_right_password_and_refused_for_a_wrong_one(client, users):
    ok = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "tongmu", "password": PASSWORD}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and len(ok.json()["token"]) > 30
    bad = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "tongmu", "password": "x"}),
        content_type="application/json",
    )
    assert bad.status_code == 403 and bad.json()["detail"] == "用户名或密码不正确"
    assert AuditEvent.objects.filter(action="token").count() == 1
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_without_a_token_the_api_answers_401_in_chinese(client, db):
    response = client.get("/api/v1/workers")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]
    assert client.get("/api/v1/workers", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_a_worker_is_registered_read_and_changed_through_the_api(api):
    tongmu = api("tongmu")
    number = make_id(sex="F")
    created = tongmu.post(
        "/api/v1/workers",
        {
            "id_number": number,
            "name": "黄秀英",
            "phone": "13812345678",
            "township": TONGMU,
            "village": "451324101200",
            "poverty_status": "alleviated",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["id_number"] == number[:6] + "**********" + number[-2:]
    assert body["phone"] == "138****5678" and body["sex"] == "F" and body["village_name"] == "高仁村委会"
    changed = tongmu.patch(f"/api/v1/workers/{body['id']}", {"poverty_status": "monitored"})
    assert changed.status_code == 200 and changed.json()["poverty_status"] == "monitored"
    listing = tongmu.get("/api/v1/workers?q=hxy").json()
    assert [item["name"] for item in listing["items"]] == ["黄秀英"] and listing["count"] == 1


def test_bad_input_answers_422_with_a_chinese_message_per_field(api):
    response = api("tongmu").post(
        "/api/v1/workers",
        {"id_number": "451324199005171230", "name": "", "township": "999999999", "phone": "123"},
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"id_number", "name", "township", "phone"}
    assert "校验位" in errors["id_number"][0]
    assert not Worker.objects.exists()


def test_wrongly_typed_json_is_a_422_not_a_500(api, client):
    tongmu = api("tongmu")
    assert tongmu.post("/api/v1/workers", {"name": ["not", "text"]}).status_code == 422
    assert tongmu.get("/api/v1/workers?age_min=old").status_code == 422


def test_patch_cannot_set_fields_that_are_not_editable(api, users):
    worker = make_worker(users["tongmu"])
    response = api("tongmu").patch(f"/api/v1/workers/{worker.pk}", {"created_by": 1, "name": None})
    assert response.status_code == 422


def test_unmasking_through_the_api_is_audited(api, users):
    worker = make_worker(users["tongmu"], phone="13812345678")
    body = api("jinxiu").get(f"/api/v1/workers/{worker.pk}?unmask=true").json()
    assert body["id_number"] == worker.id_number and body["phone"] == "13812345678"
    assert AuditEvent.objects.filter(action="unmask", actor__username="jinxiu").count() == 1


def test_the_openapi_document_describes_the_endpoints(client, users):
    # The schema is for signed-in users (core/tests/test_headers_and_files.py).
    client.force_login(users["jinxiu"])
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/workers", "/api/v1/workers/{worker_id}", "/api/v1/auth/token"} <= set(spec["paths"])


def test_health_check_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
