import json

import pytest
from django.core.management import call_command

from laborbridge.transport.models import Batch, SignUp, Trip

pytestmark = pytest.mark.django_db


def test_a_small_demo_carries_some_of_its_people_by_bus():
    from laborbridge.demo.services import demo_seed

    demo_seed(workers=300)
    assert SignUp.objects.filter(status="arrived").count() == SignUp.objects.count() > 0
    for trip in Trip.objects.all():
        assert sum(s.seats for s in trip.signups.all()) <= trip.seats


@pytest.mark.slow
def test_the_2024_spring_buses_in_the_demo_and_the_2024_figures_unmoved(capsys):
    """3 batches, 16 buses, 454 passengers (98 formerly poor); the first on 2024-02-17: 6 buses, 236 people."""
    call_command("seed_demo")
    first = Batch.objects.get(date="2024-02-17")
    assert first.trips.count() == 6
    assert SignUp.objects.filter(trip__batch=first, pickup_point__name="桐木汽车站").count() == 236
    capsys.readouterr()
    call_command("report", "--region", "451324", "--from", "2024-02-01", "--to", "2024-03-31", "--json")
    spring = json.loads(capsys.readouterr().out)["indicators"]
    assert {k: spring[k] for k in ("transport_batches", "transport_trips", "transport_passengers")} == {
        "transport_batches": 3,
        "transport_trips": 16,
        "transport_passengers": 454,
    }
    assert spring["transport_passengers_alleviated"] == 98
    assert spring["transport_arrived"] == 454
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    year = json.loads(capsys.readouterr().out)["indicators"]
    assert (year["employed"], year["employed_alleviated"]) == (9_719, 3_962)
