import datetime

import pytest

from laborbridge.employers.models import Occupation
from laborbridge.employment.services import employment_start
from laborbridge.factories import DIANBAI, JINXIU, make_training_class, make_worker
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import compute, context
from laborbridge.training.services import (
    certificate_issue,
    class_set_status,
    enrolment_apply,
    enrolment_complete,
    enrolment_drop,
    enrolment_enrol,
)

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = [
    "training_classes",
    "trainees",
    "trainees_alleviated",
    "trainees_completed",
    "trainees_certified",
    "trainees_employed",
    "trainees_employed_related",
]
Q = "region=451324&from=2024-05-01&to=2024-05-31"


@pytest.fixture
def chef_class(users):
    jinxiu = users["jinxiu"]
    chef = make_training_class(jinxiu, start=D(2024, 5, 6), end=D(2024, 5, 25))
    cook = Occupation.objects.get(name="中式烹调(粤菜)")
    people = {}
    for name, poverty in (("甲", "alleviated"), ("乙", "ordinary"), ("丙", "ordinary"), ("丁", "alleviated")):
        people[name] = make_worker(users["tongmu"], name=name, poverty_status=poverty)
    enrolments = {n: enrolment_enrol(actor=jinxiu, training_class=chef, worker=w) for n, w in people.items()}
    enrolment_drop(actor=jinxiu, enrolment=enrolments["丁"], reason="外出务工")
    enrolment_apply(actor=jinxiu, training_class=chef, worker=make_worker(users["tongmu"], name="戊"))
    enrolment_drop(
        actor=jinxiu, enrolment=chef.enrolments.get(worker__name="戊"), reason="未到"
    )  # neither counts
    class_set_status(actor=jinxiu, training_class=chef, status="running")
    for name in ("甲", "乙", "丙"):
        enrolment_complete(actor=jinxiu, enrolment=enrolments[name])
    certificate_issue(
        actor=jinxiu, enrolment=enrolments["甲"], kind="skill_level", number="Y1", issued_on=D(2024, 6, 1)
    )
    employment_start(actor=jinxiu, worker=people["甲"], place=DIANBAI, start=D(2024, 6, 1), occupation=cook)
    employment_start(actor=jinxiu, worker=people["乙"], place=JINXIU + "101", start=D(2024, 6, 1))
    return chef


def test_the_training_indicators_for_classes_starting_in_the_period(chef_class):
    may = context(Region.objects.get(code=JINXIU), D(2024, 5, 1), D(2024, 5, 31))
    assert compute(may, KEYS) == {
        "training_classes": 1,
        "trainees": 3,
        "trainees_alleviated": 1,
        "trainees_completed": 3,
        "trainees_certified": 1,
        "trainees_employed": 2,
        "trainees_employed_related": 1,
    }
    june = context(Region.objects.get(code=JINXIU), D(2024, 6, 1), D(2024, 6, 30))
    assert set(compute(june, KEYS).values()) == {0}


def test_an_organising_partner_counts_the_class_but_not_the_trainees(chef_class):
    may = context(Region.objects.get(code=DIANBAI), D(2024, 5, 1), D(2024, 5, 31))
    assert compute(may, ["training_classes", "trainees"]) == {"training_classes": 1, "trainees": 0}


def test_the_drill_down_lists_the_trainees_masked_and_in_scope(client, users, chef_class):
    client.force_login(users["jinxiu"])
    page = client.get(f"/reports/trainees_employed_related/?{Q}").content.decode()
    assert "甲" in page and "乙" not in page
    assert "451324********" in page
    client.force_login(users["tongmu"])
    assert "甲" in client.get(f"/reports/trainees/?{Q}").content.decode()
    client.force_login(users["xiezuo"])
    page = client.get(f"/reports/trainees/?{Q}").content.decode()
    assert "合计 3" in page
