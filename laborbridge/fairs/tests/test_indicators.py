import datetime

import pytest

from laborbridge.employment.services import referral_advance
from laborbridge.factories import TONGMU, make_worker
from laborbridge.fairs.services import consultation_record, fair_check_in, fair_intent_record
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, Context
from laborbridge.reports.selectors import drill_records

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 10, 24)


def ctx(code="451324", start=DAY, end=DAY):
    return Context(region=Region.objects.get(code=code), start=start, end=end)


def counts(context, keys=("job_fairs", "fair_employers", "fair_positions", "fair_visitors",
                          "fair_visitors_alleviated", "fair_intents", "fair_hires", "consultations")):  # fmt: skip
    return {key: REGISTRY[key].count(context) for key in keys}


def test_a_fair_counts_for_its_county_and_township_on_its_day(users, fair_world):
    fair = fair_world["fair"]
    alleviated = make_worker(users["tongmu"], name="盘秀英", poverty_status="alleviated")
    other = make_worker(users["tongmu"], name="黄秀英")
    for worker in (alleviated, other):
        fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    fair_intent_record(
        actor=users["employer"], fair=fair, worker=alleviated, vacancy=fair_world["vacancy"], on=DAY
    )
    consultation_record(actor=users["tongmu"], fair=fair, topic="training")
    consultation_record(actor=users["tongmu"], fair=fair, topic="employment", worker=other)
    want = {"job_fairs": 1, "fair_employers": 1, "fair_positions": 30, "fair_visitors": 2,
            "fair_visitors_alleviated": 1, "fair_intents": 1, "fair_hires": 0, "consultations": 2}  # fmt: skip
    assert counts(ctx()) == want
    assert counts(ctx(TONGMU)) == want
    assert (
        counts(ctx(start=DAY + datetime.timedelta(days=1), end=DAY + datetime.timedelta(days=30)))[
            "job_fairs"
        ]
        == 0
    )
    assert counts(ctx("440904"))["job_fairs"] == 0  # 电白 neither held nor organised it


def test_a_hire_that_followed_counts_by_the_end_of_the_period(users, fair_world):
    fair = fair_world["fair"]
    worker = make_worker(users["tongmu"])
    fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    intent = fair_intent_record(actor=users["employer"], fair=fair, worker=worker, vacancy=fair_world["vacancy"],
                                on=DAY)  # fmt: skip
    referral_advance(
        actor=users["jinxiu"], referral=intent.referral, status="hired", on=datetime.date(2024, 11, 5)
    )
    assert REGISTRY["fair_hires"].count(ctx(end=datetime.date(2024, 10, 31))) == 0
    assert REGISTRY["fair_hires"].count(ctx(end=datetime.date(2024, 11, 30))) == 1


def test_the_visitors_drill_down_is_scoped_to_what_the_user_sees(users, fair_world):
    fair = fair_world["fair"]
    worker = make_worker(users["tongmu"])
    fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    assert list(drill_records(actor=users["jinxiu"], ctx=ctx(), key="fair_visitors")) == [worker]
    assert list(drill_records(actor=users["dianbai"], ctx=ctx(), key="fair_visitors")) == []
