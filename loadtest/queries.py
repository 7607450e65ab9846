"""Count the SQL queries and time of each page the load test asks for, as one load account (docs/load-test.md).

    .venv/bin/python loadtest/queries.py [--user load-000] [--repeat 5]

Runs in-process with Django's test client against DATABASE_URL (the prepared load-test database), signed in
as the given account without the second factor (OTP_REQUIRED is turned off for this process only), so that
the pages the load test finds slow can be looked at one by one: queries per request, the slowest query, and
median wall and CPU time; then the public job board for an anonymous visitor with its cache off and on.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("home", "/"),
    ("workers: list", "/workers/"),
    ("workers: filtered", "/workers/?poverty_status=alleviated"),
    ("search: name", "/workers/?q=%E9%9F%A6"),
    ("search: pinyin", "/workers/?q=wei"),
    ("workers: detail", None),
    ("reports: dashboard", "/reports/"),
    ("reports: indicator list", "/reports/employed/?from=2024-01-01&to=2024-10-31"),
    ("reports: official table", "/reports/official/?from=2024-01-01&to=2024-10-31"),
    ("export: workers (the page that asks)", "/ledger/export/?poverty_status=alleviated"),
    ("import: page", "/ledger/import/"),
    ("public: job board", "/jobs/"),
    ("public: training classes", "/jobs/training/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="load-000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from laborbridge.accounts.models import User
    from laborbridge.workers.models import Worker

    settings.OTP_REQUIRED = False
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    user = User.objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    worker = Worker.objects.filter(county_id=user.region_id[:6]).order_by("pk").first()
    print(f"{'page':<28} {'status':>6} {'queries':>7} {'wall ms':>8} {'cpu ms':>7}  slowest query (ms)")
    for name, url in PAGES:
        url = url or f"/workers/{worker.pk}/"
        walls, cpus = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
        slowest = max(
            queries.captured_queries, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""}
        )
        print(
            f"{name:<28} {response.status_code:>6} {len(queries):>7} {statistics.median(walls):>8.0f} "
            f"{statistics.median(cpus):>7.0f}  {float(slowest['time']) * 1000:.0f}: {slowest['sql'][:90]}"
        )
    board(args.repeat * 10)


def board(repeat: int) -> None:
    """The public job board for an anonymous visitor, with its cache off and on, alternating in one run."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    visitor = Client()
    urls = ["/jobs/", "/jobs/?lodging=on", "/jobs/?pay=5000"]
    figures = {0: ([], [], []), 30: ([], [], [])}
    for round_ in range(repeat):
        for seconds in (0, 30):
            settings.PUBLIC_BOARD_CACHE_SECONDS = seconds
            url = urls[round_ % len(urls)]
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                visitor.get(url)
                figures[seconds][0].append((time.perf_counter() - wall) * 1000)
                figures[seconds][1].append((time.process_time() - cpu) * 1000)
            figures[seconds][2].append(len(queries))
    for seconds, (walls, cpus, counts) in figures.items():
        print(
            f"job board, cache {seconds:>2} s: median {statistics.median(walls):.1f} ms wall, "
            f"{statistics.median(cpus):.1f} ms CPU, {statistics.mean(counts):.1f} queries ({repeat} visits)"
        )


if __name__ == "__main__":
    main()
