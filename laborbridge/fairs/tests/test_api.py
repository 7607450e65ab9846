import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import PASSWORD, TONGMU, make_id, make_worker
from laborbridge.fairs.models import FairIntent, FairVisit

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client, users):
    def send(username, method, url, body=None):
        token = api_token_issue(username=username, password=PASSWORD)
        data = "" if body is None else json.dumps(body)
        return client.generic(
            method, url, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return send


def test_the_organising_county_creates_a_fair_and_the_pairing_lists_it(call):
    created = call("jinxiu", "POST", "/api/v1/fairs", {
        "title": "春风行动", "date": "2025-02-10", "starts_at": "09:00", "ends_at": "12:00",
        "township": TONGMU, "address": "广场", "organisers": ["451324"], "target_groups": ["migrant"],
    })  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["public_path"].startswith("/fairs/p/")
    listed = call("dianbai", "GET", "/api/v1/fairs").json()
    assert [f["title"] for f in listed["items"]] == ["春风行动"]
    assert call("auditor", "GET", "/api/v1/fairs").status_code == 403


def test_a_bad_target_group_is_named(call):
    answer = call("jinxiu", "POST", "/api/v1/fairs", {
        "title": "春风行动", "date": "2025-02-10", "starts_at": "09:00", "ends_at": "12:00",
        "township": TONGMU, "address": "广场", "organisers": ["451324"], "target_groups": ["aliens"],
    })  # fmt: skip
    assert answer.status_code == 422 and "target_groups" in answer.json()["errors"]


def test_a_check_in_twice_through_the_api_is_one_visit(call, users, fair_world):
    worker = make_worker(users["tongmu"])
    url = f"/api/v1/fairs/{fair_world['fair'].pk}/check-ins"
    first = call("tongmu", "POST", url, {"worker": worker.pk}).json()
    again = call("tongmu", "POST", url, {"worker": worker.pk}).json()
    assert first["created"] and not again["created"] and first["id"] == again["id"]
    assert "*" in first["worker_id_number"]


def test_a_walk_in_through_the_api_is_registered(call, fair_world):
    url = f"/api/v1/fairs/{fair_world['fair'].pk}/check-ins"
    answer = call("tongmu", "POST", url, {"id_number": make_id(), "name": "蓝秀梅", "township": TONGMU})
    assert answer.status_code == 200 and answer.json()["walk_in"]


def test_the_employer_records_an_intent_through_the_api(call, users, fair_world):
    worker = make_worker(users["tongmu"])
    call("tongmu", "POST", f"/api/v1/fairs/{fair_world['fair'].pk}/check-ins", {"worker": worker.pk})
    answer = call("employer", "POST", f"/api/v1/fairs/{fair_world['fair'].pk}/intents",
                  {"worker": worker.pk, "vacancy": fair_world["vacancy"].pk})  # fmt: skip
    assert answer.status_code == 201 and answer.json()["status"] == "intent"


def test_an_intent_for_a_vacancy_not_at_the_fair_is_refused_through_the_api(call, users, fair_world):
    worker = make_worker(users["tongmu"])
    call("tongmu", "POST", f"/api/v1/fairs/{fair_world['fair'].pk}/check-ins", {"worker": worker.pk})
    answer = call("jinxiu", "POST", f"/api/v1/fairs/{fair_world['fair'].pk}/intents",
                  {"worker": worker.pk, "vacancy": fair_world["other_vacancy"].pk})  # fmt: skip
    assert answer.status_code == 422 and not FairIntent.objects.exists()


def test_the_participations_list_shows_the_positions_offered(call, fair_world):
    answer = call("xiezuo", "GET", f"/api/v1/fairs/{fair_world['fair'].pk}/participations").json()
    assert answer[0]["booth"] == "A01" and answer[0]["positions"][0]["headcount"] == 30
    assert not FairVisit.objects.exists()
