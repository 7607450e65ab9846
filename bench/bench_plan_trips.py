"""Benchmark the chartered-bus planner: 10,000 sign-ups over 10 days, 40 destinations, 45 seats.

    .venv/bin/python bench/bench_plan_trips.py [--signups 10000] [--days 10] [--destinations 40] [--seats 45] [--json]

Prints, in the same run: the seconds the plan took, its buses against the lower bound (the sum over days
of ⌈seats needed / seats⌉) and against first-fit by destination (each employer's passengers on buses of
their own), and its stops against the greedy plan the solver starts from.
"""

import argparse
import datetime
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from laborbridge.transport.planning import (  # noqa: E402
    Passenger,
    first_fit_by_destination,
    greedy_day,
    lower_bound,
    plan_trips,
)

PICKUPS = [
    "桐木汽车站",
    "头排镇政府",
    "三角乡政府",
    "忠良乡政府",
    "罗香乡政府",
    "长垌乡政府",
    "大樟乡政府",
    "金秀汽车站",
]
CITIES = ["茂名市", "广州市", "深圳市", "东莞市", "佛山市", "中山市", "惠州市", "江门市", "湛江市", "珠海市"]


def signups(count: int, days: int, destinations: int, seed: int = 2024) -> list[Passenger]:
    """Sign-ups as a county sees them: a few big employers, most people from the bus station, some couples."""
    rng = random.Random(seed)
    first = datetime.date(2024, 2, 17)
    employers = [(f"单位{i:02d}", CITIES[i % len(CITIES)]) for i in range(destinations)]
    weights = [1 / (i + 1) ** 0.7 for i in range(destinations)]
    pickup_weights = [6, 2, 1, 1, 1, 1, 1, 2]
    people = []
    for i in range(count):
        employer, city = rng.choices(employers, weights)[0]
        people.append(
            Passenger(
                key=f"P{i:05d}",
                date=first + datetime.timedelta(days=rng.randrange(days)),
                pickup=rng.choices(PICKUPS, pickup_weights)[0],
                destination=employer,
                destination_city=city,
                seats=1 if rng.random() < 0.85 else 2,  # a worker with a companion
            )
        )
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--destinations", type=int, default=40)
    parser.add_argument("--seats", type=int, default=45)
    parser.add_argument("--seconds-per-day", type=float, default=2.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the bench protocol)")
    args = parser.parse_args()

    people = signups(args.signups, args.days, args.destinations)
    started = time.perf_counter()
    plan = plan_trips(people, seats=args.seats, seconds_per_day=args.seconds_per_day)
    took = time.perf_counter() - started

    by_day = defaultdict(list)
    for p in people:
        by_day[p.date].append(p)
    greedy = [bus for day in by_day.values() for bus in greedy_day(day, args.seats)]
    greedy_stops = sum(len({p.pickup for p in b}) + len({p.destination_city for p in b}) for b in greedy)
    placed = sorted(p.key for trip in plan.trips for p in trip.passengers)
    assert placed == sorted(p.key for p in people), "someone was not placed exactly once"
    assert all(trip.seats_used <= args.seats for trip in plan.trips), "a bus is over its seats"

    seats_needed = sum(p.seats for p in people)
    bound, first_fit = lower_bound(people, args.seats), first_fit_by_destination(people, args.seats)
    if args.json:
        print(
            json.dumps(figures(args, seats_needed, took, plan, bound, first_fit, greedy_stops, len(greedy)))
        )
        return
    print(
        f"{args.signups} sign-ups ({seats_needed} seats), {args.days} days, "
        f"{args.destinations} destinations, {args.seats} seats"
    )
    print(f"planning took            {took:6.1f} s ({args.seconds_per_day} s a day for the solver)")
    print(f"buses, this plan         {plan.buses:6d}")
    print(f"buses, lower bound       {bound:6d}")
    print(f"buses, first-fit by dest {first_fit:6d}")
    print(f"stops, this plan         {plan.stops:6d} ({plan.stops / plan.buses:.2f} a bus)")
    print(f"stops, greedy start      {greedy_stops:6d} ({greedy_stops / len(greedy):.2f} a bus)")


def figures(args, seats_needed, took, plan, bound, first_fit, greedy_stops, greedy_buses) -> dict:
    """The run as the bench JSON protocol's object."""

    def figure(name, value, unit, method, target=None, met=None):
        return {
            "name": name,
            "value": value,
            "unit": unit,
            "method": method,
            "target": target,
            "target_met": met,
        }

    return {
        "bench": "bench_plan_trips",
        "database": None,
        "size": {"signups": args.signups, "seats_needed": seats_needed, "days": args.days,
                 "destinations": args.destinations, "seats": args.seats},
        "figures": [
            figure("planning time", round(took, 2), "s",
                   f"wall time of plan_trips (greedy start, then CP-SAT with {args.seconds_per_day} s a day)"),
            figure("buses, this plan", plan.buses, "count", "buses of the plan", bound, plan.buses <= bound),
            figure("buses, lower bound", bound, "count", "sum over days of ceil(seats needed / seats a bus)"),
            figure("buses, first-fit by destination", first_fit, "count",
                   "each employer's passengers on buses of their own (the reference)"),
            figure("buses, this plan / lower bound", round(plan.buses / bound, 3), "ratio", "1.0 is optimal"),
            figure("stops, this plan", plan.stops, "count", "pickup points plus drop-off cities, summed over buses"),
            figure("stops, greedy start", greedy_stops, "count",
                   f"the greedy plan the solver starts from ({greedy_buses} buses)"),
        ],
    }  # fmt: skip


if __name__ == "__main__":
    main()
