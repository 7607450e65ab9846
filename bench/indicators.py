"""Benchmark the full indicator set for a county and a year on a million workers and about as many spells:
read from the indicator summary (docs/decisions/0013), beside the same set by direct queries (the reference,
same run) and the DuckDB floor; the summary's rebuild time, and its share of a 100,000-row ledger import.

    .venv/bin/python bench/indicators.py [--workers 1000000] [--database-url URL] [--json] [--no-build]

Prints median and p95 seconds of --repeat runs of the set, checks that both ways give the same numbers.
`--no-build` reuses the populated database as it is (rebuilding the summary only when it is not complete);
`--json` prints one JSON object (the benchmark protocol), progress on stderr.
"""

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
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
    return samples, value


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rebuild_summary() -> tuple[float, float, int]:
    """Rebuild the indicator summary from the tables just written: (wall s, CPU s of this process, rows)."""
    from laborbridge.core.database import refresh_planner_statistics
    from laborbridge.employment.summary import indicator_summary_rebuild

    wall, cpu = time.perf_counter(), time.process_time()
    rows = indicator_summary_rebuild(
        progress=lambda done, total: log(f"summary: {done:,} / {total:,} workers")
    )
    refresh_planner_statistics("workers_indicatorsummary", changed_rows=rows)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def import_cost(rows: int, url: str) -> dict:
    """Import a clean `rows`-row ledger into an empty registry and time the indicator summary's share of it
    (its hooks in the worker and employment bulk services, wrapped with timers): wall and CPU seconds."""
    from laborbridge.employment import services as employment_services
    from laborbridge.workers import services as worker_services

    spent = {"wall": 0.0, "cpu": 0.0}

    def clocked(fn):
        def run(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent["wall"] += time.perf_counter() - wall
                spent["cpu"] += time.process_time() - cpu

        return run

    for module, name in (
        (employment_services, "indicator_summary_refresh"),
        (employment_services, "indicator_summary_add"),  # a new worker's rows, written with their spells
        (worker_services, "indicator_summary_workers_added"),
        (worker_services, "indicator_summary_workers_changed"),
    ):
        setattr(module, name, clocked(getattr(module, name)))
    from bench.ledger_import import generate
    from laborbridge.ledger.jobs import ledger_import_file

    folder = ROOT / "var" / "bench"
    path = folder / f"ledger-{rows}-places.xlsx"
    if not path.exists():
        log(f"writing a {rows:,}-row ledger")
        generate(path, rows)
    wall, cpu = time.perf_counter(), time.process_time()
    result = ledger_import_file(path=path, county_code="451324", as_of=datetime.date(2024, 10, 31))
    return {
        "rows": rows,
        "created": result.created,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "summary_wall": spent["wall"],
        "summary_cpu": spent["cpu"],
        "database": url.split("://")[0],
    }


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


def fresh_import_database(url: str) -> str:
    """An empty database beside the benchmark's for the import: a new SQLite file, or `<name>_import`."""
    if not url.startswith("postgres"):
        path = ROOT / "var" / "bench" / "indicators-import.sqlite3"
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    import psycopg

    base, name = url.rsplit("/", 1)
    target = f"{name}_import"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{target}"')
        db.execute(f'CREATE DATABASE "{target}"')
    return f"{base}/{target}"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name, value, unit, method, target=None):
    met = None if target is None else bool(value <= target)
    return {"name": name, "value": round(value, 4), "unit": unit, "method": method, "target": target,
            "target_met": met}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9, help="runs of the set read from the summary")
    parser.add_argument("--direct-repeat", type=int, default=3, help="runs of the set by direct queries")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="print one JSON object (logs go to stderr)")
    parser.add_argument("--no-build", action="store_true", help="reuse an already populated database")
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="ledger rows for the import cost (0: skip)"
    )
    parser.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB floor")
    parser.add_argument("--import-cost-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_cost_only:
        url = setup(args)
        print(json.dumps(import_cost(args.import_rows, url)))
        return
    url = setup(args)
    from laborbridge.employment.models import Employment
    from laborbridge.regions.models import Region
    from laborbridge.reports.indicators import GROUPS, REGISTRY, Context, compute
    from laborbridge.reports.summary import SUMMARY_KEYS, summary_counts
    from laborbridge.workers.models import IndicatorSummary, IndicatorSummaryState

    filled = 0.0 if args.no_build else populate(args.workers)
    rebuilt = None
    if filled or not IndicatorSummaryState.objects.exists():
        log("rebuilding the indicator summary")
        rebuilt = rebuild_summary()
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    ctx = Context(region=Region.objects.get(code="451324"), start=start, end=end)
    database, spells = url.split("://")[0], Employment.objects.count()
    log(f"database: {database}, workers: {args.workers:,}, spells: {spells:,}, summary rows: "
        f"{IndicatorSummary.objects.count():,}" + (f" (written in {filled:.0f} s)" if filled else ""))  # fmt: skip
    keys = list(REGISTRY)
    log(f"the full set ({len(keys)} indicators) from the summary, {args.repeat} runs")
    cpu = time.process_time()
    fast, fast_values = timed(lambda: compute(ctx), args.repeat)
    fast_cpu = (time.process_time() - cpu) / args.repeat
    summary_alone, _ = timed(lambda: summary_counts(ctx), 3)
    # What compute() runs besides the summary scan: one query a group, one an indicator counted alone.
    grouped = set().union(*GROUPS)
    others = {
        "+".join(sorted(group)): statistics.median(timed(lambda counts=counts: counts(ctx), 3)[0])
        for group, counts in GROUPS.items()
    } | {
        key: statistics.median(timed(lambda key=key: REGISTRY[key].count(ctx), 3)[0])
        for key in keys
        if key not in SUMMARY_KEYS and key not in grouped
    }
    log(f"the full set by direct queries, {args.direct_repeat} runs")
    slow, slow_values = timed(lambda: {key: REGISTRY[key].count(ctx) for key in keys}, args.direct_repeat)
    same = fast_values == slow_values
    duck = None
    if not args.no_duckdb:
        core = ["employed", "employed_alleviated", "employed_partner_province", "employed_stable"]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            run = duckdb_counts(*export_csv(folder), folder, start, end)
            duck_samples, duck_counts = timed(run, 3)
            duck = (statistics.median(duck_samples), all(duck_counts[k] == fast_values[k] for k in core))
    cost = None
    if args.import_rows:
        log(f"importing a {args.import_rows:,}-row ledger into an empty database")
        child = subprocess.run(
            [sys.executable, __file__, "--import-cost-only", "--import-rows", str(args.import_rows),
             "--database-url", fresh_import_database(url)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cost = json.loads(child.stdout.strip().splitlines()[-1])
    load = os.getloadavg()
    figures = [
        figure(
            "indicator set from the summary, median",
            statistics.median(fast),
            "s",
            f"compute() of all {len(keys)} indicators, county 451324, 2024; median of {args.repeat} runs",
            1.0,
        ),
        figure(
            "indicator set from the summary, p95",
            p95(fast),
            "s",
            f"the same {args.repeat} runs, 95th percentile",
            1.0,
        ),
        figure(
            "indicator set from the summary, CPU a run",
            fast_cpu,
            "s",
            "CPU time of this process over the runs, divided by the runs; on SQLite that includes the "
            "database's work, on PostgreSQL it does not",
        ),
        figure(
            "summary scan alone, median",
            statistics.median(summary_alone),
            "s",
            f"reports.summary.summary_counts: the {len(SUMMARY_KEYS)} registry and employment figures, 3 runs",
        ),
        figure(
            "indicator set by direct queries (reference), median",
            statistics.median(slow),
            "s",
            f"every indicator's records().count(), same run; median of {args.direct_repeat}",
        ),
        figure(
            "speed-up over direct queries",
            statistics.median(slow) / statistics.median(fast),
            "ratio",
            "median direct / median summary, same run",
        ),
        figure("same numbers as direct queries", int(same), "count", "1 when every figure is equal"),
    ]
    slowest_other = max(others, key=others.get)
    figures.append(figure("slowest query besides the summary scan, median", others[slowest_other], "s",
                          f"{slowest_other}: one query for a group (reports.indicators.GROUPS) or one "
                          "indicator's count, median of 3"))  # fmt: skip
    if rebuilt:
        figures += [
            figure(
                "summary rebuild",
                rebuilt[0],
                "s",
                f"rebuild_indicator_summary wall time, {rebuilt[2]:,} rows",
            ),
            figure("summary rebuild CPU", rebuilt[1], "s", "CPU time of the Python process (getrusage)"),
        ]
    if duck:
        figures.append(figure("DuckDB floor, four core counts", duck[0], "s",
                              "DuckDB over a Parquet export of the same rows, median of 3"))  # fmt: skip
    if cost:
        figures += [
            figure("ledger import, wall", cost["wall"], "s", f"{cost['rows']:,} clean rows into an empty registry"),
            figure("ledger import, CPU", cost["cpu"], "s", "CPU time of the importing process (getrusage)"),
            figure("summary share of the import, CPU", cost["summary_cpu"], "s",
                   "CPU time inside the summary hooks of the worker and employment bulk services"),
            figure("summary share of the import, wall", cost["summary_wall"], "s",
                   "wall time inside the same hooks (includes the database's work)"),
            figure("summary share of the import CPU", cost["summary_cpu"] / cost["cpu"], "ratio",
                   "hooks' CPU / import CPU, same run"),
        ]  # fmt: skip
    if args.json:
        size = {"workers": args.workers, "spells": spells, "summary_rows": IndicatorSummary.objects.count(),
                "load_average": [round(x, 2) for x in load]}  # fmt: skip
        print(json.dumps({"bench": "indicators.py", "database": "postgresql" if database.startswith("postgres")
                          else "sqlite", "size": size, "figures": figures}, ensure_ascii=False))  # fmt: skip
        return
    print(f"database: {database}, workers: {args.workers:,}, spells: {spells:,}, load average {load[0]:.1f}")
    for item in figures:
        print(f"{item['name']:58} {item['value']:>10,.3f} {item['unit']}")
    slowest = sorted(others.items(), key=lambda kv: -kv[1])[:6]
    print("slowest queries besides the summary scan (median of 3): "
          + ", ".join(f"{k} {v:.3f} s" for k, v in slowest))  # fmt: skip
    if not same:
        print("DIFFERENT: " + ", ".join(f"{k} {fast_values[k]} != {slow_values[k]}" for k in keys
                                        if fast_values[k] != slow_values[k]))  # fmt: skip


if __name__ == "__main__":
    main()
