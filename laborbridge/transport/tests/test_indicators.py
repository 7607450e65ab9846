import datetime

import pytest

from laborbridge.factories import JINXIU
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import Context, compute
from laborbridge.transport.models import SignUp
from laborbridge.transport.services import arrival_confirm, boarding_record, campaign_plan
from laborbridge.transport.tests.conftest import returning_worker

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = [
    "transport_campaigns",
    "transport_batches",
    "transport_trips",
    "transport_passengers",
    "transport_passengers_alleviated",
    "transport_arrived",
]


def test_the_indicators_count_campaigns_batches_trips_riders_and_arrivals(users, campaign, firm, sign_up):
    rider = sign_up(returning_worker(users, firm, name="韦上车", poverty_status="alleviated"))
    absent = sign_up(returning_worker(users, firm, name="韦未来"))
    later = sign_up(returning_worker(users, firm, name="韦后来"), date=D(2024, 2, 20))
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45))
    trip = SignUp.objects.get(pk=rider.pk).trip
    boarding_record(actor=users["tongmu"], trip=trip, boarded={rider.pk: True, absent.pk: False})
    boarding_record(
        actor=users["tongmu"], trip=SignUp.objects.get(pk=later.pk).trip, boarded={later.pk: True}
    )
    arrival_confirm(actor=users["employer"], signup=rider, on=D(2024, 2, 18))
    ctx = Context(region=Region.objects.get(code=JINXIU), start=D(2024, 2, 1), end=D(2024, 2, 18))
    assert compute(ctx, KEYS) == {
        "transport_campaigns": 1,
        "transport_batches": 1,
        "transport_trips": 1,
        "transport_passengers": 1,
        "transport_passengers_alleviated": 1,
        "transport_arrived": 1,
    }
    whole = Context(region=Region.objects.get(code=JINXIU), start=D(2024, 2, 1), end=D(2024, 3, 31))
    assert compute(whole, ["transport_batches", "transport_passengers"]) == {
        "transport_batches": 2,
        "transport_passengers": 2,
    }
