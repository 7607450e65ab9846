"""Indicators counted together in one query (`indicators.GROUPS`: fair visitors, trainees) give exactly the
counts of each indicator's own records, on random fairs, classes, enrolments, certificates and spells, for
any period and region; and `compute` gives every figure as its direct query does."""

import datetime
import random

import pytest

from laborbridge.employers.models import Occupation
from laborbridge.employment.models import Employment
from laborbridge.employment.summary import indicator_summary_rebuild
from laborbridge.factories import (
    DIANBAI,
    DIANBAI_TOWNSHIP,
    JINXIU,
    TONGMU,
    TOUPAI,
    XINCHENG,
    XINCHENG_TOWNSHIP,
    make_worker,
)
from laborbridge.fairs.models import FairVisit, JobFair
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import GROUPS, REGISTRY, Context, compute
from laborbridge.training.models import Certificate, Enrolment, Programme, TrainingClass

pytestmark = [pytest.mark.django_db, pytest.mark.summary_bypassed]  # spells in bulk, then the summary rebuilt
D = datetime.date
DAY = datetime.timedelta(days=1)
FIRST = D(2023, 1, 1)


def some_day(rng):
    return FIRST + DAY * rng.randint(0, 730)


@pytest.fixture
def activity(users):
    """Workers of two counties; fairs held here and there, organised by either, with random visitors; classes
    of a programme with trades and of one without, with enrolments in every status, some certificates; spells
    before, during and after the classes, some in the programme's trades, some open."""
    rng = random.Random(2016)
    statuses = ["ordinary", "alleviated", "monitored"]
    workers = [
        make_worker(users["admin"], name="韦" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳"[i % 6],
                    township=rng.choice([TONGMU, TOUPAI, TOUPAI, XINCHENG_TOWNSHIP]),
                    poverty_status=rng.choice(statuses))
        for i in range(50)
    ]  # fmt: skip
    trades = list(Occupation.objects.order_by("id")[:4])
    with_trades = Programme.objects.create(name="电工")
    with_trades.occupations.set(trades[:2])
    without = Programme.objects.create(name="家政服务")
    places = {
        code: Region.objects.get(code=code) for code in (TONGMU, TOUPAI, XINCHENG_TOWNSHIP, DIANBAI_TOWNSHIP)
    }
    counties = [Region.objects.get(code=code) for code in (JINXIU, XINCHENG, DIANBAI)]

    fairs = []
    for n in range(10):
        fair = JobFair.objects.create(title=f"招聘会{n}", date=some_day(rng), starts_at=datetime.time(9),
                                      ends_at=datetime.time(12), township=places[rng.choice(list(places))],
                                      address="广场", slug=f"fair{n}")  # fmt: skip
        fair.organisers.set(rng.sample(counties, rng.randint(0, 2)))
        fairs.append(fair)
    FairVisit.objects.bulk_create(
        FairVisit(fair=fair, worker=worker, checked_in_at=datetime.datetime.combine(fair.date, datetime.time(10), datetime.UTC))
        for fair in fairs
        for worker in rng.sample(workers, rng.randint(0, 15))
    )  # fmt: skip

    classes = []
    for n in range(12):
        start = some_day(rng)
        classes.append(TrainingClass.objects.create(
            programme=rng.choice([with_trades, with_trades, without]), name=f"班{n}", provider="技工学校",
            place=places[TONGMU], start=start, end=start + DAY * rng.choice([0, 5, 20, 40]), capacity=40))  # fmt: skip
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(training_class=klass, worker=worker, applied_on=klass.start - DAY * 10,
                  status=rng.choice(["applied", "enrolled", "completed", "completed", "dropped"]))
        for worker in workers
        for klass in rng.sample(classes, rng.choice([0, 1, 1, 2, 3]))
    )  # fmt: skip
    Certificate.objects.bulk_create(
        Certificate(enrolment=e, kind="skill_level", number=f"C{e.pk}", issued_on=e.training_class.end)
        for e in enrolments
        if e.status == "completed" and rng.random() < 0.4
    )

    spells = []
    for worker in workers:
        ends = [klass.end for klass in classes]
        for index in range(rng.choice([0, 1, 1, 2])):
            start = rng.choice(ends) + DAY * rng.randint(-60, 30)  # around a class's end
            end = None if index and rng.random() < 0.5 else start + DAY * rng.choice([0, 10, 45, 200])
            trade = rng.choice([None, *trades])
            spells.append(
                Employment(worker=worker, start=start, end=end, occupation=trade, place_class="in_county")
            )
    Employment.objects.bulk_create(spells)
    indicator_summary_rebuild()
    return rng


def periods(rng, count):
    found = [(D(2023, 1, 1), D(2024, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31))]
    for _ in range(count):
        a, b = sorted([some_day(rng), some_day(rng)])
        found.append((a, b))
    return found


REGIONS = [JINXIU, TONGMU, TOUPAI, XINCHENG, DIANBAI]


def test_each_group_gives_exactly_its_indicators_record_counts(activity):
    seen = dict.fromkeys(REGISTRY, 0)
    for code in REGIONS:
        region = Region.objects.get(code=code)
        for start, end in periods(activity, 12):
            ctx = Context(region=region, start=start, end=end)
            for keys, counts in GROUPS.items():
                direct = {key: REGISTRY[key].count(ctx) for key in keys}
                assert counts(ctx) == direct, (code, start, end)
                for key, value in direct.items():
                    seen[key] += value
    # not vacuous: every grouped figure is above zero somewhere
    assert all(seen[key] for keys in GROUPS for key in keys), seen


def test_the_full_set_computed_equals_every_direct_query(activity):
    for code in REGIONS:
        ctx = Context(region=Region.objects.get(code=code), start=D(2023, 3, 1), end=D(2024, 10, 31))
        assert compute(ctx) == {key: item.count(ctx) for key, item in REGISTRY.items()}, code


def test_asking_for_one_figure_of_a_group_gives_that_figure(activity):
    ctx = Context(region=Region.objects.get(code=JINXIU), start=D(2023, 1, 1), end=D(2024, 12, 31))
    assert compute(ctx, ["trainees_employed"]) == {
        "trainees_employed": REGISTRY["trainees_employed"].count(ctx)
    }
