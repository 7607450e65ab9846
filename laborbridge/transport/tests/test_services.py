import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Employment, Referral
from laborbridge.factories import DIANBAI, TONGMU, make_vacancy, make_worker
from laborbridge.regions.models import Region
from laborbridge.transport.models import Batch, SignUp, TravelSubsidyClaim, Trip
from laborbridge.transport.services import (
    arrival_confirm,
    boarding_record,
    campaign_create,
    campaign_plan,
    signup_cancel,
    signup_move,
    transport_sign_up,
    travel_subsidy_claim,
    travel_subsidy_export,
)
from laborbridge.transport.tests.conftest import returning_worker

pytestmark = pytest.mark.django_db
D = datetime.date


def bus(campaign, seats):
    return campaign.bus_types.get(seats=seats)


def test_a_campaign_is_opened_with_pickup_points_and_bus_types_and_audited(users, campaign):
    assert list(campaign.pickup_points.values_list("name", flat=True)) == ["桐木汽车站"]
    assert sorted(campaign.bus_types.values_list("seats", flat=True)) == [3, 45]
    assert AuditEvent.objects.filter(
        object_type="transport.transportcampaign", object_id=str(campaign.pk)
    ).exists()


def test_a_township_clerk_does_not_open_campaigns_and_a_county_only_for_itself(users):
    with pytest.raises(PermissionDenied):
        campaign_create(
            actor=users["tongmu"], name="x", start=D(2024, 2, 1), end=D(2024, 2, 2), organisers=[]
        )
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            actor=users["jinxiu"],
            name="x",
            start=D(2024, 2, 1),
            end=D(2024, 2, 2),
            organisers=[Region.objects.get(code=DIANBAI)],
        )
    assert "组织地区须包括本县（区）" in exc.value.message_dict["organisers"]


def test_a_sign_up_takes_the_employers_city_when_none_is_given(sign_up):
    signup = sign_up()
    assert signup.destination_city.level == Region.Level.CITY
    assert DIANBAI.startswith(signup.destination_city.code[:4])
    assert signup.status == SignUp.Status.SIGNED_UP


def test_it_refuses_a_worker_signed_up_twice_for_one_campaign(users, sign_up):
    signup = sign_up()
    with pytest.raises(ValidationError) as exc:
        sign_up(signup.worker)
    assert "只能报名一次" in exc.value.message_dict["worker"][0]
    assert SignUp.objects.count() == 1


def test_it_refuses_a_sign_up_without_pickup_point_or_date(users, campaign, firm):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError) as exc:
        transport_sign_up(
            actor=users["tongmu"],
            campaign=campaign,
            worker=worker,
            wanted_date=None,
            pickup_point=None,
            employer=firm,
        )
    assert set(exc.value.message_dict) == {"wanted_date", "pickup_point"}
    assert not SignUp.objects.exists()


def test_it_refuses_a_date_outside_the_campaign(sign_up):
    with pytest.raises(ValidationError) as exc:
        sign_up(date=D(2024, 4, 1))
    assert "活动期间" in exc.value.message_dict["wanted_date"][0]


def test_only_staff_over_the_worker_sign_it_up(users, campaign, firm):
    worker = make_worker(users["tongmu"])
    with pytest.raises(PermissionDenied):
        transport_sign_up(
            actor=users["dianbai"],
            campaign=campaign,
            worker=worker,
            wanted_date=D(2024, 2, 17),
            pickup_point=campaign.pickup_points.get(),
            employer=firm,
        )


def test_planning_stores_a_batch_a_day_and_a_trip_a_bus_with_every_sign_up_seated(
    users, campaign, firm, sign_up
):
    for i in range(4):
        sign_up(returning_worker(users, firm, name="甲乙丙丁"[i] + "某"))
    sign_up(returning_worker(users, firm, name="乙"), date=D(2024, 2, 18), companions=1)
    plan = campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 3))
    assert plan.buses == plan.lower_bound == 3
    assert Batch.objects.filter(campaign=campaign).count() == 2
    assert Trip.objects.count() == 3
    assert not SignUp.objects.filter(trip__isnull=True).exists()
    for trip in Trip.objects.all():
        assert sum(s.seats for s in trip.signups.all()) <= 3
        assert trip.stops == ["桐木汽车站", "茂名市"]


def test_planning_again_replaces_the_plan_of_days_not_yet_boarding(users, campaign, sign_up):
    sign_up()
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 45))
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 45))
    assert Trip.objects.count() == 1


def test_only_the_organisers_plan(users, campaign, sign_up):
    sign_up()
    with pytest.raises(PermissionDenied):
        campaign_plan(actor=users["dianbai"], campaign=campaign, bus_type=bus(campaign, 45))


def test_it_never_moves_a_passenger_onto_a_full_bus(users, campaign, firm, sign_up):
    signups = [sign_up(returning_worker(users, firm, name="甲乙丙丁"[i] + "某")) for i in range(4)]
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 3))
    full = Trip.objects.get(signups__in=[signups[0]])
    alone = next(s for s in signups if s.__class__.objects.get(pk=s.pk).trip_id != full.pk)
    with pytest.raises(ValidationError) as exc:
        signup_move(actor=users["jinxiu"], signup=alone, trip=full)
    assert "已满" in exc.value.message_dict["trip"][0]
    assert SignUp.objects.get(pk=alone.pk).trip_id != full.pk


def test_moving_a_passenger_updates_both_buses_stops(users, campaign, firm, sign_up):
    a = sign_up()
    sign_up(returning_worker(users, firm, name="乙"))
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 45))
    trip = Trip.objects.get()
    spare = Trip.objects.create(batch=trip.batch, number=2, bus_type=trip.bus_type, seats=45, stops=[])
    signup_move(actor=users["jinxiu"], signup=a, trip=spare)
    spare.refresh_from_db()
    assert spare.stops == ["桐木汽车站", "茂名市"]
    assert list(spare.signups.all()) == [SignUp.objects.get(pk=a.pk)]


def planned(users, campaign, signup):
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus(campaign, 45))
    return SignUp.objects.get(pk=signup.pk)


def test_boarding_ticks_passengers_and_no_shows(users, campaign, firm, sign_up):
    a, b = sign_up(), sign_up(returning_worker(users, firm, name="乙"))
    a = planned(users, campaign, a)
    boarding_record(actor=users["tongmu"], trip=a.trip, boarded={a.pk: True, b.pk: False})
    assert SignUp.objects.get(pk=a.pk).status == "boarded"
    assert SignUp.objects.get(pk=b.pk).status == "no_show"


def test_boarding_refuses_someone_not_on_the_bus_and_an_outsider(users, campaign, sign_up):
    a = planned(users, campaign, sign_up())
    with pytest.raises(ValidationError):
        boarding_record(actor=users["tongmu"], trip=a.trip, boarded={a.pk: True, 99999: True})
    with pytest.raises(PermissionDenied):
        boarding_record(actor=users["dianbai"], trip=a.trip, boarded={a.pk: True})
    assert SignUp.objects.get(pk=a.pk).status == "signed_up"


def boarded(users, campaign, signup):
    signup = planned(users, campaign, signup)
    boarding_record(actor=users["tongmu"], trip=signup.trip, boarded={signup.pk: True})
    return SignUp.objects.get(pk=signup.pk)


def test_arrival_going_back_is_recorded_on_the_open_spell_and_keeps_its_channel(users, campaign, sign_up):
    signup = boarded(users, campaign, sign_up())
    arrival = arrival_confirm(actor=users["employer"], signup=signup, on=D(2024, 2, 18))
    spell = Employment.objects.get(worker=signup.worker)
    assert arrival.employment == spell
    assert spell.channel == "organised"
    assert SignUp.objects.get(pk=signup.pk).status == "arrived"


def test_arrival_for_a_new_job_moves_the_referral_to_arrived_and_the_spell_is_chartered_bus(
    users, campaign, firm, other_firm, sign_up
):
    other_firm.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], other_firm, status="open")
    worker = make_worker(users["tongmu"], name="新人")
    signup = boarded(users, campaign, sign_up(worker, employer=other_firm, vacancy=vacancy))
    assert signup.referral.source == "chartered_bus"
    arrival = arrival_confirm(actor=users["employer"], signup=signup, on=D(2024, 2, 18))
    referral = Referral.objects.get(pk=signup.referral_id)
    assert referral.status == "arrived"
    assert arrival.employment.channel == "chartered_bus"
    assert arrival.employment.referral == referral


def test_arrival_confirmed_by_an_employer_that_is_not_the_destination_is_refused(
    users, campaign, other_firm, sign_up
):
    signup = boarded(users, campaign, sign_up())
    from laborbridge.factories import make_user

    stranger = make_user("stranger", role="employer")
    other_firm.members.add(stranger)
    with pytest.raises(PermissionDenied):
        arrival_confirm(actor=stranger, signup=signup, on=D(2024, 2, 18))
    with pytest.raises(PermissionDenied):
        arrival_confirm(actor=users["tongmu"], signup=signup, on=D(2024, 2, 18))
    assert SignUp.objects.get(pk=signup.pk).status == "boarded"


def test_arrival_is_refused_for_a_passenger_who_did_not_board(users, campaign, sign_up):
    signup = planned(users, campaign, sign_up())
    with pytest.raises(ValidationError):
        arrival_confirm(actor=users["employer"], signup=signup, on=D(2024, 2, 18))


def test_a_cancelled_sign_up_loses_its_seat(users, campaign, sign_up):
    signup = planned(users, campaign, sign_up())
    signup_cancel(actor=users["tongmu"], signup=signup)
    signup = SignUp.objects.get(pk=signup.pk)
    assert signup.status == "cancelled" and signup.trip is None


def poor_worker_at_work(users, firm, name="韦贫"):
    return returning_worker(users, firm, name=name, poverty_status="alleviated")


def test_a_formerly_poor_worker_out_of_province_gets_the_flat_subsidy_without_a_ticket(users, campaign, firm):
    worker = poor_worker_at_work(users, firm)
    claim = travel_subsidy_claim(
        actor=users["jinxiu"], campaign=campaign, worker=worker, with_ticket=False, as_of=D(2024, 6, 1)
    )
    assert claim.amount == 300


def test_with_a_ticket_the_subsidy_is_the_fare_up_to_the_cap(users, campaign, firm):
    worker = poor_worker_at_work(users, firm)
    claim = travel_subsidy_claim(
        actor=users["jinxiu"],
        campaign=campaign,
        worker=worker,
        with_ticket=True,
        ticket_amount=800,
        as_of=D(2024, 6, 1),
    )
    assert claim.amount == 500


def test_a_claimant_who_rode_a_free_bus_in_the_campaign_is_refused_with_that_reason(
    users, campaign, firm, sign_up
):
    worker = poor_worker_at_work(users, firm)
    boarded(users, campaign, sign_up(worker))
    with pytest.raises(ValidationError) as exc:
        travel_subsidy_claim(
            actor=users["jinxiu"], campaign=campaign, worker=worker, with_ticket=False, as_of=D(2024, 6, 1)
        )
    assert "免费乘坐点对点专车" in exc.value.message_dict["worker"][0]
    assert not TravelSubsidyClaim.objects.exists()


def test_a_claim_for_someone_not_formerly_poor_or_not_out_of_province_is_refused(users, campaign, firm):
    ordinary = returning_worker(users, firm, name="普通")
    with pytest.raises(ValidationError) as exc:
        travel_subsidy_claim(
            actor=users["jinxiu"], campaign=campaign, worker=ordinary, with_ticket=False, as_of=D(2024, 6, 1)
        )
    assert "不是脱贫劳动力" in exc.value.message_dict["worker"][0]
    at_home = make_worker(users["tongmu"], name="在家", poverty_status="alleviated")
    from laborbridge.employment.services import employment_start

    employment_start(
        actor=users["tongmu"],
        worker=at_home,
        place=Region.objects.get(code=TONGMU),
        start=D(2023, 3, 1),
        channel="organised",
    )
    with pytest.raises(ValidationError) as exc:
        travel_subsidy_claim(
            actor=users["jinxiu"], campaign=campaign, worker=at_home, with_ticket=False, as_of=D(2024, 6, 1)
        )
    assert "跨省务工" in exc.value.message_dict["worker"][0]


def test_a_claim_before_three_months_at_work_is_refused(users, campaign, firm):
    worker = make_worker(users["tongmu"], name="新到", poverty_status="alleviated")
    from laborbridge.employment.services import employment_start

    employment_start(
        actor=users["tongmu"],
        worker=worker,
        place=Region.objects.get(code=DIANBAI),
        start=D(2024, 2, 18),
        channel="organised",
    )
    with pytest.raises(ValidationError) as exc:
        travel_subsidy_claim(
            actor=users["jinxiu"], campaign=campaign, worker=worker, with_ticket=False, as_of=D(2024, 4, 1)
        )
    assert "未满3个月" in exc.value.message_dict["worker"][0]


def test_approved_claims_export_for_payment_and_the_export_is_audited(users, campaign, firm):
    worker = poor_worker_at_work(users, firm)
    travel_subsidy_claim(
        actor=users["jinxiu"], campaign=campaign, worker=worker, with_ticket=False, as_of=D(2024, 6, 1)
    )
    data = travel_subsidy_export(actor=users["jinxiu"], campaign=campaign)
    assert data.startswith(b"PK")
    assert TravelSubsidyClaim.objects.get().status == "exported"
    assert AuditEvent.objects.filter(action="export", object_id=str(campaign.pk)).exists()
