"""The indicators read from the summary equal their records' counts (the direct queries) on random workers
and spells, for any period and region; every write path keeps the summary current without a rebuild (the
root conftest checks that after each test, too); the rebuild command rewrites it."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.test import override_settings

from laborbridge.employment.models import Employment
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.employment.summary import indicator_summary_rebuild
from laborbridge.factories import (
    JINXIU,
    TONGMU,
    TOUPAI,
    backdate_registration,
    indicator_summary_mismatch,
    make_worker,
)
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, Context, compute
from laborbridge.reports.periods import REPORTING_ZONE
from laborbridge.reports.summary import SUMMARY_KEYS, summary_counts
from laborbridge.workers.models import IndicatorSummary, IndicatorSummaryState, Worker
from laborbridge.workers.summary import SUMMARY_ZONE

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
CLASSES = ["in_county", "in_province", "partner_province", "other_province"]
# Lengths around one and three calendar months, where the stable rule and the minimum length turn.
LENGTHS = [0, 1, 2, 27, 28, 29, 30, 31, 58, 59, 60, 61, 62, 88, 89, 90, 91, 92, 120, 400]


def edge_days(rng, count):
    """Days around month ends, a leap day and the turn of the year, and some at random."""
    days = []
    for _ in range(count):
        month_end = D(rng.choice([2023, 2024]), rng.randint(1, 12), 1) - DAY
        days.append(month_end + DAY * rng.choice([-1, 0, 1, 2]) if rng.random() < 0.6 else
                    D(2023, 1, 1) + DAY * rng.randint(0, 800))  # fmt: skip
    return days


def random_spells(rng, worker_ids):
    """0–3 spells a worker, at most one open; spells of a worker may even overlap (the summary does not
    rely on the services' no-overlap rule)."""
    spells = []
    for worker_id in worker_ids:
        starts = sorted(edge_days(rng, rng.choice([0, 1, 1, 2, 3])))
        for index, start in enumerate(starts):
            last = index == len(starts) - 1
            end = None if last and rng.random() < 0.4 else start + DAY * rng.choice(LENGTHS)
            spells.append(
                Employment(worker_id=worker_id, start=start, end=end, place_class=rng.choice(CLASSES))
            )
    Employment.objects.bulk_create(spells)


@pytest.fixture
def random_registry(users):
    rng = random.Random(16)
    statuses = ["ordinary", "alleviated", "monitored"]
    workers = [
        make_worker(users["jinxiu"], name="黄" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉戌亥"[i % 12], township=rng.choice([TONGMU, TOUPAI]),
                    poverty_status=rng.choice(statuses))
        for i in range(60)
    ]  # fmt: skip
    for worker in workers:  # registered on random days, some a few hours either side of midnight in China
        day = D(2023, 1, 1) + DAY * rng.randint(0, 800)
        at = datetime.datetime.combine(day, datetime.time(rng.choice([0, 1, 15, 23])), REPORTING_ZONE)
        backdate_registration(Worker.objects.filter(pk=worker.pk), at)
    random_spells(rng, [w.pk for w in workers])
    return rng


def periods(rng, count):
    found = []
    for start, end in zip(edge_days(rng, count), edge_days(rng, count), strict=True):
        start, end = min(start, end), max(start, end)
        found.append((start, end))
        found.append((start, min(end, start + DAY * rng.choice(LENGTHS))))  # short ones too
    return found


def direct(ctx):
    return {key: REGISTRY[key].count(ctx) for key in SUMMARY_KEYS}


@pytest.mark.summary_bypassed  # random spells are written in bulk, then the summary rebuilt
def test_every_summary_indicator_equals_its_direct_query_for_random_periods(random_registry):
    indicator_summary_rebuild()
    regions = [Region.objects.get(code=code) for code in (JINXIU, TONGMU, TOUPAI)]
    for start, end in [*periods(random_registry, 40), (D(2024, 1, 1), D(2024, 12, 31))]:
        for region in regions:
            ctx = Context(region=region, start=start, end=end)
            assert summary_counts(ctx) == direct(ctx), (region.code, start, end)
    whole_year = Context(region=regions[0], start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert direct(whole_year)["employed"] > 10 and direct(whole_year)["employed_stable"] > 5  # not vacuous


@pytest.mark.summary_bypassed
def test_a_minimum_spell_length_is_honoured_when_the_summary_is_built_for_it(random_registry):
    with override_settings(EMPLOYED_MIN_DAYS=30):
        indicator_summary_rebuild()
    region = Region.objects.get(code=JINXIU)
    for start, end in periods(random_registry, 15):
        ctx = Context(region=region, start=start, end=end, min_days=30)
        assert summary_counts(ctx) == direct(ctx)
        # built for 30 days, the summary does not answer for another length: the records are counted
        other = Context(region=region, start=start, end=end, min_days=0)
        assert summary_counts(other) is None
        assert compute(other, sorted(SUMMARY_KEYS)) == direct(other)


def test_without_a_complete_summary_the_indicators_count_the_records(users):
    make_worker(users["jinxiu"], name="黄一")
    IndicatorSummaryState.objects.all().delete()
    ctx = Context(region=Region.objects.get(code=JINXIU), start=D(2020, 1, 1), end=D(2030, 12, 31))
    assert summary_counts(ctx) is None
    assert compute(ctx, ["workers_registered"]) == {"workers_registered": 1}


def test_a_spell_started_and_ended_through_the_services_is_counted_without_a_rebuild(users):
    worker = make_worker(users["jinxiu"], name="黄甲", poverty_status="alleviated")
    ctx = Context(region=Region.objects.get(code=JINXIU), start=D(2024, 1, 1), end=D(2024, 12, 31))
    spell = employment_start(actor=users["jinxiu"], worker=worker, place="440904", start=D(2024, 2, 1))
    assert summary_counts(ctx) == direct(ctx)
    assert summary_counts(ctx)["employed_partner_province"] == 1
    employment_end(actor=users["jinxiu"], spell=spell, end=D(2024, 3, 15))
    assert summary_counts(ctx) == direct(ctx)
    assert summary_counts(ctx)["employed_stable"] == 0


def test_a_move_to_another_township_and_a_new_poverty_status_follow_the_worker(users):
    from laborbridge.workers.services import worker_update

    worker = make_worker(users["jinxiu"], name="黄乙", township=TONGMU)
    employment_start(actor=users["jinxiu"], worker=worker, place=TONGMU, start=D(2024, 2, 1))
    worker_update(actor=users["jinxiu"], worker=worker, township=TOUPAI, poverty_status="monitored")
    for code in (TONGMU, TOUPAI):
        ctx = Context(region=Region.objects.get(code=code), start=D(2024, 1, 1), end=D(2026, 12, 31))
        assert summary_counts(ctx) == direct(ctx)
    assert not indicator_summary_mismatch()


def test_an_erased_worker_leaves_the_summary(users):
    from laborbridge.privacy.services import worker_erase

    worker = make_worker(users["jinxiu"], name="黄丙")
    employment_start(actor=users["jinxiu"], worker=worker, place=TONGMU, start=D(2024, 2, 1))
    worker_erase(actor=users["admin"], worker=worker, reason="本人申请删除")
    assert not IndicatorSummary.objects.filter(worker_id=worker.pk).exists()


def test_a_ledger_import_keeps_the_summary_current(tmp_path, users):
    from laborbridge.ledger.tests.test_clerks_wording import clerks_ledger, run

    run(clerks_ledger(tmp_path), users)
    ctx = Context(region=Region.objects.get(code=JINXIU), start=D(2024, 1, 1), end=D(2026, 12, 31))
    assert summary_counts(ctx) == direct(ctx)
    assert summary_counts(ctx)["employed"] > 0
    assert not indicator_summary_mismatch()


@pytest.mark.summary_bypassed
def test_the_rebuild_command_rewrites_the_summary_and_says_how_far_it_got(random_registry, capsys):
    IndicatorSummary.objects.all().delete()
    call_command("rebuild_indicator_summary", "--batch", "25")
    out = capsys.readouterr()
    assert "60 / 60" in out.err and "指标汇总已重建" in out.out
    assert not indicator_summary_mismatch()


def test_the_summary_reads_the_reporting_day_in_china():
    assert SUMMARY_ZONE == REPORTING_ZONE
