"""Benchmark the indicator set for a county and a year on a million workers and a million spells, beside
the same counts done by DuckDB over a Parquet export of the same data (the floor to aim at).

    .venv/bin/python bench/indicators.py [--workers 1000000] [--database-url URL]

Prints seconds (median of --repeat runs) for the whole indicator set and for the core counts, and the
DuckDB figures for the same counts, checking both give the same numbers.
"""

import argparse
import csv
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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
CLASSES = [
    ("in_county", "451324101"),
    ("in_province", "450103"),
    ("partner_province", "440904"),
    ("other_province", "330106"),
]


def setup(args) -> str:
    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / f'indicators-{args.workers}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    return url


def populate(count: int) -> float:
    """Workers and about as many spells, written with plain SQL (what is measured is reading, not writing)."""
    from django.db import connection, transaction

    from laborbridge.core import crypto
    from laborbridge.core.bulk_sql import BulkSql
    from laborbridge.workers.models import Worker

    have = Worker.objects.count()
    if have >= count:
        return 0.0
    rng = random.Random(5)
    started = time.perf_counter()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(datetime.datetime(2023, 12, 31, tzinfo=datetime.UTC))
    writer = BulkSql()
    worker_cols = [
        "name",
        "name_pinyin",
        "name_initials",
        "id_number",
        "id_number_bidx",
        "sex",
        "birth_date",
        "phone",
        "phone_bidx",
        "township_id",
        "county_id",
        "poverty_status",
        "education",
        "ethnicity",
        "skills",
        "notes",
        "created_at",
        "updated_at",
    ]
    spell_cols = [
        "worker_id",
        "employer_name",
        "place_id",
        "place_class",
        "start",
        "end",
        "monthly_income",
        "channel",
        "source",
        "created_at",
        "updated_at",
    ]
    cipher = crypto.encrypt(
        "450000199001010000", context="bench"
    )  # the same ciphertext: only reads are timed
    with transaction.atomic():
        for start in range(have, count, 50_000):
            rows = []
            for index in range(start, min(count, start + 50_000)):
                poverty = rng.choices(["alleviated", "monitored", "ordinary"], [40, 4, 56])[0]
                rows.append(
                    [
                        "某某",
                        "moumou",
                        "mm",
                        cipher,
                        f"b{index:012d}",
                        "M",
                        "1990-01-01",
                        "",
                        "",
                        rng.choice(TOWNSHIPS),
                        "451324",
                        poverty,
                        "",
                        "",
                        "",
                        "",
                        now,
                        now,
                    ]
                )
            writer.insert(Worker, worker_cols, rows)
        first_id = Worker.objects.order_by("id").values_list("id", flat=True).first()
        from laborbridge.employment.models import Employment

        spells = []
        for offset in range(count):
            if rng.random() < 0.35:
                continue
            worker_id = first_id + offset
            for _ in range(1 if rng.random() < 0.55 else 2):
                begin = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1300))
                end = begin + datetime.timedelta(days=rng.randint(20, 500)) if rng.random() < 0.5 else None
                klass, place = rng.choice(CLASSES)
                spells.append(
                    [
                        worker_id,
                        "",
                        place,
                        klass,
                        begin.isoformat(),
                        end.isoformat() if end else None,
                        4000,
                        "",
                        "ledger",
                        now,
                        now,
                    ]
                )
                if end is None:
                    break  # one open spell a worker
            if len(spells) >= 50_000:
                writer.insert(Employment, spell_cols, spells)
                spells = []
        writer.insert(Employment, spell_cols, spells)
    from laborbridge.core.database import refresh_planner_statistics

    refresh_planner_statistics("workers_worker", "employment_employment", changed_rows=count)
    return time.perf_counter() - started


def timed(fn, repeat: int):
    samples, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), value


def duckdb_counts(
    workers_csv: Path, spells_csv: Path, folder: Path, start: datetime.date, end: datetime.date
):
    import duckdb

    db = duckdb.connect()
    for name, path in (("workers", workers_csv), ("spells", spells_csv)):
        db.execute(
            f"COPY (SELECT * FROM read_csv_auto('{path}', header=true)) TO '{folder / name}.parquet' (FORMAT parquet)"
        )
    w, s = f"read_parquet('{folder / 'workers'}.parquet')", f"read_parquet('{folder / 'spells'}.parquet')"
    overlap = f"s.start <= DATE '{end}' AND (s.\"end\" IS NULL OR s.\"end\" >= DATE '{start}')"
    queries = {
        "employed": f"SELECT count(DISTINCT w.id) FROM {w} w JOIN {s} s ON s.worker_id = w.id WHERE w.county_id = '451324' AND {overlap}",
        "employed_alleviated": f"SELECT count(DISTINCT w.id) FROM {w} w JOIN {s} s ON s.worker_id = w.id WHERE w.county_id = '451324' AND w.poverty_status = 'alleviated' AND {overlap}",
        "employed_partner_province": f"""SELECT count(*) FROM (SELECT w.id, arg_max(s.place_class, (s.start, s.id)) AS latest
            FROM {w} w JOIN {s} s ON s.worker_id = w.id WHERE w.county_id = '451324' AND {overlap} GROUP BY w.id)
            WHERE latest = 'partner_province'""",
        "employed_stable": f"""SELECT count(DISTINCT w.id) FROM {w} w JOIN {s} s ON s.worker_id = w.id WHERE w.county_id = '451324' AND {overlap}
            AND greatest(s.start, DATE '{start}') + INTERVAL 3 MONTH - INTERVAL 1 DAY <= least(coalesce(s."end", DATE '{end}'), DATE '{end}')""",
    }

    def run():
        return {key: db.execute(sql).fetchone()[0] for key, sql in queries.items()}

    return run


def export_csv(folder: Path) -> tuple[Path, Path]:
    from django.db import connection

    paths = (folder / "workers.csv", folder / "spells.csv")
    with connection.cursor() as cursor:
        for path, sql in (
            (paths[0], "SELECT id, county_id, township_id, poverty_status FROM workers_worker"),
            (paths[1], 'SELECT id, worker_id, place_class, start, "end" FROM employment_employment'),
        ):
            cursor.execute(sql)
            with open(path, "w", newline="") as handle:
                out = csv.writer(handle)
                out.writerow([c[0] for c in cursor.description])
                while batch := cursor.fetchmany(100_000):
                    out.writerows(batch)
    return paths


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = setup(args)
    filled = populate(args.workers)
    from laborbridge.employment.models import Employment
    from laborbridge.regions.models import Region
    from laborbridge.reports.indicators import REGISTRY, Context, compute

    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    ctx = Context(region=Region.objects.get(code="451324"), start=start, end=end)
    core = ["employed", "employed_alleviated", "employed_partner_province", "employed_stable"]
    print(
        f"database: {url.split('://')[0]}, workers: {args.workers:,}, spells: {Employment.objects.count():,}"
        + (f" (written in {filled:.0f} s)" if filled else "")
    )
    all_s, _ = timed(lambda: compute(ctx), args.repeat)
    core_s, django_counts = timed(lambda: compute(ctx, core), args.repeat)
    per_key = {key: timed(lambda key=key: REGISTRY[key].count(ctx), 1)[0] for key in core}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run = duckdb_counts(*export_csv(folder), folder, start, end)
        duck_s, duck_counts = timed(run, args.repeat)
    print(f"{'what':44} {'seconds':>8}")
    print(f"{'all ' + str(len(REGISTRY)) + ' indicators, county 451324, 2024':44} {all_s:8.2f}")
    print(f"{'the four core counts':44} {core_s:8.2f}")
    for key, seconds in per_key.items():
        print(f"{'  ' + key:44} {seconds:8.2f}   {django_counts[key]:>9,}")
    print(f"{'DuckDB over Parquet, the same four counts':44} {duck_s:8.2f}")
    same = all(django_counts[k] == duck_counts[k] for k in core)
    print("DuckDB counts: " + ", ".join(f"{k} {v:,}" for k, v in duck_counts.items()) + f"  (same: {same})")


if __name__ == "__main__":
    main()
