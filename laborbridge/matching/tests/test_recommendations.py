"""Recommendations from the records, both ways, within the actor's reach; one click makes a referral."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied

from laborbridge.employers.models import Occupation
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.factories import (
    DIANBAI,
    JINXIU,
    PASSWORD,
    TONGMU,
    TOUPAI,
    make_employer,
    make_training_class,
    make_uscc,
    make_vacancy,
    make_worker,
)
from laborbridge.matching.selectors import (
    candidates_for_vacancy,
    fair_recommendations,
    recommendations_for_worker,
)
from laborbridge.matching.services import matching_refer
from laborbridge.training.services import enrolment_complete, enrolment_enrol

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 1)


def occupation(name):
    return Occupation.objects.get(name=name)


@pytest.fixture
def jobs(users):
    """A Cantonese restaurant in 电白, a seafood line in 电白, and a tea factory at home in 金秀."""
    dianbai, jinxiu = users["dianbai"], users["jinxiu"]
    restaurant = make_employer(dianbai, name="电白粤菜馆", uscc=make_uscc(11), provided_by=DIANBAI)
    seafood = make_employer(dianbai, name="电白水产", uscc=make_uscc(12), provided_by=DIANBAI)
    tea = make_employer(jinxiu, name="金秀茶厂", uscc=make_uscc(13), region=JINXIU)
    found = {
        "chef": make_vacancy(
            dianbai, restaurant, title="粤菜厨师", occupation=occupation("中式烹调(粤菜)"), headcount=2,
            lodging=True, meals=True, skills="会做粤菜",
        ),
        "line": make_vacancy(dianbai, seafood, title="水产品加工普工", pay_min=4500, pay_max=6500),
        "tea": make_vacancy(
            jinxiu, tea, title="茶叶加工工人", occupation=occupation("茶叶加工"), place=TONGMU,
            pay_min=2800, pay_max=3500,
        ),
    }  # fmt: skip
    for vacancy in found.values():
        vacancy_set_status(actor=users["admin"], vacancy=vacancy, status="open")
    return found


@pytest.fixture
def cook(users):
    """A 桐木镇 worker who wants to cook and completed the 粤菜师傅 class."""
    worker = make_worker(
        users["tongmu"],
        name="盘秀英",
        wanted_occupations=["中式烹调(粤菜)"],
        wanted_place_classes=["协作省份"],
    )
    chef_class = make_training_class(users["jinxiu"])
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=chef_class, worker=worker)
    enrolment_complete(actor=users["jinxiu"], enrolment=enrolment)
    return worker


def test_the_worker_trained_as_a_cantonese_chef_gets_the_restaurant_first_with_reasons(users, jobs, cook):
    found = recommendations_for_worker(actor=users["tongmu"], worker=cook, today=TODAY)
    assert found[0].vacancy == jobs["chef"]
    assert {"期望从事中式烹调", "参加过粤菜师傅培训", "期望广东就业", "包吃住"} <= set(found[0].match.reasons)


def test_a_worker_who_must_stay_near_home_gets_the_county_job_above_guangdong_ones(users, jobs):
    home = make_worker(
        users["tongmu"], wanted_occupations=["中式烹调(粤菜)"], wanted_place_classes=["in_county"]
    )
    found = recommendations_for_worker(actor=users["tongmu"], worker=home, today=TODAY)
    assert found[0].vacancy == jobs["tea"]
    assert "期望县内就业" in found[0].match.reasons


def test_a_vacancy_whose_headcount_is_taken_by_hires_never_appears(users, jobs, cook):
    for name in ("蓝秀梅", "韦小红"):
        hired = referral_create(
            actor=users["jinxiu"], worker=make_worker(users["jinxiu"], name=name, township=TOUPAI),
            vacancy=jobs["chef"], on=TODAY,
        )  # fmt: skip
        referral_advance(actor=users["jinxiu"], referral=hired, status="hired", on=TODAY)
    found = recommendations_for_worker(actor=users["tongmu"], worker=cook, today=TODAY)
    assert jobs["chef"] not in [r.vacancy for r in found]


def test_a_worker_at_work_gets_no_recommendations(users, jobs):
    worker = make_worker(users["tongmu"])
    hired = referral_create(actor=users["tongmu"], worker=worker, vacancy=jobs["line"], on=TODAY)
    referral_advance(actor=users["tongmu"], referral=hired, status="hired", on=TODAY)
    assert recommendations_for_worker(actor=users["tongmu"], worker=worker, today=TODAY) == []


def test_past_work_in_a_trade_counts(users, jobs):
    worker = make_worker(users["tongmu"])
    hired = referral_create(
        actor=users["tongmu"], worker=worker, vacancy=jobs["line"], on=datetime.date(2023, 1, 5)
    )
    referral_advance(actor=users["tongmu"], referral=hired, status="hired", on=datetime.date(2023, 1, 9))
    referral_advance(actor=users["tongmu"], referral=hired, status="left", on=datetime.date(2023, 12, 1))
    found = recommendations_for_worker(actor=users["tongmu"], worker=worker, today=TODAY)
    line = next(r for r in found if r.vacancy == jobs["line"])
    assert "做过水产品加工" in line.match.reasons


def test_a_vacancys_candidates_are_the_actors_own_workers_only(users, jobs, cook):
    toupai = make_worker(
        users["jinxiu"], name="蓝秀梅", township=TOUPAI, wanted_occupations=["中式烹调(粤菜)"]
    )
    by_township = [
        c.worker for c in candidates_for_vacancy(actor=users["tongmu"], vacancy=jobs["chef"], today=TODAY)
    ]
    assert by_township == [cook]
    by_county = [
        c.worker for c in candidates_for_vacancy(actor=users["jinxiu"], vacancy=jobs["chef"], today=TODAY)
    ]
    assert by_county == [cook, toupai]  # the trained one first
    assert candidates_for_vacancy(actor=users["dianbai"], vacancy=jobs["chef"], today=TODAY) == []


def test_a_worker_outside_the_actors_scope_gets_no_recommendations_from_that_actor(users, jobs, cook):
    assert recommendations_for_worker(actor=users["tongmu"], worker=cook, today=TODAY)
    with pytest.raises(PermissionDenied):
        recommendations_for_worker(actor=users["dianbai"], worker=cook, today=TODAY)


def test_employers_and_auditors_hold_no_matching(users, jobs, cook):
    for role in ("employer", "auditor"):
        with pytest.raises(PermissionDenied):
            candidates_for_vacancy(actor=users[role], vacancy=jobs["chef"])


def test_one_click_makes_a_referral_from_matching(users, jobs, cook):
    referral = matching_refer(actor=users["tongmu"], worker=cook, vacancy=jobs["chef"])
    assert (referral.source, referral.status) == (Referral.Source.MATCHING, Referral.Status.RECOMMENDED)
    again = recommendations_for_worker(actor=users["tongmu"], worker=cook, today=TODAY)
    assert next(r for r in again if r.vacancy == jobs["chef"]).referred


def test_the_cooperation_office_sees_recommendations_but_may_not_refer(users, jobs, cook):
    assert recommendations_for_worker(actor=users["xiezuo"], worker=cook, today=TODAY)
    with pytest.raises(PermissionDenied):
        matching_refer(actor=users["xiezuo"], worker=cook, vacancy=jobs["chef"])


def test_the_worker_page_lists_recommendations_with_reasons_and_refers_with_one_click(
    users, jobs, cook, client
):
    client.force_login(users["tongmu"])
    page = client.get(f"/matching/workers/{cook.pk}/").content.decode()
    assert "电白粤菜馆 · 粤菜厨师" in page
    assert "期望从事中式烹调" in page
    response = client.post(f"/matching/workers/{cook.pk}/refer/", {"vacancy": jobs["chef"].pk})
    assert response.status_code == 302
    assert Referral.objects.get(worker=cook, vacancy=jobs["chef"]).source == "matching"
    assert "已推荐" in client.get(f"/matching/workers/{cook.pk}/").content.decode()


def test_the_vacancy_page_lists_masked_candidates(users, jobs, cook, client):
    client.force_login(users["jinxiu"])
    page = client.get(f"/matching/vacancies/{jobs['chef'].pk}/").content.decode()
    assert cook.name in page
    assert cook.id_number_masked in page
    assert cook.id_number not in page


def test_the_api_ranks_both_ways(users, jobs, cook, client):
    token = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "tongmu", "password": PASSWORD}),
        content_type="application/json",
    ).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    recs = client.get(f"/api/v1/workers/{cook.pk}/recommendations?limit=2", **auth).json()
    assert recs[0]["vacancy"] == jobs["chef"].pk
    assert len(recs) == 2
    assert "期望从事中式烹调" in recs[0]["reasons"]
    candidates = client.get(f"/api/v1/vacancies/{jobs['chef'].pk}/candidates", **auth).json()
    assert candidates[0]["worker"] == cook.pk
    assert candidates[0]["id_number"] == cook.id_number_masked
    made = client.post(
        "/api/v1/matching/referrals",
        json.dumps({"worker": cook.pk, "vacancy": jobs["chef"].pk}),
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201
    assert made.json()["source"] == "matching"


def test_a_fair_lists_each_preregistered_or_checked_in_seeker_with_the_fairs_best_vacancies(
    users, jobs, cook
):
    from laborbridge.fairs.services import (
        fair_check_in,
        fair_create,
        fair_preregister,
        fair_set_status,
        participation_add,
        position_add,
    )

    jinxiu = users["jinxiu"]
    fair = fair_create(
        actor=jinxiu, organisers=[JINXIU], title="金秋招聘月", date=datetime.date(2024, 10, 24),
        starts_at=datetime.time(9), ends_at=datetime.time(12), township=TONGMU, address="广场",
    )  # fmt: skip
    for vacancy in (jobs["chef"], jobs["line"]):
        participation = participation_add(actor=jinxiu, fair=fair, employer=vacancy.employer)
        position_add(actor=jinxiu, participation=participation, vacancy=vacancy, headcount=2)
    phone = "13800138001"
    registered = make_worker(users["tongmu"], name="覃小梅", phone=phone, wanted_occupations=["水产品加工"])
    fair_preregister(fair=fair, name="覃小梅", phone=phone, township=TONGMU)
    fair_preregister(fair=fair, name="莫秀兰", phone="13800138002", township=TONGMU)
    fair_set_status(actor=jinxiu, fair=fair, status="open")
    fair_check_in(actor=jinxiu, fair=fair, worker=cook)
    seekers = {s.name: s for s in fair_recommendations(actor=users["tongmu"], fair=fair, today=TODAY)}
    assert set(seekers) == {"覃小梅", "莫秀兰", "盘秀英"}
    assert seekers["覃小梅"].worker == registered
    assert seekers["覃小梅"].recommendations[0].vacancy == jobs["line"]
    assert seekers["莫秀兰"].worker is None
    assert seekers["盘秀英"].recommendations[0].vacancy == jobs["chef"]
    assert jobs["tea"] not in [r.vacancy for s in seekers.values() for r in s.recommendations]
