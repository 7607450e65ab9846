"""The API keeps its contract: bad input gets a documented answer with a Chinese message, never a 500."""

import pytest

from laborbridge.api import api as ninja_api

pytestmark = pytest.mark.django_db


def documented(method: str, path: str) -> set[int]:
    operation = ninja_api.get_openapi_schema()["paths"][path][method]
    return {int(code) for code in operation["responses"]}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/referrals?vacancy=91449807398158614528", "vacancy"),
        ("/api/v1/vacancies?occupation=%C2%92", "occupation"),
        ("/api/v1/workers?age_min=174116", "age_min"),
        ("/api/v1/workers?age_max=-3", "age_max"),
        ("/api/v1/workers/91449807398158614528", "worker_id"),
        ("/api/v1/employers?q=%00", "q"),
        ("/api/v1/bases?year=99999999", "year"),
        ("/api/v1/placed?before=91449807398158614528", "before"),
        ("/api/v1/employers?limit=0", "limit"),
    ],
)
def test_a_parameter_out_of_its_range_is_refused_by_name_in_chinese(api, url, field):
    response = api("jinxiu").get(url)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "提交的数据有误" and field in body["errors"]


def test_a_body_that_is_not_utf8_is_refused_as_documented(api):
    response = api("jinxiu").client.post(
        "/api/v1/workers", b"\xff\xfe{", content_type="application/json", **api("jinxiu").headers
    )
    assert response.status_code == 422 and response.status_code in documented("post", "/api/v1/workers")
    assert response.json()["detail"] == "提交的数据有误"


def test_a_too_large_id_in_a_body_is_refused(api):
    response = api("jinxiu").post("/api/v1/referrals", {"worker": 2**70, "vacancy": 1})
    assert response.status_code == 422 and "worker" in response.json()["errors"]


def test_the_token_operation_documents_its_refusals(client, users):
    assert {200, 403, 422} <= documented("post", "/api/v1/auth/token")


def test_every_operation_documents_the_errors_it_can_answer():
    for path, item in ninja_api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            codes = {int(code) for code in operation["responses"]}
            expected = {
                ("post", "/api/v1/auth/token"): {403, 422},
                ("delete", "/api/v1/auth/token"): {401},  # takes nothing but the token it revokes
            }.get((method, path), {401, 403, 404, 422})
            assert expected <= codes, (method, path, codes)


def test_a_session_write_without_its_csrf_token_is_refused_in_chinese(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["jinxiu"])
    response = client.post("/api/v1/workers", "{}", content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "安全校验未通过，请刷新页面后重试"
