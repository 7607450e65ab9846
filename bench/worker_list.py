"""Benchmark the registry's list and search at scale: first and deep pages, median and p95 server time.

    .venv/bin/python bench/worker_list.py [--workers 1000000] [--repeat 30] [--database-url URL] [--json]

Uses the synthetic province (`bench/province.py`, written once into var/bench/province-<workers>.sqlite3
unless --database-url), then, for a county user, times what the list page runs on the server: the
selector (`worker_list`) with the filter form, the keyset page with its capped count, and the rendering of
the list template with that page (Django's RequestFactory; middleware, session and the identifier
searches' rate limit and audit record are left out). Searches: a name, its full pinyin, its initials, the
last 4 and 6 characters of an ID number (keyed index `id_number_tail_bidx`), a phone (blind index), an
exact ID number (blind index). A deep page is the page at a cursor half-way through the results. Reference
rows in the same run: the same middle page by OFFSET and an uncapped COUNT(*).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402

TARGET_MS = 50  # p95 of the server time of a list or search page


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """Median and 95th percentile of the wall time, and median of this process's CPU time, in ms
    (after one warm-up run)."""
    fn()
    samples, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()
    return (
        statistics.median(samples),
        samples[min(len(samples) - 1, int(len(samples) * 0.95))],
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", "--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the bench protocol)")
    args = parser.parse_args()
    url = province.setup(args.database_url or province.default_url(args.workers))
    province.ensure(province.Size.for_workers(args.workers))

    from django.shortcuts import render
    from django.test import RequestFactory

    from laborbridge.accounts import policy
    from laborbridge.accounts.models import User
    from laborbridge.core.pagination import keyset_page, page_from_request
    from laborbridge.workers.forms import WorkerFilterForm
    from laborbridge.workers.models import Worker
    from laborbridge.workers.selectors import WorkerFilters, worker_list

    county, _ = User.objects.get_or_create(
        username="bench-county", defaults={"role": "county", "region_id": province.JINXIU}
    )
    factory = RequestFactory()

    def page_view(data: dict, before: int | None = None):
        """What worker_list_view runs for a GET, less the middleware: form, selector, page, template."""
        query = dict(data) | ({"before": before} if before else {})
        request = factory.get("/workers/", {k: v for k, v in query.items() if k != "q"})
        request.user = county
        form = WorkerFilterForm(data or None, scope=policy.worker_scope(county))
        filters = form.filters()
        page, rest = page_from_request(worker_list(actor=county, filters=filters), request)
        render(request, "workers/list.html", {"form": form, "page": page, "query": rest})
        return page

    rows = Worker.objects.count()
    ids = Worker.objects.order_by("id").values_list("id", flat=True)
    sample = Worker.objects.get(id=ids[rows // 3])
    number, mobile = sample.id_number, sample.phone
    searches = [
        ("list", "the county's list", {}),
        ("name", f"name {sample.name}", {"q": sample.name}),
        ("pinyin", f"full pinyin {sample.name_pinyin}", {"q": sample.name_pinyin}),
        ("initials", f"pinyin initials {sample.name_initials}", {"q": sample.name_initials}),
        ("id_tail_4", "last 4 of an ID number", {"q": number[-4:]}),
        ("id_tail_6", "last 6 of an ID number", {"q": number[-6:]}),
        ("phone", "phone number (blind index)", {"q": mobile}),
        ("id_exact", "exact ID number (blind index)", {"q": number}),
    ]
    figures = []

    def figure(name, value, unit, method, target=None):
        met = None if target is None else value <= target
        figures.append(
            {"name": name, "value": round(value, 2), "unit": unit, "method": method, "target": target, "target_met": met}
        )  # fmt: skip

    method = (
        f"server time of the list page for a county user (form, selector, keyset page with the count capped at "
        f"10,000, template rendered; no middleware), {args.repeat} runs after a warm-up"
    )
    cpu_method = "this process's CPU time for the same page (getrusage: less disturbed by load; on PostgreSQL without the server's)"
    query_method = "the selector and the keyset page with its capped count alone (no form, no template)"
    for key, label, data in searches:
        found = worker_list(actor=county, filters=WorkerFilters(q=data.get("q", "")))
        matches = found.order_by().count()
        print(f"{label}: {matches:,} matches", file=sys.stderr)
        median, p95, cpu = timed(lambda data=data: page_view(data), args.repeat)
        figure(f"{key}: first page, median", median, "ms", method)
        figure(f"{key}: first page, p95", p95, "ms", method, TARGET_MS)
        figure(f"{key}: first page, CPU median", cpu, "ms", cpu_method)
        query_median, _p95, _cpu = timed(lambda found=found: keyset_page(found), args.repeat)
        figure(f"{key}: first page, query only, median", query_median, "ms", query_method)
        if matches > 50:
            middle = found.values_list("id", flat=True)[min(matches, 10_000) // 2]
            median, p95, _cpu = timed(lambda data=data, middle=middle: page_view(data, middle), args.repeat)
            figure(
                f"{key}: deep page, median", median, "ms", method + "; cursor half-way through the results"
            )
            figure(
                f"{key}: deep page, p95",
                p95,
                "ms",
                method + "; cursor half-way through the results",
                TARGET_MS,
            )
        figure(f"{key}: matches", matches, "count", "rows the search finds in the county")
    everyone = worker_list(actor=county).select_related(None)
    median, _p95, _cpu = timed(lambda: list(everyone[rows // 2 : rows // 2 + 50]), args.repeat)
    figure(
        "reference: OFFSET page in the middle, median",
        median,
        "ms",
        "the same middle page by OFFSET, selector only",
    )
    median, _p95, _cpu = timed(lambda: everyone.order_by().count(), max(3, args.repeat // 3))
    figure("reference: full COUNT(*), median", median, "ms", "an uncapped count of the county's workers")

    database = province.database_kind(url)
    if args.json:
        print(
            json.dumps(
                {"bench": "worker_list", "database": database, "size": {"workers": rows}, "figures": figures}
            )
        )
        return
    print(f"database: {database}, workers: {rows:,}")
    for f in figures:
        print(f"{f['name']:52} {f['value']:>12,.2f} {f['unit']}")


if __name__ == "__main__":
    main()
