import datetime

import pytest

from laborbridge.employers.models import Occupation
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Employment
from laborbridge.employment.services import employment_start, referral_advance, referral_create
from laborbridge.factories import DIANBAI, make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_hire_takes_the_trade_of_the_vacancy(users):
    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"])
    referral = referral_create(actor=users["tongmu"], worker=worker, vacancy=vacancy, on=D(2024, 3, 1))
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    assert Employment.objects.get(worker=worker).occupation.name == "水产品加工"


def test_staff_may_state_the_trade_of_a_spell_or_leave_it_unknown(users):
    cook = Occupation.objects.get(name="中式烹调(粤菜)")
    stated = employment_start(
        actor=users["tongmu"],
        worker=make_worker(users["tongmu"]),
        place=DIANBAI,
        start=D(2024, 6, 1),
        occupation=cook,
    )
    unknown = employment_start(
        actor=users["tongmu"], worker=make_worker(users["tongmu"]), place=DIANBAI, start=D(2024, 6, 1)
    )
    assert (stated.occupation, unknown.occupation) == (cook, None)


def test_the_staff_form_offers_the_trade(users, client_for):
    worker = make_worker(users["tongmu"])
    cook = Occupation.objects.get(name="中式烹调(粤菜)")
    client = client_for(users["tongmu"])
    client.post(
        f"/employment/workers/{worker.pk}/start/",
        {"place": DIANBAI, "start": "2024-06-01", "channel": "self_found", "occupation": cook.pk},
    )
    assert Employment.objects.get(worker=worker).occupation == cook
