"""Benchmark the matcher alone (plain data, no database): N workers × M open vacancies, top 10 each.

    .venv/bin/python bench/bench_matching.py [--workers 100000] [--vacancies 10000] [--repeat 1]
                                             [--dense-workers 5000] [--pure 50] [--json]

Prints, for the whole batch, the time and pairs per second of the numpy batch with candidate blocks
(`matching/batch.py`: exact scores, the top ten explained with reasons), and in the same run: a plain dense
numpy scoring of all pairs (four parts, no reasons, no hard limits) as the bound; the batch's own dense mode
(every pair scored exactly) on --dense-workers workers; one worker's recommendations (median, p95) with the
vacancy index built once, and with it built for the request; and the pure-Python scorer for reference.
Times are CPU seconds of this process (the machine is shared); wall seconds and the load average are given too.
`--json` prints one JSON object (see the helper brief's protocol) to stdout and logs to stderr.
"""

import argparse
import dataclasses
import datetime
import json
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
from laborbridge.matching.batch import VacancyIndex, rank_many  # noqa: E402
from laborbridge.matching.scoring import Weights, rank_vacancies  # noqa: E402
from laborbridge.matching.text import words  # noqa: E402

TODAY = datetime.date(2024, 6, 1)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def timed(fn):
    """(value, CPU seconds, wall seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    value = fn()
    return value, time.process_time() - cpu, time.perf_counter() - wall


def generate(n_workers: int, n_vacancies: int):
    """The generated people and vacancies of match_eval, with wishes stated as in the registry: a third
    name a trade, a fifth a place (home or Guangdong), some a least pay or lodging; a fifth of the
    vacancies limit the age, postings spread over half a year."""
    vacancies = [
        dataclasses.replace(
            v,
            age_min=18 if v.id % 5 == 0 else None,
            age_max=(45, 50, 55)[v.id % 3] if v.id % 5 == 0 else None,
            posted_on=TODAY - datetime.timedelta(days=v.id % 180),
        )
        for v in evaluation.synthetic_vacancies(n_vacancies)
    ]
    workers = []
    for i, w in enumerate(evaluation.synthetic_workers(n_workers)):
        changes = {}
        if i % 3 == 0:
            changes["wanted_occupations"] = frozenset({vacancies[i % 50].occupation})
        if i % 5 == 1:
            changes["place_classes"] = frozenset(
                {"in_county"} if i % 2 else {"in_county", "partner_province"}
            )
        if i % 4 == 2:
            changes["pay_min"] = (3000, 3500, 4000, 4500, 5000)[i % 5]
        if i % 6 == 3:
            changes["needs_lodging"] = True
        workers.append(dataclasses.replace(w, **changes) if changes else w)
    return workers, vacancies


def dense_numpy(workers, vacancies) -> None:
    """All pairs at once with numpy (four parts, no reasons, no hard limits): the bound for the batch."""
    occupations = sorted(
        {v.occupation for v in vacancies} | {o for w in workers for o in w.wanted_occupations}
    )
    index = {o: i for i, o in enumerate(occupations)}
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


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dense-workers", type=int, default=5000, help="workers for the exact dense mode")
    parser.add_argument("--pure", type=int, default=50, help="workers for the pure-Python scorer")
    parser.add_argument("--json", action="store_true", help="print one JSON object to stdout")
    parser.add_argument(
        "--database-url", default="", help="accepted for the bench protocol; no database is read"
    )
    args = parser.parse_args()
    workers, vacancies = generate(args.workers, args.vacancies)
    words("预热")  # jieba's dictionary loads once, outside the timings
    weights = Weights()
    pairs = args.workers * args.vacancies
    log(f"batch: {args.workers:,} workers × {args.vacancies:,} vacancies = {pairs:,} pairs, top 10 each")

    runs = [timed(lambda: rank_many(workers, vacancies, as_of=TODAY, limit=10)) for _ in range(args.repeat)]
    batch_cpu = statistics.median(r[1] for r in runs)
    batch_wall = statistics.median(r[2] for r in runs)
    log(f"  blocked batch, top 10 explained: {batch_cpu:.1f} s CPU ({batch_wall:.1f} s wall)")
    _v, bound_cpu, bound_wall = timed(lambda: dense_numpy(workers, vacancies))
    log(f"  dense numpy bound (4 parts, no reasons): {bound_cpu:.1f} s CPU ({bound_wall:.1f} s wall)")

    index, index_cpu, _w = timed(lambda: VacancyIndex(vacancies, as_of=TODAY, weights=weights))
    few = workers[: args.dense_workers]
    few_pairs = len(few) * args.vacancies
    _v, dense_cpu, _w = timed(lambda: rank_many(few, index, as_of=TODAY, limit=10, dense=True))
    _v, blocked_few_cpu, _w = timed(lambda: rank_many(few, index, as_of=TODAY, limit=10))
    log(f"  on {len(few):,} workers: dense exact {dense_cpu:.1f} s, blocked {blocked_few_cpu:.1f} s CPU")

    sample = workers[1 : 1 + 200 : 2]  # workers of different kinds
    warm = VacancyIndex(vacancies, as_of=TODAY, weights=weights)
    one = [timed(lambda w=w: rank_many([w], warm, as_of=TODAY))[1] for w in sample]
    cold = [
        timed(lambda w=w: rank_many([w], VacancyIndex(vacancies, as_of=TODAY, weights=weights), as_of=TODAY))[
            1
        ]
        for w in sample[:10]
    ]
    pure = [
        timed(lambda w=w: rank_vacancies(w, vacancies, as_of=TODAY, limit=10))[1]
        for w in workers[: args.pure]
    ]
    log(
        f"  one worker: {statistics.median(one) * 1000:.1f} ms median, {percentile(one, 0.95) * 1000:.1f} ms p95 "
        f"(index built once, {index_cpu * 1000:.0f} ms); index built for the request "
        f"{statistics.median(cold) * 1000:.0f} ms; pure scorer {statistics.median(pure) * 1000:.0f} ms"
    )
    load = os.getloadavg()
    log(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    def figure(name, value, unit, method, target=None, below=True):
        met = None if target is None else (value <= target if below else value >= target)
        return {"name": name, "value": round(value, 4), "unit": unit, "method": method, "target": target,
                "target_met": met}  # fmt: skip

    cpu = "CPU seconds of this process (time.process_time)"
    figures = [
        figure("batch_blocked_top10_explained", batch_cpu, "s",
               f"rank_many with candidate blocks, every worker's top 10 with reasons; {cpu}, median of {args.repeat}",
               60),
        figure("batch_blocked_wall", batch_wall, "s", "the same run's wall time (shared machine, see load)"),
        figure("batch_blocked_pairs_per_s", pairs / batch_cpu, "pairs/s", "workers × vacancies / the batch's CPU time"),
        figure("dense_numpy_bound", bound_cpu, "s",
               f"plain numpy over all pairs (4 parts, no reasons, no limits), same data and run; {cpu}"),
        figure("dense_numpy_bound_pairs_per_s", pairs / bound_cpu, "pairs/s", "the bound's pairs per CPU second"),
        figure("dense_exact_pairs_per_s", few_pairs / dense_cpu, "pairs/s",
               f"rank_many(dense=True) on {len(few):,} workers: every pair scored exactly; {cpu}"),
        figure("blocked_pairs_per_s_same_workers", few_pairs / blocked_few_cpu, "pairs/s",
               f"rank_many with blocks on the same {len(few):,} workers; {cpu}"),
        figure("vacancy_index_build", index_cpu * 1000, "ms", f"VacancyIndex over {args.vacancies:,} vacancies; {cpu}"),
        figure("one_worker_median", statistics.median(one) * 1000, "ms",
               f"rank_many([worker], index) for {len(one)} workers, the index built once; {cpu}", 100),
        figure("one_worker_p95", percentile(one, 0.95) * 1000, "ms", "the same, 95th percentile", 100),
        figure("one_worker_with_index_build_median", statistics.median(cold) * 1000, "ms",
               f"the index built for the request, then ranked, {len(cold)} workers; {cpu}", 100),
        figure("one_worker_pure_scorer_median", statistics.median(pure) * 1000, "ms",
               f"scoring.rank_vacancies over all vacancies, {len(pure)} workers (reference); {cpu}"),
        figure("load_average_1min", load[0], "ratio", "os.getloadavg() at the end of the run (2 cores)"),
    ]  # fmt: skip
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "bench_matching.py",
                    "database": None,  # plain data: no database is read
                    "size": {"workers": args.workers, "vacancies": args.vacancies, "top": 10},
                    "figures": figures,
                },
                ensure_ascii=False,
            )
        )
    else:
        for f in figures:
            target = (
                f" (target {f['target']}: {'met' if f['target_met'] else 'NOT met'})" if f["target"] else ""
            )
            print(f"{f['name']:40} {f['value']:>14,.2f} {f['unit']:8}{target}")


if __name__ == "__main__":
    main()
