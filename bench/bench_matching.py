"""Benchmark the matcher alone (plain data, no database): N workers × M open vacancies, top 10 each.

    .venv/bin/python bench/bench_matching.py [--workers 10000] [--vacancies 10000] [--repeat 3] [--pure 200]

Prints, for the whole batch (median of --repeat runs), the pairs per second of the numpy batch
(`matching/batch.py`, the same scores as the pure scorer, the top ten explained), and in the same run a plain
dense numpy scoring of all pairs (occupation, place, pay and lodging; no reasons, no hard limits) as the bound;
then the pure-Python scorer on --pure workers, and the median and 95th percentile of one worker's
recommendations (M vacancies ranked, top 10) by the pure scorer — the page's and the API's cost.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from laborbridge.matching import evaluation  # noqa: E402
from laborbridge.matching.batch import rank_many  # noqa: E402
from laborbridge.matching.scoring import rank_vacancies  # noqa: E402
from laborbridge.matching.text import words  # noqa: E402

TODAY = datetime.date(2024, 6, 1)


def numpy_batch(workers, vacancies) -> float:
    start = time.perf_counter()
    rank_many(workers, vacancies, as_of=TODAY, limit=10)
    return time.perf_counter() - start


def batch(workers, vacancies) -> float:
    start = time.perf_counter()
    for worker in workers:
        rank_vacancies(worker, vacancies, as_of=TODAY, limit=10)
    return time.perf_counter() - start


def one_worker(workers, vacancies, samples: int = 50) -> list[float]:
    times = []
    for worker in workers[:samples]:
        start = time.perf_counter()
        rank_vacancies(worker, vacancies, as_of=TODAY, limit=10)
        times.append(time.perf_counter() - start)
    return times


def dense_numpy(workers, vacancies) -> float:
    """All pairs at once with numpy (four parts, no reasons, no hard limits): the bound for the batch."""
    occupations = sorted(
        {v.occupation for v in vacancies} | {o for w in workers for o in w.wanted_occupations}
    )
    index = {o: i for i, o in enumerate(occupations)}
    start = time.perf_counter()
    v_occ = np.array([index[v.occupation] for v in vacancies])
    v_pay = np.array([v.pay_max for v in vacancies], dtype=np.float32)
    v_lodging = np.array([v.lodging for v in vacancies], dtype=np.float32)
    v_partner = np.array([v.place_code[:2] == "44" for v in vacancies])
    wanted = np.zeros((len(workers), len(occupations)), dtype=np.float32)
    for row, w in enumerate(workers):
        for o in w.wanted_occupations:
            wanted[row, index[o]] = 1
    w_pay = np.array([w.pay_min or 0 for w in workers], dtype=np.float32)[:, None]
    w_home = np.array(["in_county" in w.place_classes for w in workers])[:, None]
    for block in range(0, len(workers), 1000):
        s = wanted[block : block + 1000][:, v_occ] * 4.0
        s += np.where(v_pay[None, :] >= w_pay[block : block + 1000], 1.5, -2.0)
        s += v_lodging[None, :]
        s -= 20.0 * (w_home[block : block + 1000] & v_partner[None, :])
        np.argpartition(-s, 10, axis=1)[:, :10]
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=10000)
    parser.add_argument("--vacancies", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pure", type=int, default=200, help="workers for the pure-Python scorer's batch")
    args = parser.parse_args()
    workers = evaluation.synthetic_workers(args.workers)
    vacancies = evaluation.synthetic_vacancies(args.vacancies)
    # Stated wishes for a share of the people, as in the registry.
    workers = [
        w
        if i % 3
        else evaluation.dataclasses.replace(w, wanted_occupations=frozenset({vacancies[i % 50].occupation}))
        for i, w in enumerate(workers)
    ]
    words("预热")  # jieba's dictionary loads once, outside the timings
    pairs = args.workers * args.vacancies
    print(f"batch: {args.workers:,} workers × {args.vacancies:,} vacancies = {pairs:,} pairs, top 10 each")
    runs = [numpy_batch(workers, vacancies) for _ in range(args.repeat)]
    median = statistics.median(runs)
    print(
        f"  numpy batch, top 10 explained: {median:.2f} s (median of {args.repeat}), {pairs / median:,.0f} pairs/s"
    )
    dense = statistics.median([dense_numpy(workers, vacancies) for _ in range(args.repeat)])
    print(f"  dense numpy bound (4 parts, no reasons): {dense:.2f} s, {pairs / dense:,.0f} pairs/s")
    few = workers[: args.pure]
    pure = batch(few, vacancies)
    print(
        f"  pure-Python scorer on {len(few)} workers: {pure:.2f} s, {len(few) * args.vacancies / pure:,.0f} pairs/s"
    )
    times = sorted(one_worker(workers, vacancies))
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"one worker × {args.vacancies:,} vacancies (pure scorer): median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
