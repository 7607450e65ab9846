"""Pack passengers into chartered buses: fewest buses first, then fewest stops (pure; no ORM, no Django).

A passenger (a sign-up: the worker and the companions travelling with them, who sit together) rides on the
date they asked for. A bus may call at several pickup points of the county and drop off in several cities;
each distinct pickup point and each distinct drop-off city on a bus is one stop. Gates (employers) in one
city are one stop: the bus drops its passengers for that city together.

Per day the planner first builds a greedy plan (passengers grouped by destination city, then by pickup
point, filled into the first bus with room), then asks CP-SAT for a plan that uses the fewest buses and,
among those, the fewest stops in total, seeded with the greedy plan and bounded in time. Passengers who are
alike (same pickup, same city, same party size) are interchangeable, so the model counts them per bus
rather than naming each, which keeps it small whatever the number of sign-ups. When the solver finds
nothing better in its time, the greedy plan stands; `DayPlan.proven` says whether the day's plan was shown
optimal.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

__all__ = [
    "DayPlan",
    "Passenger",
    "Plan",
    "PlannedTrip",
    "first_fit_by_destination",
    "greedy_day",
    "lower_bound",
    "plan_trips",
]

DEFAULT_SECONDS_PER_DAY = 2.0
PROGRESS_PLANNED = 95  # what `progress` reaches when every day is planned; storing the plan is the rest
# Days with at most this many (kind of party × bus) counts are solved whole, and usually proven optimal.
WHOLE_DAY_SIZE = 400


@dataclass(frozen=True)
class Passenger:
    """One sign-up to carry: `seats` is the worker plus companions, who travel on the same bus."""

    key: str
    date: datetime.date
    pickup: str
    destination: str
    destination_city: str
    seats: int = 1


@dataclass
class PlannedTrip:
    """One bus on one day: who rides it and where it stops."""

    date: datetime.date
    passengers: list[Passenger] = field(default_factory=list)

    @property
    def seats_used(self) -> int:
        return sum(p.seats for p in self.passengers)

    @property
    def pickups(self) -> list[str]:
        return sorted({p.pickup for p in self.passengers})

    @property
    def cities(self) -> list[str]:
        return sorted({p.destination_city for p in self.passengers})

    @property
    def destinations(self) -> list[str]:
        return sorted({p.destination for p in self.passengers})

    @property
    def stops(self) -> list[str]:
        """Pickup points first, then drop-off cities, in the order the bus calls."""
        return self.pickups + self.cities

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "passengers": [p.key for p in self.passengers],
            "seats_used": self.seats_used,
            "stops": self.stops,
        }


@dataclass
class DayPlan:
    date: datetime.date
    trips: list[PlannedTrip]
    lower_bound: int
    proven: bool  # the solver showed no plan has fewer buses, or as few with fewer stops

    @property
    def stops(self) -> int:
        return sum(len(t.stops) for t in self.trips)


@dataclass
class Plan:
    days: list[DayPlan]
    seats: int

    @property
    def trips(self) -> list[PlannedTrip]:
        return [trip for day in self.days for trip in day.trips]

    @property
    def lower_bound(self) -> int:
        return sum(day.lower_bound for day in self.days)

    @property
    def buses(self) -> int:
        return len(self.trips)

    @property
    def stops(self) -> int:
        return sum(day.stops for day in self.days)

    @property
    def proven(self) -> bool:
        return all(day.proven for day in self.days)

    def as_dict(self) -> dict:
        return {
            "trips": [trip.as_dict() for trip in self.trips],
            "lower_bound": self.lower_bound,
            "buses": self.buses,
            "stops": self.stops,
            "proven_optimal": self.proven,
        }


def _check(passengers: list[Passenger], seats: int) -> None:
    if seats < 1:
        raise ValueError("a bus needs at least one seat")
    keys = set()
    for p in passengers:
        if p.seats < 1 or p.seats > seats:
            raise ValueError(f"passenger {p.key} needs {p.seats} seats; a bus has {seats}")
        if p.key in keys:
            raise ValueError(f"passenger {p.key} appears twice")
        keys.add(p.key)


def lower_bound(passengers: Iterable[Passenger], seats: int) -> int:
    """The sum over days of ⌈seats needed / seats per bus⌉: no plan uses fewer buses."""
    by_day: dict[datetime.date, int] = defaultdict(int)
    for p in passengers:
        by_day[p.date] += p.seats
    return sum(math.ceil(n / seats) for n in by_day.values())


def _order(p: Passenger):
    return (p.destination_city, p.pickup, p.destination, -p.seats, p.key)


def greedy_day(passengers: list[Passenger], seats: int) -> list[list[Passenger]]:
    """Group by destination city, then pickup point, and put each party in the first bus with room."""
    buses: list[list[Passenger]] = []
    room: list[int] = []
    for p in sorted(passengers, key=_order):
        for index, free in enumerate(room):
            if free >= p.seats:
                buses[index].append(p)
                room[index] -= p.seats
                break
        else:
            buses.append([p])
            room.append(seats - p.seats)
    return buses


def first_fit_by_destination(passengers: Iterable[Passenger], seats: int) -> int:
    """The buses a plan needs that sends each employer's passengers on buses of their own (the baseline)."""
    groups: dict[tuple, list[Passenger]] = defaultdict(list)
    for p in passengers:
        groups[(p.date, p.destination)].append(p)
    return sum(len(greedy_day(group, seats)) for group in groups.values())


def _cost(buses: list[list[Passenger]]) -> tuple[int, int]:
    stops = sum(len({p.pickup for p in bus}) + len({p.destination_city for p in bus}) for bus in buses)
    return len(buses), stops


def _solve_day(
    passengers: list[Passenger], seats: int, greedy: list[list[Passenger]], seconds: float, workers: int
) -> tuple[list[list[Passenger]], bool]:
    """The day's best plan found in `seconds`, and whether it is proven optimal.

    A small day is solved whole. On a large one the solver does not get far from scratch (it does not keep
    to its hint), so the plan is improved a few buses at a time instead: a bus and the buses that share
    stops with it are re-planned exactly together, and the new arrangement kept when it has fewer stops.
    """
    deadline = time.monotonic() + seconds
    kinds = len({(p.pickup, p.destination_city, p.seats) for p in passengers})
    plan = greedy
    if kinds * len(greedy) <= WHOLE_DAY_SIZE:
        plan, proven = _exact(passengers, seats, greedy, seconds, workers)
        if proven:
            return plan, True
    return _improve(plan, seats, deadline), False


def _neighbourhood(buses: list[list[Passenger]], rng: random.Random, size: int) -> list[int]:
    first = rng.randrange(len(buses))
    here = {p.pickup for p in buses[first]} | {"@" + p.destination_city for p in buses[first]}
    shared = []
    for index, bus in enumerate(buses):
        if index != first:
            there = {p.pickup for p in bus} | {"@" + p.destination_city for p in bus}
            shared.append((-len(here & there), rng.random(), index))
    shared.sort()
    return [first] + [index for _, _, index in shared[: size - 1]]


def _improve(buses: list[list[Passenger]], seats: int, deadline: float) -> list[list[Passenger]]:
    """Large-neighbourhood search: re-plan a few buses that share stops exactly, keep what is better."""
    buses = [list(bus) for bus in buses]
    if len(buses) < 2:
        return buses
    rng = random.Random(len(buses))
    while time.monotonic() < deadline:
        chosen = _neighbourhood(buses, rng, min(len(buses), rng.choice((2, 3, 4))))
        part = [buses[i] for i in chosen]
        left = deadline - time.monotonic()
        if left <= 0.01:
            break
        better, _ = _exact([p for bus in part for p in bus], seats, part, min(left, 0.5), 1)
        if _cost(better) < _cost(part):
            buses = [bus for i, bus in enumerate(buses) if i not in chosen] + better
    return buses


def _exact(
    passengers: list[Passenger], seats: int, greedy: list[list[Passenger]], seconds: float, workers: int
) -> tuple[list[list[Passenger]], bool]:
    """CP-SAT on these passengers with at most `len(greedy)` buses; never worse than `greedy`."""
    from ortools.sat.python import cp_model  # imported here: the web pages that only show plans skip it

    # Interchangeable parties: same pickup, same city, same size.
    kinds: dict[tuple[str, str, int], list[Passenger]] = defaultdict(list)
    for p in sorted(passengers, key=_order):
        kinds[(p.pickup, p.destination_city, p.seats)].append(p)
    kind_keys = list(kinds)
    pickups = sorted({k[0] for k in kind_keys})
    cities = sorted({k[1] for k in kind_keys})
    n_buses = len(greedy)
    buses = range(n_buses)

    model = cp_model.CpModel()
    used = [model.new_bool_var(f"u{b}") for b in buses]
    count = {
        (k, b): model.new_int_var(0, min(len(kinds[k]), seats // k[2]), f"n{i}_{b}")
        for i, k in enumerate(kind_keys)
        for b in buses
    }
    calls = {(s, b): model.new_bool_var(f"p{s}_{b}") for s in pickups for b in buses}
    drops = {(c, b): model.new_bool_var(f"c{c}_{b}") for c in cities for b in buses}
    for k in kind_keys:
        model.add(sum(count[k, b] for b in buses) == len(kinds[k]))
    for b in buses:
        model.add(sum(k[2] * count[k, b] for k in kind_keys) <= seats * used[b])
        for k in kind_keys:
            bound = min(len(kinds[k]), seats // k[2])
            model.add(count[k, b] <= bound * calls[k[0], b])
            model.add(count[k, b] <= bound * drops[k[1], b])
        for s in pickups:
            model.add(calls[s, b] <= used[b])
        for c in cities:
            model.add(drops[c, b] <= used[b])
        # A used bus calls somewhere: keeps the stops of an empty "used" bus from being free.
        model.add(sum(calls[s, b] for s in pickups) >= used[b])
        if b + 1 < n_buses:
            model.add(used[b] >= used[b + 1])  # symmetry: the used buses come first
    # A bus is worth more than every stop a plan could make: fewest buses first, then fewest stops.
    heavy = n_buses * (len(pickups) + len(cities)) + 1
    stop_count = sum(calls.values()) + sum(drops.values())
    model.minimize(heavy * sum(used) + stop_count)
    # Lower bounds the solver would otherwise have to discover: buses, and each pickup and city called once.
    need = sum(p.seats for p in passengers)
    least = math.ceil(need / seats)
    model.add(sum(used) >= least)
    if least == n_buses:  # the greedy plan already has the fewest buses: only the stops are left to win
        for b in buses:
            model.add(used[b] == 1)

    # The greedy plan as a hint.
    for b, bus in enumerate(greedy):
        model.add_hint(used[b], 1)
        here = defaultdict(int)
        for p in bus:
            here[(p.pickup, p.destination_city, p.seats)] += 1
        for k in kind_keys:
            model.add_hint(count[k, b], here.get(k, 0))
        for s in pickups:
            model.add_hint(calls[s, b], any(p.pickup == s for p in bus))
        for c in cities:
            model.add_hint(drops[c, b], any(p.destination_city == c for p in bus))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return greedy, False
    remaining = {k: list(v) for k, v in kinds.items()}
    plan: list[list[Passenger]] = []
    for b in buses:
        if not solver.value(used[b]):
            continue
        bus: list[Passenger] = []
        for k in kind_keys:
            n = solver.value(count[k, b])
            bus.extend(remaining[k][:n])
            remaining[k] = remaining[k][n:]
        if bus:
            plan.append(bus)
    if _cost(plan) > _cost(greedy):
        return greedy, False
    return plan, status == cp_model.OPTIMAL


def plan_trips(
    passengers: Iterable[Passenger],
    *,
    seats: int,
    seconds_per_day: float = DEFAULT_SECONDS_PER_DAY,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Plan every day's buses: everyone on exactly one bus on their date, no bus over its seats.

    `progress(percent)` is told after each day (the background job's progress bar).
    """
    passengers = list(passengers)
    _check(passengers, seats)
    by_day: dict[datetime.date, list[Passenger]] = defaultdict(list)
    for p in passengers:
        by_day[p.date].append(p)
    days = []
    for date in sorted(by_day):
        group = by_day[date]
        greedy = greedy_day(group, seats)
        buses, proven = _solve_day(group, seats, greedy, seconds_per_day, workers)
        trips = [
            PlannedTrip(
                date=date, passengers=sorted(bus, key=lambda p: (p.pickup, p.destination_city, p.key))
            )
            for bus in buses
        ]
        trips.sort(key=lambda t: (t.stops, t.passengers[0].key))
        days.append(DayPlan(date=date, trips=trips, lower_bound=lower_bound(group, seats), proven=proven))
        if progress is not None:
            progress(PROGRESS_PLANNED * len(days) // len(by_day))
    return Plan(days=days, seats=seats)
