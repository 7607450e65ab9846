"""The synthetic province the benchmarks read: written straight into the database with plain SQL.

    .venv/bin/python bench/province.py [--workers 1000000] [--database-url URL] [--json]

A million workers of 金秀 (real-looking names with their pinyin keys, valid and unique ID numbers, phones;
ID numbers and phones encrypted and blind-indexed by the application's own functions, each value its own
ciphertext), a million employment spells (2022–2025, the four place classes), 50,000 employers, 200,000
vacancies, referrals with their steps, job fairs with employers, positions and visitors, training classes
with trainees, and a chartered-bus campaign with its days, buses and sign-ups. The other counts scale with
--workers (`Size.for_workers`). COPY on PostgreSQL, executemany on SQLite (`core/bulk_sql.py`); the ID
numbers and phones are encrypted on the second core while the first writes.

What is measured elsewhere is reading, so the rows are written without the services' audit trail; the
columns the services derive (pinyin, blind indexes, birth year, county) are derived by the same functions.

Function API, for the other scripts:

    from bench import province
    url = province.setup(url or province.default_url(workers))   # Django on it, migrated, regions loaded
    report = province.ensure(province.Size.for_workers(workers))  # writes only what is missing

Tables already at their size are left alone, so a second run (or a second script) costs a count.
"""

import argparse
import collections
import dataclasses
import datetime
import itertools
import json
import multiprocessing
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JINXIU = "451324"
TOWNSHIPS = [
    "451324100",
    "451324101",
    "451324102",
    "451324200",
    "451324201",
    "451324202",
    "451324203",
    "451324204",
    "451324205",
    "451324207",
]
TOWNSHIP_WEIGHTS = [12, 22, 16, 7, 8, 8, 8, 9, 5, 5]
# (place class, place) of a spell: a township of the county, the province's capital, the partner county
# (电白), another province.
PLACES = [
    ("in_county", "451324101"),
    ("in_province", "450103"),
    ("partner_province", "440904"),
    ("other_province", "330106"),
]
# Where employers are: the partner cities of Guangdong most, then Guangxi, then the rest.
EMPLOYER_COUNTIES = ["440904", "440902", "440106", "440305", "441900", "440604", "450103", "451324", "330106"]
EMPLOYER_WEIGHTS = [20, 10, 10, 12, 10, 8, 10, 12, 8]
STAMP = datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC)
CHUNK = 50_000


@dataclasses.dataclass(frozen=True)
class Size:
    """How much of each thing; `for_workers` scales the full province (1,000,000 workers) down or up."""

    workers: int = 1_000_000
    spells: int = 1_000_000
    employers: int = 50_000
    vacancies: int = 200_000
    referrals: int = 200_000
    fairs: int = 400
    classes: int = 2_000
    signups: int = 10_000

    @classmethod
    def for_workers(cls, workers: int) -> "Size":
        full = cls()
        share = workers / full.workers

        def scaled(value: int, least: int) -> int:
            return max(least, round(value * share))

        return cls(
            workers=workers,
            spells=workers,
            employers=scaled(full.employers, 50),
            vacancies=scaled(full.vacancies, 200),
            referrals=min(workers, scaled(full.referrals, 100)),
            fairs=scaled(full.fairs, 4),
            classes=scaled(full.classes, 10),
            signups=min(workers // 4, scaled(full.signups, 200)),
        )


def default_url(workers: int) -> str:
    """The SQLite file of a province of this many workers, under var/bench/."""
    return f"sqlite:///{ROOT / 'var' / 'bench' / f'province-{workers}.sqlite3'}"


def setup(url: str) -> str:
    """Point Django at `url`, migrate and load the regions; returns the URL."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from laborbridge.regions.models import Region

    if not Region.objects.filter(code=JINXIU).exists():
        call_command("load_regions", verbosity=0, stdout=sys.stderr)
    return url


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Table:
    """Rows of one model's table given for some columns; every other column gets its default.

    Values are adapted as Django adapts them (dates and times per database, JSON as text), once per column.
    """

    def __init__(self, model, columns: list[str]):
        from django.db import connection
        from django.db.models import fields as f

        self.model = model
        ops = connection.ops
        concrete = [field for field in model._meta.concrete_fields if not field.primary_key]
        by_column = {field.column: field for field in concrete}
        missing = [column for column in columns if column not in by_column]
        if missing:
            raise ValueError(f"{model.__name__} has no columns {missing}")
        self.columns = list(columns)
        self.fixed = []
        for field in concrete:
            if field.column in columns:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = STAMP
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            else:
                value = ""
            self.columns.append(field.column)
            self.fixed.append(self._adapter(field, ops, f)(value))
        self.adapters = [
            (i, self._adapter(by_column[c], ops, f))
            for i, c in enumerate(columns)
            if isinstance(by_column[c], f.DateField | f.TimeField | f.json.JSONField)
        ]

    @staticmethod
    def _adapter(field, ops, f):
        if isinstance(field, f.json.JSONField):
            return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
        if isinstance(field, f.DateTimeField):
            return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
        if isinstance(field, f.DateField):
            return lambda v: None if v is None else ops.adapt_datefield_value(v)
        if isinstance(field, f.TimeField):
            return lambda v: None if v is None else ops.adapt_timefield_value(v)
        return lambda v: v

    def insert(self, rows) -> range:
        """Insert the rows (tuples in the order of the given columns); returns the ids they got."""
        from django.db import connection

        from laborbridge.core.bulk_sql import BulkSql

        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {table}")
            before = cursor.fetchone()[0] or 0
        prepared = []
        for row in rows:
            row = list(row)
            for i, adapt in self.adapters:
                row[i] = adapt(row[i])
            prepared.append(row + self.fixed)
        BulkSql().insert(self.model, self.columns, prepared)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT min(id), max(id), count(*) FROM {table} WHERE id > %s", [before])
            low, high, count = cursor.fetchone()
        if count != len(prepared) or (count and high - low + 1 != count):
            raise RuntimeError(f"{table}: ids not consecutive ({low}..{high} for {count} rows)")
        return range(low or before + 1, (high or before) + 1)


# --- workers ---------------------------------------------------------------------------------------------

WORKER_COLUMNS = [
    "name",
    "name_pinyin",
    "name_initials",
    "id_number",
    "id_number_bidx",
    "id_number_tail_bidx",
    "sex",
    "birth_year",
    "phone",
    "phone_bidx",
    "county_id",
    "township_id",
    "village_id",
    "poverty_status",
    "education",
    "ethnicity",
]


def id_number(index: int) -> str:
    """The index-th synthetic ID number of 金秀: unique up to 16 million (birth day × order code)."""
    from laborbridge.core import idnumber

    day, k = index % 16_000, index // 16_000
    birth = BIRTH_FROM + datetime.timedelta(days=day)
    order = (day + 397 * k) % 1000  # 397 is prime to 1000: the orders of one birth day never repeat
    body = f"{JINXIU}{birth:%Y%m%d}{order:03d}"
    return body + idnumber.check_digit(body)


BIRTH_FROM = datetime.date(1960, 1, 1)


def _cumulative(pairs) -> tuple[list, list]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(itertools.accumulate(weights))


def worker_rows(task: tuple[int, int, dict]) -> list[tuple]:
    """Rows of workers start..stop-1 (deterministic: seeded by `start`)."""
    start, stop, villages = task
    from laborbridge.core import crypto
    from laborbridge.core.pinyin import name_keys
    from laborbridge.demo import data
    from laborbridge.workers.derived import (
        ID_CONTEXT,
        PHONE_CONTEXT,
        id_number_index,
        id_number_tail_index,
        phone_index,
    )

    rng = random.Random(start)
    surnames, surname_cum = _cumulative(data.SURNAMES)
    given = data.GIVEN_MALE + data.GIVEN_FEMALE
    educations, education_cum = _cumulative(data.EDUCATION_WEIGHTS)
    ethnicities, ethnicity_cum = _cumulative(data.ETHNICITY_WEIGHTS)
    townships, township_cum = _cumulative(zip(TOWNSHIPS, TOWNSHIP_WEIGHTS, strict=True))
    poverty, poverty_cum = _cumulative([("alleviated", 40), ("monitored", 4), ("ordinary", 56)])
    choices = rng.choices
    rows = []
    keys: dict[str, tuple[str, str]] = {}
    for index in range(start, stop):
        # What worker_derived gives, without parsing the number back: it is valid by construction.
        number = id_number(index)
        name = choices(surnames, cum_weights=surname_cum)[0] + rng.choice(given)
        if rng.random() < 0.7:
            name += rng.choice(given)  # most names have three characters, some two
        pinyin = keys.get(name) or keys.setdefault(name, name_keys(name))
        mobile = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        township = choices(townships, cum_weights=township_cum)[0]
        in_township = villages.get(township)
        rows.append(
            (
                name,
                pinyin[0],
                pinyin[1],
                crypto.encrypt(number, context=ID_CONTEXT),
                id_number_index(number),
                id_number_tail_index(number),
                "M" if int(number[16]) % 2 else "F",
                int(number[6:10]),
                crypto.encrypt(mobile, context=PHONE_CONTEXT),
                phone_index(mobile),
                JINXIU,
                township,
                rng.choice(in_township) if in_township else None,
                choices(poverty, cum_weights=poverty_cum)[0],
                choices(educations, cum_weights=education_cum)[0],
                choices(ethnicities, cum_weights=ethnicity_cum)[0],
            )
        )
    return rows


def write_workers(have: int, count: int) -> None:
    from django.db import connection, transaction

    from laborbridge.regions.models import Region
    from laborbridge.workers.models import Worker

    villages: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(level="village", parent_id__in=TOWNSHIPS).values_list(
        "code", "parent_id"
    ):
        villages.setdefault(parent, []).append(code)
    table = Table(Worker, WORKER_COLUMNS)
    tasks = [(s, min(count, s + CHUNK), villages) for s in range(have, count, CHUNK)]
    connection.close()  # the pool forks: no connection is shared with the children
    # Encryption and hashing on the other core(s) while this process writes.
    processes = max(1, min(2, os.cpu_count() or 1))
    with multiprocessing.get_context("fork").Pool(processes) as pool, transaction.atomic():
        # At most a few chunks computed ahead of the writer: memory stays at a few chunks, not the registry.
        pending: collections.deque = collections.deque()
        queue = iter(tasks)
        for task in itertools.islice(queue, processes + 1):
            pending.append(pool.apply_async(worker_rows, (task,)))
        while pending:
            rows = pending.popleft().get()
            for task in itertools.islice(queue, 1):
                pending.append(pool.apply_async(worker_rows, (task,)))
            table.insert(rows)
            log(f"  workers: {Worker.objects.count():,}" if not pending else f"  workers: +{len(rows):,}")


# --- spells ----------------------------------------------------------------------------------------------


def write_spells(workers: range, count: int) -> None:
    """About `count` spells: a third of the workers none, the rest one or two (at most one open)."""
    from django.db import transaction

    from laborbridge.employment.models import Employment

    rng = random.Random(5)
    # P(two spells | any) chosen so that the total is about `count`.
    share_with = 0.65
    two = min(1.0, max(0.0, count / (len(workers) * share_with) - 1))
    table = Table(
        Employment, ["worker_id", "place_id", "place_class", "start", "end", "monthly_income", "source"]
    )
    written = 0
    batch = []
    with transaction.atomic():
        for worker_id in workers:
            if written + len(batch) >= count:
                break
            if rng.random() >= share_with:
                continue
            begin = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1100))
            spells = 2 if rng.random() < two else 1
            for n in range(spells):
                # Only the last spell may be open: one open spell a worker.
                closed = n < spells - 1 or rng.random() < 0.5
                end = begin + datetime.timedelta(days=rng.randint(20, 500)) if closed else None
                klass, place = rng.choice(PLACES)
                batch.append((worker_id, place, klass, begin, end, rng.randrange(2500, 8000, 100), "ledger"))
                if end is not None:
                    begin = end + datetime.timedelta(days=rng.randint(10, 200))
            if len(batch) >= CHUNK:
                table.insert(batch)
                written += len(batch)
                batch = []
                log(f"  spells: {written:,}")
        table.insert(batch)


# --- employers and vacancies -----------------------------------------------------------------------------

WORDS = ["电子", "服装", "制衣", "玩具", "家具", "食品", "物流", "建材", "陶瓷", "五金", "茶业", "水产"]
INDUSTRIES = ["制造业", "建筑业", "批发和零售业", "住宿和餐饮业", "交通运输业", "农林牧渔业"]


def write_employers(count: int) -> range:
    from django.db import transaction

    from laborbridge.core import crypto
    from laborbridge.employers.models import Employer

    rng = random.Random(17)
    table = Table(Employer, ["name", "kind", "industry", "region_id", "contact_name", "contact_phone"])
    rows = []
    for i in range(count):
        rows.append(
            (
                f"{rng.choice(WORDS)}{rng.choice(WORDS)}有限公司{i:05d}",
                rng.choices(["private", "sme", "individual", "state"], [50, 35, 12, 3])[0],
                rng.choice(INDUSTRIES),
                rng.choices(EMPLOYER_COUNTIES, EMPLOYER_WEIGHTS)[0],
                "",
                crypto.encrypt(f"13{rng.randrange(10**9):09d}", context="employers.Employer.contact_phone"),
            )
        )
    with transaction.atomic():
        return table.insert(rows)


def write_vacancies(employers: range, count: int) -> range:
    """Vacancy i belongs to employer i mod |employers| (so an employer's vacancies are easy to find)."""
    from django.db import transaction

    from laborbridge.employers.models import Employer, Occupation, Vacancy

    rng = random.Random(19)
    occupations = list(Occupation.objects.values_list("id", "name"))
    region_of = dict(Employer.objects.filter(id__in=employers).values_list("id", "region_id"))
    table = Table(
        Vacancy,
        [
            "employer_id",
            "title",
            "occupation_id",
            "headcount",
            "pay_min",
            "pay_max",
            "place_id",
            "lodging",
            "meals",
            "age_min",
            "age_max",
            "posted_on",
            "closes_on",
            "status",
        ],
    )
    rows = []
    for i in range(count):
        employer = employers[i % len(employers)]
        occupation, title = rng.choice(occupations)
        pay = rng.randrange(2800, 7000, 100)
        posted = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 360))
        rows.append(
            (
                employer,
                title,
                occupation,
                rng.randint(1, 50),
                pay,
                pay + rng.randrange(0, 3000, 100),
                region_of[employer],
                rng.random() < 0.6,
                rng.random() < 0.4,
                18 if rng.random() < 0.5 else None,
                rng.choice([45, 50, 55, None]),
                posted,
                posted + datetime.timedelta(days=rng.randint(30, 120)),
                rng.choices(["open", "filled", "closed", "draft"], [60, 15, 20, 5])[0],
            )
        )
    with transaction.atomic():
        return table.insert(rows)


# --- referrals -------------------------------------------------------------------------------------------

LADDER = ["recommended", "applied", "intent", "hired", "arrived", "left"]


def spread(workers: range, count: int, seed: int) -> list[int]:
    """`count` distinct worker ids, spread over the whole registry."""
    return random.Random(seed).sample(workers, count)


def write_referrals(workers: range, vacancies: range, count: int) -> None:
    from django.db import transaction

    from laborbridge.employment.models import Referral, ReferralStep

    rng = random.Random(23)
    referrals = Table(Referral, ["worker_id", "vacancy_id", "source", "status", "declined_reason"])
    steps = Table(ReferralStep, ["referral_id", "status", "on", "monthly_income"])
    who = spread(workers, count, 29)
    rows, ladders = [], []
    for worker in who:
        final = rng.choices([*LADDER, "declined"], [30, 15, 10, 10, 20, 5, 10])[0]
        rows.append(
            (
                worker,
                rng.choice(vacancies),
                rng.choices(["staff", "matching", "job_fair", "self", "chartered_bus", "training"])[0],
                final,
                "未达成" if final == "declined" else "",
            )
        )
        path = ["recommended", "declined"] if final == "declined" else LADDER[: LADDER.index(final) + 1]
        ladders.append(path)
    with transaction.atomic():
        ids = referrals.insert(rows)
        step_rows = []
        for referral, path in zip(ids, ladders, strict=True):
            day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
            for status in path:
                step_rows.append((referral, status, day, 4500 if status == "hired" else None))
                day += datetime.timedelta(days=rng.randint(1, 20))
            if len(step_rows) >= CHUNK:
                steps.insert(step_rows)
                step_rows = []
        steps.insert(step_rows)


# --- fairs -----------------------------------------------------------------------------------------------


def write_fairs(workers: range, employers: range, vacancies: range, count: int) -> None:
    from django.db import transaction

    from laborbridge.fairs.models import FairParticipation, FairPosition, FairVisit, JobFair

    rng = random.Random(31)
    fairs = Table(
        JobFair,
        [
            "title",
            "date",
            "starts_at",
            "ends_at",
            "township_id",
            "address",
            "target_groups",
            "status",
            "slug",
        ],
    )
    rows = []
    for i in range(count):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        rows.append(
            (
                f"{day:%Y年%m月}就业招聘会（第{i + 1}场）",
                day,
                datetime.time(9),
                datetime.time(12),
                rng.choice(TOWNSHIPS),
                "乡镇政府广场",
                ["migrant", "alleviated"],
                "closed" if day < datetime.date(2024, 11, 1) else "planned",
                secrets.token_urlsafe(9)[:12],
            )
        )
    per_fair, visitors = 30, 150
    with transaction.atomic():
        ids = fairs.insert(rows)
        organisers = JobFair.organisers.through
        organisers.objects.bulk_create(organisers(jobfair_id=fair, region_id=JINXIU) for fair in ids)
        participations = Table(FairParticipation, ["fair_id", "employer_id", "booth"])
        chosen = [(fair, rng.sample(employers, min(per_fair, len(employers)))) for fair in ids]
        taking = participations.insert(
            (fair, employer, f"A{n + 1:02d}") for fair, some in chosen for n, employer in enumerate(some)
        )
        flat = [employer for _, some in chosen for employer in some]
        positions = Table(FairPosition, ["participation_id", "vacancy_id", "headcount"])
        position_rows = []
        for participation, employer in zip(taking, flat, strict=True):
            first = vacancies[employer - employers[0]] if employer - employers[0] < len(vacancies) else None
            if first is not None:
                position_rows.append((participation, first, rng.randint(1, 20)))
        positions.insert(position_rows)
        visits = Table(FairVisit, ["fair_id", "worker_id", "checked_in_at", "walk_in"])
        visit_rows = []
        for fair, row in zip(ids, rows, strict=True):
            at = datetime.datetime.combine(row[1], datetime.time(9, 30), datetime.UTC)
            for worker in rng.sample(workers, min(visitors, len(workers))):
                visit_rows.append((fair, worker, at, rng.random() < 0.3))
            if len(visit_rows) >= CHUNK:
                visits.insert(visit_rows)
                visit_rows = []
        visits.insert(visit_rows)


# --- training --------------------------------------------------------------------------------------------

PROGRAMMES = ["粤菜师傅", "南粤家政", "广东技工", "茶叶评鉴", "电工", "焊工", "育婴员", "养老护理员"]


def write_training(workers: range, count: int) -> None:
    from django.db import transaction

    from laborbridge.training.models import Enrolment, Programme, TrainingClass

    rng = random.Random(37)
    with transaction.atomic():
        have = set(Programme.objects.values_list("name", flat=True))
        Programme.objects.bulk_create(Programme(name=n) for n in PROGRAMMES if n not in have)
        programmes = list(Programme.objects.values_list("id", "name"))
        classes = Table(
            TrainingClass,
            ["programme_id", "name", "provider", "place_id", "start", "end", "capacity", "status"],
        )
        rows = []
        for i in range(count):
            programme, name = rng.choice(programmes)
            start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
            rows.append(
                (
                    programme,
                    f"{name}第{i + 1}期",
                    "县职业技能培训中心",
                    rng.choice(TOWNSHIPS),
                    start,
                    start + datetime.timedelta(days=rng.randint(5, 30)),
                    40,
                    "finished" if start < datetime.date(2024, 10, 1) else "planned",
                )
            )
        ids = classes.insert(rows)
        organisers = TrainingClass.organisers.through
        organisers.objects.bulk_create(organisers(trainingclass_id=klass, region_id=JINXIU) for klass in ids)
        enrolments = Table(
            Enrolment, ["training_class_id", "worker_id", "status", "applied_on", "completed_on"]
        )
        enrol_rows = []
        for klass, row in zip(ids, rows, strict=True):
            for worker in rng.sample(workers, min(30, len(workers))):
                status = rng.choices(["completed", "enrolled", "dropped", "applied"], [70, 15, 10, 5])[0]
                enrol_rows.append(
                    (klass, worker, status, row[4] - datetime.timedelta(days=7), row[5] if status == "completed" else None)
                )  # fmt: skip
            if len(enrol_rows) >= CHUNK:
                enrolments.insert(enrol_rows)
                enrol_rows = []
        enrolments.insert(enrol_rows)


# --- chartered buses -------------------------------------------------------------------------------------


def write_buses(workers: range, employers: range, count: int) -> None:
    """One campaign of ten days: sign-ups packed in order onto 45-seat buses (the planner is benched apart)."""
    from django.db import transaction

    from laborbridge.employers.models import Employer
    from laborbridge.transport.models import (
        Batch,
        BusType,
        PickupPoint,
        SignUp,
        TransportCampaign,
        Trip,
    )

    rng = random.Random(41)
    first = datetime.date(2024, 2, 17)
    with transaction.atomic():
        campaign = TransportCampaign.objects.create(
            name="2024年春暖行动（基准）", start=first, end=first + datetime.timedelta(days=9)
        )
        campaign.organisers.set([JINXIU])
        points = PickupPoint.objects.bulk_create(
            PickupPoint(campaign=campaign, township_id=code, name=f"上车点{n + 1}")
            for n, code in enumerate(TOWNSHIPS[:8])
        )
        bus = BusType.objects.create(campaign=campaign, name="大巴", seats=45, cost_per_trip=6000)
        batches = Batch.objects.bulk_create(
            Batch(campaign=campaign, date=first + datetime.timedelta(days=d)) for d in range(10)
        )
        destinations = list(Employer.objects.filter(id__in=employers[:40]).values_list("id", "region_id"))
        plan: dict[int, list] = {}
        for worker in spread(workers, count, 43):
            batch = rng.choice(batches)
            employer, region = rng.choice(destinations)
            plan.setdefault(batch.id, []).append(
                (worker, batch.date, rng.choice(points).id, employer, region[:4], 1 if rng.random() < 0.15 else 0)
            )  # fmt: skip
        trips = Table(Trip, ["batch_id", "number", "bus_type_id", "seats", "stops"])
        signups = Table(
            SignUp,
            [
                "campaign_id",
                "worker_id",
                "wanted_date",
                "pickup_point_id",
                "employer_id",
                "destination_city_id",
                "companions",
                "trip_id",
            ],
        )
        signup_rows = []
        for batch_id, people in plan.items():
            loads, seats = [[]], 0
            for person in people:
                if seats + 1 + person[5] > 45:
                    loads.append([])
                    seats = 0
                loads[-1].append(person)
                seats += 1 + person[5]
            ids = trips.insert((batch_id, n + 1, bus.id, 45, []) for n in range(len(loads)))
            for trip, load in zip(ids, loads, strict=True):
                signup_rows += [(campaign.id, w, d, p, e, c, k, trip) for w, d, p, e, c, k in load]
        signups.insert(signup_rows)


# --- the whole province ----------------------------------------------------------------------------------


def _ids(model) -> range:
    from django.db.models import Max, Min

    bounds = model.objects.aggregate(low=Min("id"), high=Max("id"))
    return range(bounds["low"] or 1, (bounds["high"] or 0) + 1)


def rebuild_summary() -> None:
    """`laborbridge rebuild_indicator_summary`: the indicator summary from the tables just written."""
    from laborbridge.employment.summary import indicator_summary_rebuild

    indicator_summary_rebuild(
        progress=lambda done, total: log(f"province: summary {done:,} / {total:,} workers")
    )


def ensure(size: Size) -> dict:
    """Write whatever of the province is missing; returns what was written, the counts and the seconds."""
    from django.apps import apps
    from django.db import connection

    from laborbridge.core.database import refresh_planner_statistics
    from laborbridge.employers.models import Employer, Vacancy
    from laborbridge.employment.models import Employment, Referral, ReferralStep
    from laborbridge.fairs.models import JobFair
    from laborbridge.training.models import TrainingClass
    from laborbridge.transport.models import SignUp
    from laborbridge.workers.models import IndicatorSummary, Worker

    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str, model, want: int, write) -> None:
        have = model.objects.count()
        if have >= want:
            return
        log(f"province: writing {name} ({have:,} → {want:,})")
        begun = time.perf_counter()
        write(have)
        seconds[name] = time.perf_counter() - begun

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")  # a benchmark's scratch file: speed over durability
    step("workers", Worker, size.workers, lambda have: write_workers(have, size.workers))
    workers = _ids(Worker)
    step("spells", Employment, size.spells * 0.95, lambda have: write_spells(workers, size.spells))
    step("employers", Employer, size.employers, lambda have: write_employers(size.employers - have))
    employers = _ids(Employer)
    step("vacancies", Vacancy, size.vacancies, lambda have: write_vacancies(employers, size.vacancies - have))
    vacancies = _ids(Vacancy)
    step(
        "referrals",
        Referral,
        size.referrals,
        lambda have: write_referrals(workers, vacancies, size.referrals),
    )
    step("fairs", JobFair, size.fairs, lambda have: write_fairs(workers, employers, vacancies, size.fairs))
    step("classes", TrainingClass, size.classes, lambda have: write_training(workers, size.classes))
    step("signups", SignUp, size.signups, lambda have: write_buses(workers, employers, size.signups))
    # The tables were written around the services, so the indicator summary they keep (decision 0013) is
    # built the way an upgraded database's is: by the app's own rebuild. Every worker has at least one row.
    step("summary", IndicatorSummary, Worker.objects.count(), lambda have: rebuild_summary())
    if seconds:
        begun = time.perf_counter()
        # The small tables too (fairs, classes, buses): without their statistics PostgreSQL takes 2,000 classes
        # for one and probes the enrolments' status index once a class (1 s a trainee indicator), and a server
        # with autovacuum off (this machine's) never gathers them.
        small = [
            m._meta.db_table
            for label in ("fairs", "training", "transport")
            for m in apps.get_app_config(label).get_models(include_auto_created=True)
        ]
        tables = [
            *[m._meta.db_table for m in (Worker, Employment, Employer, Vacancy, Referral, IndicatorSummary)],
            ReferralStep._meta.db_table,
            *small,
        ]
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load on a production server (it is off on this one): the
            # statistics, and the visibility map without which an index-only scan reads the table anyway.
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        else:
            refresh_planner_statistics(*tables, changed_rows=size.workers)
        seconds["statistics"] = time.perf_counter() - begun
    counts = {
        name: model.objects.count()
        for name, model in [
            ("workers", Worker),
            ("spells", Employment),
            ("employers", Employer),
            ("vacancies", Vacancy),
            ("referrals", Referral),
            ("fairs", JobFair),
            ("classes", TrainingClass),
            ("signups", SignUp),
            ("summary_rows", IndicatorSummary),
        ]
    }
    return {"counts": counts, "seconds": seconds, "total_seconds": time.perf_counter() - started}


def database_kind(url: str) -> str:
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the bench protocol)")
    args = parser.parse_args()
    url = setup(args.database_url or default_url(args.workers))
    size = Size.for_workers(args.workers)
    report = ensure(size)
    written = report["seconds"]
    total = sum(written.values())
    rows = sum(report["counts"].values())
    figures = [
        {
            "name": "generate the province",
            "value": round(total, 2),
            "unit": "s",
            "method": "wall time of writing every table that was missing (plain SQL: COPY or executemany, "
            "ID numbers and phones encrypted as the app does, on a second process), the indicator summary's "
            "rebuild (indicator_summary_rebuild) and the statistics (VACUUM ANALYZE on PostgreSQL, as autovacuum would; ANALYZE on SQLite); "
            "0 when the database already held the province",
            "target": None,
            "target_met": None,
        },
    ]
    if written.get("workers"):
        figures.append(
            {
                "name": "generate the province: workers",
                "value": round(size.workers / written["workers"]),
                "unit": "rows/s",
                "method": "workers written a second, encryption and blind indexes included",
                "target": None,
                "target_met": None,
            }
        )
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "province",
                    "database": database_kind(url),
                    "size": dataclasses.asdict(size) | {"rows": rows},
                    "counts": report["counts"],
                    "figures": figures,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            f"database: {database_kind(url)}; " + ", ".join(f"{k} {v:,}" for k, v in report["counts"].items())
        )
        for name, value in written.items():
            print(f"  {name:12} {value:8.1f} s")


if __name__ == "__main__":
    main()
