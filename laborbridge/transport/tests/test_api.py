import json

import pytest

from laborbridge.accounts.models import User
from laborbridge.accounts.services import api_token_issue
from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Employment
from laborbridge.factories import PASSWORD, XINCHENG, XINCHENG_TOWNSHIP, make_user, make_worker
from laborbridge.regions.models import Region
from laborbridge.transport.models import Arrival, SignUp
from laborbridge.transport.services import boarding_record, campaign_create, campaign_plan, transport_sign_up
from laborbridge.transport.tests.conftest import D, returning_worker

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


# --- writes at the bus door and the factory gate -----------------------------------------------------------------


def planned(users, campaign, signup):
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45))
    return SignUp.objects.select_related("trip").get(pk=signup.pk)


def xincheng_trip(users, firm):
    """A trip of a campaign 新城县 organises, with its own worker aboard."""
    campaign = campaign_create(
        actor=users["admin"], name="新城春风行动", start=D(2024, 2, 15), end=D(2024, 3, 10),
        organisers=[Region.objects.get(code=XINCHENG)],
        pickup_points=[(Region.objects.get(code=XINCHENG_TOWNSHIP), "新城汽车站", "")], bus_types=[("大巴", 45, None)],
    )  # fmt: skip
    worker = make_worker(users["admin"], name="韦秀英", township=XINCHENG_TOWNSHIP)
    signup = transport_sign_up(actor=users["admin"], campaign=campaign, worker=worker, wanted_date=D(2024, 2, 17),
                               pickup_point=campaign.pickup_points.get(), employer=firm)  # fmt: skip
    campaign_plan(
        actor=users["admin"], campaign=campaign, bus_type=campaign.bus_types.get(), seconds_per_day=0.5
    )
    return SignUp.objects.select_related("trip").get(pk=signup.pk)


def test_the_door_records_boarded_and_no_shows_through_the_api(users, client, campaign, firm, sign_up):
    a, b = sign_up(), sign_up(returning_worker(users, firm, name="乙某"))
    a, b = planned(users, campaign, a), SignUp.objects.get(pk=b.pk)
    body = {"passengers": [{"signup": a.pk, "boarded": True}, {"signup": b.pk, "boarded": False}]}
    response = call(client, "tongmu", "POST", f"/api/v1/transport/trips/{a.trip_id}/boarding", body)
    assert response.status_code == 200, response.content
    assert response.json() == {"trip": a.trip_id, "boarded": 1, "no_show": 1}
    assert dict(SignUp.objects.values_list("pk", "status")) == {a.pk: "boarded", b.pk: "no_show"}
    assert AuditEvent.objects.filter(action="update", object_type="transport.trip").exists()


def test_another_regions_trip_answers_404_and_changes_nothing(users, client, campaign, firm):
    theirs = xincheng_trip(users, firm)
    body = {"passengers": [{"signup": theirs.pk, "boarded": True}]}
    response = call(client, "tongmu", "POST", f"/api/v1/transport/trips/{theirs.trip_id}/boarding", body)
    assert response.status_code == 404
    assert SignUp.objects.get(pk=theirs.pk).status == "signed_up"


def test_the_door_refuses_a_passenger_of_another_trip_and_those_who_may_not_board(
    users, client, campaign, firm, sign_up
):
    ours = planned(users, campaign, sign_up())
    theirs = xincheng_trip(users, firm)
    body = {"passengers": [{"signup": ours.pk, "boarded": True}, {"signup": theirs.pk, "boarded": True}]}
    response = call(client, "tongmu", "POST", f"/api/v1/transport/trips/{ours.trip_id}/boarding", body)
    assert response.status_code == 422
    assert "只能为本车次的乘客登记上车" in response.json()["errors"]["passengers"][0]
    one = {"passengers": [{"signup": ours.pk, "boarded": True}]}
    assert (
        call(client, "dianbai", "POST", f"/api/v1/transport/trips/{ours.trip_id}/boarding", one).status_code
        == 403
    )
    assert SignUp.objects.get(pk=ours.pk).status == "signed_up"


def board(users, signup):
    boarding_record(actor=users["tongmu"], trip=signup.trip, boarded={signup.pk: True})


def test_the_destination_employer_confirms_the_arrival_through_the_api(users, client, campaign, sign_up):
    signup = planned(users, campaign, sign_up())
    board(users, signup)
    response = call(
        client, "employer", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {"on": "2024-02-18"}
    )
    assert response.status_code == 201, response.content
    spell = Employment.objects.get(worker=signup.worker)
    assert response.json() == {
        "signup": signup.pk,
        "on": "2024-02-18",
        "status": "arrived",
        "employment": spell.pk,
    }
    again = call(client, "employer", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {})
    assert again.status_code == 422 and "只能为已上车的乘客确认到岗" in again.json()["errors"]["status"][0]


def test_an_employer_that_is_not_the_destination_is_refused(users, client, campaign, other_firm, sign_up):
    signup = planned(users, campaign, sign_up())
    board(users, signup)
    stranger = make_user("qiye2", role=User.Role.EMPLOYER)
    other_firm.members.add(stranger)
    answer = call(
        client, "qiye2", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {"on": "2024-02-18"}
    )
    assert answer.status_code == 404  # it does not even see the passenger
    clerk = call(
        client, "tongmu", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {"on": "2024-02-18"}
    )
    assert clerk.status_code == 403 and "只有目的单位才能确认该乘客到岗" in clerk.json()["detail"]
    assert SignUp.objects.get(pk=signup.pk).status == "boarded" and not Arrival.objects.exists()


def test_an_arrival_before_boarding_or_before_the_ride_is_refused(users, client, campaign, sign_up):
    signup = planned(users, campaign, sign_up())
    early = call(
        client, "employer", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {"on": "2024-02-18"}
    )
    assert early.status_code == 422
    board(users, signup)
    before = call(
        client, "employer", "POST", f"/api/v1/transport/signups/{signup.pk}/arrival", {"on": "2024-02-01"}
    )
    assert before.status_code == 422 and "到岗日期应在乘车日期" in before.json()["errors"]["on"][0]
