"""Benchmark the indicator set for a county and a year on a million workers and a million spells, beside
the same counts done by DuckDB over a Parquet export of the same data (the floor to aim at).

    .venv/bin/python bench/indicators.py [--workers 1000000] [--database-url URL]

Prints seconds (median of --repeat runs) for the whole indicator set and for the core counts, and the
DuckDB figures for the same counts, checking both give the same numbers.
"""

import argparse
import csv
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(args) -> str:
    from bench import province

    return province.setup(args.database_url or province.default_url(args.workers))


def populate(count: int) -> float:
    """The synthetic province (bench/province.py): the workers, as many spells, and the rest; seconds taken."""
    from bench import province

    return sum(province.ensure(province.Size.for_workers(count))["seconds"].values())


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
