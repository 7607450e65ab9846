"""The planner: everyone on exactly one bus on their date, no bus over its seats, fewest buses then stops."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laborbridge.transport.planning import (
    Passenger,
    first_fit_by_destination,
    greedy_day,
    lower_bound,
    plan_trips,
)

DAY = datetime.date(2024, 2, 17)


def passenger(key, pickup="桐木", city="茂名", seats=1, date=DAY, destination=None):
    return Passenger(str(key), date, pickup, destination or f"{city}厂", city, seats)


def partitions(items):
    """Every way to split `items` into non-empty groups."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in partitions(rest):
        for index in range(len(smaller)):
            yield [*smaller[:index], [first, *smaller[index]], *smaller[index + 1 :]]
        yield [[first], *smaller]


def brute_force(people, seats):
    """The best (buses, stops) of one day, by trying every grouping."""
    best = None
    for groups in partitions(people):
        if any(sum(p.seats for p in g) > seats for g in groups):
            continue
        cost = (
            len(groups),
            sum(len({p.pickup for p in g}) + len({p.destination_city for p in g}) for g in groups),
        )
        best = cost if best is None or cost < best else best
    return best


def placed(plan):
    return sorted(p.key for trip in plan.trips for p in trip.passengers)


small_people = st.lists(
    st.tuples(
        st.sampled_from(["桐木", "头排", "三角"]),
        st.sampled_from(["茂名", "广州", "深圳"]),
        st.integers(1, 2),
        st.integers(0, 1),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_people, st.integers(2, 4))
def test_it_finds_the_fewest_buses_then_the_fewest_stops_that_brute_force_finds(rows, seats):
    people = [
        passenger(i, pickup, city, min(size, seats), DAY + datetime.timedelta(days=day))
        for i, (pickup, city, size, day) in enumerate(rows)
    ]
    plan = plan_trips(people, seats=seats, seconds_per_day=10)
    for day in plan.days:
        todays = [p for p in people if p.date == day.date]
        assert (len(day.trips), day.stops) == brute_force(todays, seats)
        assert day.proven


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 6), st.integers(1, 3), st.integers(0, 2)),
        min_size=1,
        max_size=120,
    ),
    st.integers(3, 45),
)
def test_it_places_everyone_once_on_their_date_and_never_over_the_seats(rows, seats):
    people = [
        passenger(i, f"P{p}", f"C{c}", min(size, seats), DAY + datetime.timedelta(days=day))
        for i, (p, c, size, day) in enumerate(rows)
    ]
    plan = plan_trips(people, seats=seats, seconds_per_day=0.2)
    assert placed(plan) == sorted(p.key for p in people)
    for trip in plan.trips:
        assert trip.seats_used <= seats
        assert all(p.date == trip.date for p in trip.passengers)
    assert plan.buses >= plan.lower_bound == lower_bound(people, seats)


def test_the_lower_bound_is_the_sum_over_days_of_seats_needed_over_seats():
    people = [passenger(i) for i in range(46)] + [
        passenger(100 + i, date=DAY.replace(day=18)) for i in range(3)
    ]
    assert lower_bound(people, 45) == 2 + 1


def test_a_bus_calls_at_several_pickups_and_cities_when_that_saves_a_bus():
    people = [passenger(i, "桐木", "茂名") for i in range(30)] + [
        passenger(30 + i, "头排", "广州") for i in range(15)
    ]
    plan = plan_trips(people, seats=45)
    assert plan.buses == 1
    assert plan.trips[0].stops == ["头排", "桐木", "广州", "茂名"]


def test_it_keeps_each_city_on_its_own_bus_when_the_buses_are_needed_anyway():
    # Two buses are needed; mixing would make more stops than one bus per city.
    people = [passenger(i, "桐木", "茂名") for i in range(40)] + [
        passenger(40 + i, "桐木", "广州") for i in range(40)
    ]
    plan = plan_trips(people, seats=45)
    assert plan.buses == 2
    assert sorted(len(trip.stops) for trip in plan.trips) == [2, 2]


def test_a_party_travels_together_on_one_bus():
    people = [passenger("couple", seats=2), *(passenger(i) for i in range(43))]
    plan = plan_trips(people, seats=45)
    assert plan.buses == 1
    assert plan.trips[0].seats_used == 45


def test_it_needs_another_bus_when_parties_do_not_divide_evenly():
    # 3 parties of 2 on 3-seat buses: 6 seats (lower bound 2) but no bus takes two parties.
    plan = plan_trips([passenger(i, seats=2) for i in range(3)], seats=3)
    assert plan.buses == 3
    assert plan.lower_bound == 2


def test_it_refuses_a_party_larger_than_a_bus_and_a_passenger_listed_twice():
    import pytest

    with pytest.raises(ValueError):
        plan_trips([passenger(1, seats=5)], seats=4)
    with pytest.raises(ValueError):
        plan_trips([passenger(1), passenger(1)], seats=4)


def test_the_greedy_start_and_the_baseline_use_no_fewer_buses_than_the_plan():
    people = [passenger(i, f"P{i % 3}", f"C{i % 5}", destination=f"E{i % 9}") for i in range(200)]
    plan = plan_trips(people, seats=45, seconds_per_day=1)
    assert plan.buses == plan.lower_bound == 5
    assert len(greedy_day(people, 45)) >= plan.buses
    assert first_fit_by_destination(people, 45) == 9
