import datetime

import pytest

from laborbridge.employment.services import employment_start
from laborbridge.factories import DIANBAI, JINXIU, TONGMU, make_employer, make_worker
from laborbridge.regions.models import Region
from laborbridge.transport.services import campaign_create, transport_sign_up

D = datetime.date
FIRST_DAY = D(2024, 2, 17)


@pytest.fixture
def campaign(users):
    return campaign_create(
        actor=users["jinxiu"],
        name="2024年春暖行动",
        start=D(2024, 2, 15),
        end=D(2024, 3, 10),
        organisers=[Region.objects.get(code=JINXIU)],
        pickup_points=[(Region.objects.get(code=TONGMU), "桐木汽车站", "桐木镇")],
        bus_types=[("大巴", 45, 6000), ("小车", 3, 800)],
        subsidy_cap_with_ticket=500,
        subsidy_flat_by_province={"44": 300},
    )


@pytest.fixture
def firm(users):
    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    return employer


@pytest.fixture
def other_firm(users):
    return make_employer(users["dianbai"], name="茂名市电白区另一家工厂有限公司")


def returning_worker(users, firm, name="盘秀英", **fields):
    """A worker going back to the open spell it holds at `firm`."""
    worker = make_worker(users["tongmu"], name=name, **fields)
    employment_start(
        actor=users["tongmu"],
        worker=worker,
        place=Region.objects.get(code=DIANBAI),
        start=D(2023, 3, 1),
        employer_name=firm.name,
        channel="organised",
    )
    return worker


@pytest.fixture
def sign_up(users, campaign, firm):
    def make(worker=None, *, date=FIRST_DAY, companions=0, **fields):
        worker = worker or returning_worker(users, firm)
        return transport_sign_up(
            actor=users["tongmu"],
            campaign=campaign,
            worker=worker,
            wanted_date=date,
            pickup_point=campaign.pickup_points.get(),
            employer=fields.pop("employer", firm),
            companions=companions,
            **fields,
        )

    return make
