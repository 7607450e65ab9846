import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import PASSWORD
from laborbridge.transport.models import SignUp
from laborbridge.transport.services import campaign_plan
from laborbridge.transport.tests.conftest import returning_worker

pytestmark = pytest.mark.django_db


def call(client, username, method, path, body=None):
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=username, password=PASSWORD)}
    return client.generic(
        method, path, json.dumps(body) if body is not None else "", content_type="application/json", **auth
    )


def test_a_clerk_signs_a_worker_up_through_the_api_and_reads_it_back_masked(users, client, campaign, firm):
    worker = returning_worker(users, firm)
    response = call(
        client,
        "tongmu",
        "POST",
        f"/api/v1/transport/campaigns/{campaign.pk}/signups",
        {
            "worker": worker.pk,
            "wanted_date": "2024-02-17",
            "pickup_point": campaign.pickup_points.get().pk,
            "employer": firm.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["worker_id_number"] == worker.id_number_masked
    assert body["destination_city"] == "茂名市"
    listed = call(client, "jinxiu", "GET", f"/api/v1/transport/campaigns/{campaign.pk}/signups").json()
    assert [s["id"] for s in listed["items"]] == [body["id"]]


def test_a_second_sign_up_is_refused_with_the_reason(users, client, campaign, sign_up):
    signup = sign_up()
    response = call(
        client,
        "tongmu",
        "POST",
        f"/api/v1/transport/campaigns/{campaign.pk}/signups",
        {
            "worker": signup.worker_id,
            "wanted_date": "2024-02-18",
            "pickup_point": campaign.pickup_points.get().pk,
            "employer": signup.employer_id,
        },
    )
    assert response.status_code == 422
    assert "只能报名一次" in response.json()["errors"]["worker"][0]
    assert SignUp.objects.count() == 1


def test_the_trips_show_seats_used_stops_and_the_lower_bound(users, client, campaign, sign_up):
    sign_up()
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45))
    plan = call(client, "xiezuo", "GET", f"/api/v1/transport/campaigns/{campaign.pk}/trips").json()
    assert (plan["buses"], plan["lower_bound"]) == (1, 1)
    assert plan["trips"][0]["seats_used"] == 1
    assert plan["trips"][0]["stops"] == ["桐木汽车站", "茂名市"]
