"""Benchmark the worker list at scale: keyset pages and capped counts vs OFFSET pages and full counts.

    .venv/bin/python bench/worker_list.py [--rows 1000000] [--database-url URL]

Builds (once) a registry of --rows workers spread over 金秀's ten townships in its own database
(var/bench/workers-<rows>.sqlite3 unless --database-url), then times what the list page runs for a
county user. Prints median and p95 of each query over --repeat runs; the OFFSET/COUNT(*) rows are the
reference in the same run.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def setup(args):
    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / f'workers-{args.rows}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    return url


def populate(rows: int):
    from laborbridge.accounts.models import User
    from laborbridge.core import idnumber
    from laborbridge.core.pinyin import name_keys
    from laborbridge.demo import data
    from laborbridge.workers.derived import id_number_index, phone_index
    from laborbridge.workers.models import Worker

    have = Worker.objects.count()
    if have >= rows:
        return have, 0.0
    rng = random.Random(7)
    actor, _ = User.objects.get_or_create(username="bench", defaults={"role": "admin"})
    townships = list(data.TOWNSHIP_WEIGHTS)
    surnames = [s for s, _ in data.SURNAMES]
    given = data.GIVEN_MALE + data.GIVEN_FEMALE
    keys_cache: dict[str, tuple[str, str]] = {}
    started = time.perf_counter()
    batch = []
    for index in range(have, rows):
        # Unique ID numbers: vary the birth date and the 3-digit order.
        day = 7000 + index // 1000
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=day % 16000)
        order = index % 1000
        body = f"451324{birth:%Y%m%d}{order:03d}"
        number = body + idnumber.check_digit(body)
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        keys = keys_cache.get(name) or keys_cache.setdefault(name, name_keys(name))
        mobile = f"13{rng.randrange(10**9):09d}"
        batch.append(Worker(
            name=name, name_pinyin=keys[0], name_initials=keys[1], id_number=number,
            id_number_bidx=id_number_index(number), sex="M" if order % 2 else "F", birth_date=birth,
            phone=mobile, phone_bidx=phone_index(mobile), township_id=rng.choice(townships), county_id="451324",
            poverty_status=rng.choices(["alleviated", "monitored", "ordinary"], [40, 4, 56])[0],
            created_by=actor, updated_by=actor,
        ))  # fmt: skip
        if len(batch) == 5000:
            Worker.objects.bulk_create(batch)
            batch.clear()
    Worker.objects.bulk_create(batch)
    elapsed = time.perf_counter() - started
    return rows, elapsed


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main():
    args = parse()
    url = setup(args)
    rows, fill_seconds = populate(args.rows)
    from laborbridge.core.database import refresh_planner_statistics

    refresh_planner_statistics("workers_worker", changed_rows=rows)  # as the importer does after a bulk write
    from laborbridge.accounts.models import User
    from laborbridge.core.pagination import keyset_page
    from laborbridge.workers.models import Worker
    from laborbridge.workers.selectors import WorkerFilters, worker_list

    county, _ = User.objects.get_or_create(
        username="bench-county", defaults={"role": "county", "region_id": "451324"}
    )
    everyone = worker_list(actor=county)
    middle_id = Worker.objects.order_by("id").values_list("id", flat=True)[rows // 2]
    sample = Worker.objects.order_by("?" if rows <= 10_000 else "id").first()

    cases = [
        ("keyset: first page, county scope", lambda: keyset_page(everyone)),
        ("keyset: page in the middle (cursor)", lambda: keyset_page(everyone, before=middle_id)),
        ("keyset: filtered (township + alleviated)", lambda: keyset_page(worker_list(
            actor=county, filters=WorkerFilters(township="451324101", poverty_status="alleviated")))),
        ("keyset: pinyin initials 'pxy'", lambda: keyset_page(worker_list(actor=county, filters=WorkerFilters(q="pxy")))),
        ("keyset: exact ID number", lambda: keyset_page(worker_list(actor=county, filters=WorkerFilters(q=sample.id_number)))),
        ("reference: OFFSET page in the middle", lambda: list(everyone.select_related(None)[rows // 2: rows // 2 + 50])),
        ("reference: full COUNT(*)", lambda: everyone.order_by().count()),
    ]  # fmt: skip
    print(
        f"database: {url.split('://')[0]}, workers: {rows:,}"
        + (f" (generated in {fill_seconds:.0f} s, {rows / fill_seconds:,.0f} rows/s)" if fill_seconds else "")
    )
    print(f"{'query':45} {'median ms':>10} {'p95 ms':>10}")
    for label, fn in cases:
        median, p95 = timed(fn, args.repeat)
        print(f"{label:45} {median:10.1f} {p95:10.1f}")


if __name__ == "__main__":
    main()
