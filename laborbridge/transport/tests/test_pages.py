import datetime

import pytest
from django.urls import reverse

from laborbridge.core.models import AuditEvent
from laborbridge.transport.models import SignUp, Trip
from laborbridge.transport.services import boarding_record, campaign_plan
from laborbridge.transport.tests.conftest import returning_worker

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_clerk_finds_a_worker_and_signs_it_up(users, client, campaign, firm):
    worker = returning_worker(users, firm, name="黄秀英")
    client.force_login(users["tongmu"])
    page = client.get(reverse("transport:campaign", args=[campaign.pk]), {"q": "黄秀英"}).content.decode()
    assert 'data-testid="signup-form"' in page
    response = client.post(
        reverse("transport:signup_add", args=[campaign.pk]),
        {
            "worker": worker.pk,
            "wanted_date": "2024-02-17",
            "pickup_point": campaign.pickup_points.get().pk,
            "employer": firm.pk,
            "companions": "1",
        },
        follow=True,
    )
    assert "已报名：黄秀英" in response.content.decode()
    assert SignUp.objects.get(worker=worker).companions == 1


def test_a_sign_up_without_a_date_says_which_field(users, client, campaign, firm):
    worker = returning_worker(users, firm)
    client.force_login(users["tongmu"])
    response = client.post(
        reverse("transport:signup_add", args=[campaign.pk]),
        {"worker": worker.pk, "pickup_point": campaign.pickup_points.get().pk, "employer": firm.pk},
        follow=True,
    )
    assert "乘车日期：请填写乘车日期" in response.content.decode()
    assert not SignUp.objects.exists()


def test_the_plan_page_shows_each_trips_seats_and_stops_and_the_lower_bound(
    users, client, campaign, firm, sign_up, django_capture_on_commit_callbacks
):
    for name in "甲乙丙丁":
        sign_up(returning_worker(users, firm, name=name + "某"))
    client.force_login(users["jinxiu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("transport:plan", args=[campaign.pk]), {"bus_type": campaign.bus_types.get(seats=3).pk}
        )
    page = client.get(reverse("transport:campaign", args=[campaign.pk])).content.decode()
    assert "共 2 辆车，最少需要 2 辆" in page
    assert "3/3" in page and "1/3" in page
    assert "桐木汽车站 → 茂名市" in page


def planned_trip(users, campaign, sign_up):
    signup = sign_up()
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45))
    return Trip.objects.get(), SignUp.objects.get(pk=signup.pk)


def test_the_manifest_masks_ids_and_phones_and_its_export_is_audited(users, client, campaign, sign_up):
    trip, signup = planned_trip(users, campaign, sign_up)
    client.force_login(users["tongmu"])
    page = client.get(reverse("transport:trip", args=[trip.pk])).content.decode()
    assert signup.worker.id_number_masked in page and signup.worker.id_number not in page
    response = client.get(reverse("transport:trip_xlsx", args=[trip.pk]))
    assert response.content.startswith(b"PK")
    assert AuditEvent.objects.filter(action="export", object_id=str(trip.pk)).exists()


@pytest.mark.plants_a_leak
def test_showing_the_phones_is_an_audited_unmask(users, client, campaign, firm, sign_up):
    from laborbridge.workers.services import worker_update

    trip, signup = planned_trip(users, campaign, sign_up)
    worker_update(actor=users["tongmu"], worker=signup.worker, phone="13912345678")
    client.force_login(users["tongmu"])
    page = client.post(reverse("transport:trip_phones", args=[trip.pk])).content.decode()
    assert "13912345678" in page
    assert AuditEvent.objects.filter(action="unmask", object_id=str(trip.pk)).exists()


def test_the_print_page_carries_the_trips_qr_code_as_svg(users, client, campaign, sign_up):
    trip, _signup = planned_trip(users, campaign, sign_up)
    client.force_login(users["jinxiu"])
    page = client.get(reverse("transport:trip_print", args=[trip.pk])).content.decode()
    assert "<svg" in page and "<script" not in page.split('data-testid="trip-qr"')[1].split("</div>")[0]


def test_boarding_ticks_the_checked_and_records_the_rest_as_no_shows(users, client, campaign, firm, sign_up):
    trip, here = planned_trip(users, campaign, sign_up)
    away = sign_up(returning_worker(users, firm, name="未来"))
    SignUp.objects.filter(pk=away.pk).update(trip=trip)
    client.force_login(users["tongmu"])
    client.post(reverse("transport:boarding", args=[trip.pk]), {"boarded": [here.pk]})
    assert SignUp.objects.get(pk=here.pk).status == "boarded"
    assert SignUp.objects.get(pk=away.pk).status == "no_show"


def test_the_employer_confirms_arrival_from_its_own_list(users, client, campaign, sign_up):
    trip, signup = planned_trip(users, campaign, sign_up)
    boarding_record(actor=users["tongmu"], trip=trip, boarded={signup.pk: True})
    client.force_login(users["employer"])
    page = client.get(reverse("transport:arrivals")).content.decode()
    assert signup.worker.name in page
    client.post(reverse("transport:arrival", args=[signup.pk]), {"on": "2024-02-18"})
    assert SignUp.objects.get(pk=signup.pk).status == "arrived"
    assert client.get(reverse("transport:trip", args=[trip.pk])).status_code == 404


def test_a_bureau_opens_a_campaign_with_its_pickup_points_and_bus_types(users, client):
    client.force_login(users["jinxiu"])
    response = client.post(
        reverse("transport:campaign_create"),
        {
            "name": "2025年春暖行动",
            "start": "2025-02-01",
            "end": "2025-02-28",
            "organisers": "451324",
            "pickup_points": "451324101 桐木汽车站 桐木镇\n451324100 金秀汽车站",
            "bus_types": "大客车 45 6500\n中巴车 22",
            "subsidy_cap": "500",
            "subsidy_flat": "44=300",
        },
        follow=True,
    )
    assert "已开设专车活动" in response.content.decode()
    from laborbridge.transport.models import TransportCampaign

    campaign = TransportCampaign.objects.get(name="2025年春暖行动")
    assert sorted(campaign.pickup_points.values_list("name", flat=True)) == ["桐木汽车站", "金秀汽车站"]
    assert campaign.subsidy_flat_by_province == {"44": 300}


def test_a_campaign_form_with_an_unreadable_line_says_which(users, client):
    client.force_login(users["jinxiu"])
    response = client.post(
        reverse("transport:campaign_create"),
        {
            "name": "x",
            "start": "2025-02-01",
            "end": "2025-02-28",
            "organisers": "451324",
            "bus_types": "大客车 很多",
        },
    )
    assert "车型第1行应为" in response.content.decode()
    from laborbridge.transport.models import TransportCampaign

    assert not TransportCampaign.objects.exists()


def test_the_subsidy_page_refuses_a_rider_with_the_reason_and_approves_another(
    users, client, campaign, firm, sign_up
):
    import datetime

    from laborbridge.transport.models import TravelSubsidyClaim
    from laborbridge.transport.services import boarding_record

    rider = returning_worker(users, firm, name="韦乘车", poverty_status="alleviated")
    signup = sign_up(rider)
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45))
    boarding_record(
        actor=users["tongmu"], trip=SignUp.objects.get(pk=signup.pk).trip, boarded={signup.pk: True}
    )
    other = returning_worker(users, firm, name="韦自行", poverty_status="alleviated")
    client.force_login(users["jinxiu"])
    url = reverse("transport:subsidies", args=[campaign.pk])
    page = client.post(url, {"worker": rider.pk}, follow=True).content.decode()
    assert "不予补贴：申请人已在本次活动中免费乘坐点对点专车" in page
    page = client.post(url, {"worker": other.pk}, follow=True).content.decode()
    assert "已审核：韦自行 300元" in page
    assert TravelSubsidyClaim.objects.get().worker == other
    assert datetime.date.today() > campaign.end
    assert client.get(reverse("transport:subsidy_export", args=[campaign.pk])).content.startswith(b"PK")
