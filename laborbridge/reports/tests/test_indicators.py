"""Each indicator, built from records made by hand: the count and the list behind it, with the edges."""

import datetime

import pytest

from laborbridge.employers.services import base_recognise, vacancy_set_status
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.factories import (
    DIANBAI,
    JINXIU,
    TONGMU,
    TOUPAI,
    backdate_registration,
    make_employer,
    make_vacancy,
    make_worker,
)
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, Context, compute

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2024, 1, 1), D(2024, 10, 31)


def ctx(code="451324", start=START, end=END, min_days=0):
    return Context(region=Region.objects.get(code=code), start=start, end=end, min_days=min_days)


def names(key, context):
    return sorted(w.name for w in REGISTRY[key].records(context))


def spell(users, worker, start, end=None, place=TONGMU, employer_name=""):
    s = employment_start(
        actor=users["jinxiu"], worker=worker, place=place, start=start, employer_name=employer_name
    )
    if end:
        employment_end(actor=users["jinxiu"], spell=s, end=end)
    return s


@pytest.fixture
def people(users):
    j = users["jinxiu"]
    return {
        "before": make_worker(j, name="黄前", township=TONGMU),  # ended the day before the period
        "twice": make_worker(
            j, name="黄两", township=TONGMU, poverty_status="alleviated"
        ),  # two spells, counted once
        "monitored": make_worker(j, name="黄监", township=TOUPAI, poverty_status="monitored"),
        "mover": make_worker(j, name="黄迁", township=TOUPAI),  # moved from 桐木 to 头排
        "idle": make_worker(j, name="黄闲", township=TONGMU),
    }


def test_employed_counts_spells_overlapping_the_period_once_a_person(users, people):
    spell(users, people["before"], D(2023, 6, 1), D(2023, 12, 31))
    spell(users, people["twice"], D(2024, 1, 10), D(2024, 3, 31))
    spell(users, people["twice"], D(2024, 5, 1), place="440904")
    spell(users, people["monitored"], D(2024, 10, 31))  # starts on the last day
    spell(users, people["mover"], D(2023, 1, 1))
    assert names("employed", ctx()) == sorted(["黄两", "黄监", "黄迁"])
    assert names("employed_alleviated", ctx()) == ["黄两"]
    assert compute(ctx(), ["employed"]) == {"employed": 3}


def test_a_worker_who_moved_township_counts_where_they_live_now(users, people):
    spell(users, people["mover"], D(2023, 1, 1))
    assert "黄迁" in names("employed", ctx("451324102")) and "黄迁" not in names("employed", ctx("451324101"))


def test_the_registry_counts_as_of_the_end_of_the_period(users, people):
    assert REGISTRY["workers_registered"].count(ctx(end=datetime.date.today())) == 5
    assert names("workers_monitored", ctx(end=datetime.date.today())) == ["黄监"]
    assert names("workers_alleviated", ctx(end=datetime.date.today())) == ["黄两"]
    assert REGISTRY["workers_registered"].count(ctx(end=D(2020, 1, 1))) == 0  # registered today, not in 2020


def test_place_classes_follow_the_latest_spell_in_the_period_and_add_up(users, people):
    spell(users, people["twice"], D(2024, 1, 10), D(2024, 3, 31))  # 县内, then
    spell(users, people["twice"], D(2024, 5, 1), place="440904")  # 协作省份
    spell(users, people["monitored"], D(2024, 2, 1), place="450103")  # 区内县外 (南宁)
    spell(users, people["mover"], D(2024, 2, 1), place="330106")  # 其他省份 (杭州)
    figures = compute(
        ctx(),
        [
            "employed",
            "employed_in_county",
            "employed_in_province",
            "employed_partner_province",
            "employed_other_province",
        ],
    )
    assert figures == {
        "employed": 3,
        "employed_in_county": 0,
        "employed_in_province": 1,
        "employed_partner_province": 1,
        "employed_other_province": 1,
    }


def test_stable_employment_needs_three_months_inside_the_period(users, people):
    spell(users, people["twice"], D(2023, 12, 1), D(2024, 3, 31))  # 3 months in the period: stable
    spell(users, people["mover"], D(2024, 8, 15))  # 2.5 months by 31 October: not yet
    spell(users, people["monitored"], D(2024, 1, 1), D(2024, 2, 28))
    assert names("employed_stable", ctx()) == ["黄两"]
    assert names("employed_stable_alleviated", ctx()) == ["黄两"]


def test_a_minimum_duration_can_be_required(users, people):
    spell(users, people["twice"], D(2024, 3, 1), D(2024, 3, 10))  # ten days
    spell(users, people["mover"], D(2024, 3, 1), D(2024, 6, 30))
    assert names("employed", ctx(min_days=30)) == ["黄迁"]
    assert names("employed", ctx()) == sorted(["黄两", "黄迁"])


def test_employers_and_positions_provided_by_the_partner_side(users):
    old = make_employer(users["dianbai"], name="老厂", provided_by=DIANBAI, provided_on=D(2019, 5, 1))
    new = make_employer(users["dianbai"], name="新厂", provided_by=DIANBAI, provided_on=D(2024, 3, 1))
    make_employer(users["dianbai"], name="自招厂")  # not brought in by the pairing
    for employer, posted in ((old, D(2019, 6, 1)), (new, D(2024, 4, 1))):
        vacancy = make_vacancy(users["dianbai"], employer, headcount=25, posted_on=posted)
        vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open", today=posted)
    make_vacancy(users["dianbai"], new, headcount=99, posted_on=D(2024, 5, 1))  # a draft is not provided
    west, east = ctx(), ctx(DIANBAI)
    assert [e.name for e in REGISTRY["employers_provided"].records(west)] == ["新厂"]
    assert REGISTRY["employers_provided_total"].count(west) == 2
    assert (REGISTRY["positions_provided"].count(west), REGISTRY["positions_provided_total"].count(west)) == (
        25,
        50,
    )
    assert [v.employer.name for v in REGISTRY["vacancies_provided"].records(west)] == [
        "新厂"
    ]  # not the draft
    assert (
        REGISTRY["employers_provided_total"].count(east) == 2
    )  # the eastern side's own view: what it brought in


def test_bases_and_their_local_workers(users, people):
    workshop = make_employer(users["jinxiu"], name="头排车间", region=JINXIU, kind="individual")
    base_recognise(actor=users["jinxiu"], employer=workshop, kind="workshop", recognised_on=D(2023, 6, 1))
    spell(users, people["twice"], D(2024, 2, 1), place=TOUPAI, employer_name="头排车间")
    spell(users, people["mover"], D(2024, 2, 1), place=TOUPAI, employer_name="别的厂")
    assert REGISTRY["employment_bases"].count(ctx()) == 1
    assert names("employment_base_workers", ctx()) == ["黄两"]
    assert names("employment_base_workers_alleviated", ctx()) == ["黄两"]
    assert REGISTRY["employment_bases"].count(ctx(end=D(2023, 1, 1))) == 0  # not yet recognised


def test_paired_credit_two_views_of_one_fact(users, people):
    factory = make_employer(users["dianbai"], name="电白厂", provided_by=DIANBAI)
    s = spell(users, people["twice"], D(2024, 5, 1), place=DIANBAI, employer_name="电白厂")
    assert s.employer_id == factory.pk
    assert "黄两" in names("employed", ctx())  # 金秀 helped into work
    assert names("partner_workers_taken_in", ctx(DIANBAI)) == ["黄两"]  # 电白 took in a western worker
    assert names("partner_workers_taken_in", ctx("440902")) == []
    assert REGISTRY["employed"].count(ctx(DIANBAI)) == 0  # never double-counted in 电白's own report


def test_every_indicator_has_a_chinese_name_and_definition():
    assert len(REGISTRY) >= 20
    for key, item in REGISTRY.items():
        assert item.name and item.definition and item.key == key


def test_the_documentation_lists_every_indicator():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "indicators.md").read_text()
    for key, item in REGISTRY.items():
        assert f"`{key}`" in text and item.definition in text


@pytest.mark.summary_bypassed  # spells written in bulk_create: the rule is compared, not the summary
def test_the_sql_rule_for_stable_employment_agrees_with_the_calendar_rule(users):
    """Random spells around month ends and leap years: the database's answer equals is_stable's."""
    import random

    from laborbridge.employment.calendar import is_stable
    from laborbridge.employment.models import Employment
    from laborbridge.reports.indicators import stable_spells

    rng = random.Random(3)
    worker = make_worker(users["jinxiu"], name="黄测")
    period = (D(2024, 1, 1), D(2024, 12, 31))
    spells = []
    for _ in range(400):
        start = D(2023, 10, 1) + datetime.timedelta(days=rng.randint(0, 420))
        end = None if rng.random() < 0.2 else start + datetime.timedelta(days=rng.randint(0, 130))
        spells.append(Employment(worker=worker, start=start, end=end, place_class="in_county"))
    # the one-open-spell rule is the database's: give each open spell its own end far away instead
    for spell in spells:
        spell.end = spell.end or D(2030, 1, 1)
    Employment.objects.bulk_create(spells)
    context = Context(region=Region.objects.get(code="451324"), start=period[0], end=period[1])
    found = set(stable_spells(context).values_list("pk", flat=True))
    for spell in Employment.objects.filter(worker=worker):
        if not (spell.start <= period[1] and spell.end >= period[0]):
            continue
        clipped = Employment(start=max(spell.start, period[0]), end=min(spell.end, period[1]))
        assert (spell.pk in found) == is_stable(clipped, period[1]), (spell.start, spell.end)


def test_the_period_ends_at_midnight_in_china_not_at_midnight_utc(users, people):
    from laborbridge.workers.models import Worker

    # 2024-11-01 03:00 in China is still 2024-10-31 in UTC: registered after a period ending 10-31.
    after = datetime.datetime(2024, 10, 31, 19, 0, tzinfo=datetime.UTC)
    # 2024-10-31 23:00 in China is 15:00 UTC: registered within it.
    within = datetime.datetime(2024, 10, 31, 15, 0, tzinfo=datetime.UTC)
    backdate_registration(Worker.objects.filter(name="黄前"), after)
    backdate_registration(Worker.objects.filter(name="黄闲"), within)
    backdate_registration(
        Worker.objects.exclude(name__in=["黄前", "黄闲"]), after + datetime.timedelta(days=9)
    )
    assert names("workers_registered", ctx(end=D(2024, 10, 31))) == ["黄闲"]
    assert names("workers_registered", ctx(end=D(2024, 11, 1))) == ["黄前", "黄闲"]
