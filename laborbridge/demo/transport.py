"""The demo's 2024 春暖行动: free point-to-point buses after the Spring Festival, through the transport services.

Three batches and 16 buses carried 454 workers (98 formerly poor) back to their jobs in Guangdong; the first
batch left 桐木汽车站 on 2024-02-17 with 6 buses and 236 people. The passengers are demo workers already at
work at an eastern employer on their day (their spells count in the 2024 figures): the rides add no spell,
and each arrival is recorded on the open spell at that employer, so 9,719 / 3,962 do not move.

The first batch is planned with 45-seat coaches and boarded; the two later days are then planned again
with 22-seat minibuses (the planner keeps a day whose buses are boarding), five buses each.
"""

import datetime

from laborbridge.employers.models import Employer
from laborbridge.regions.models import Region
from laborbridge.transport.models import SignUp, TransportCampaign, Trip
from laborbridge.transport.services import (
    arrival_confirm,
    boarding_record,
    campaign_create,
    campaign_plan,
    transport_sign_up,
)
from laborbridge.workers.models import Worker

D = datetime.date
NAME = "2024年春暖行动"
ORGANISERS = ("451324", "440904", "440902")
TONGMU = "451324101"
# (day, passengers, formerly poor among them); the first batch all from 桐木汽车站.
BATCHES = [(D(2024, 2, 17), 236, 51), (D(2024, 2, 20), 110, 24), (D(2024, 2, 24), 108, 23)]
PICKUPS = [
    # (township, name, address)
    (TONGMU, "桐木汽车站", "金秀瑶族自治县桐木镇"),
    ("451324100", "金秀汽车站", "金秀瑶族自治县金秀镇"),
    ("451324102", "头排镇政府", "金秀瑶族自治县头排镇"),
    ("451324200", "三角乡政府", "金秀瑶族自治县三角乡"),
]


def _at_work(spells: list[tuple], day: datetime.date) -> int | None:
    """The eastern employer the worker is at work at on `day` (a spell open on it), if any."""
    for place, _name, employer_id, start, end, _income, _channel in spells:
        if employer_id and str(place).startswith("44") and start <= day and (end is None or end >= day):
            return employer_id
    return None


def transport_plan(people: list, spells_for: list[list[tuple]]) -> list[list[tuple[int, int]]]:
    """For each batch, the (person index, employer id) of its passengers, chosen from the demo's people."""
    chosen: list[list[tuple[int, int]]] = []
    taken: set[int] = set()
    scale = min(1.0, len(people) / 15_000)
    for day, size, poor in BATCHES:
        wanted = {True: round(poor * scale), False: round((size - poor) * scale)}
        batch = []
        for index, (person, spells) in enumerate(zip(people, spells_for, strict=True)):
            alleviated = person.poverty_status == "alleviated"
            if index in taken or wanted[alleviated] == 0:
                continue
            employer_id = _at_work(spells, day)
            if employer_id is None:
                continue
            wanted[alleviated] -= 1
            taken.add(index)
            batch.append((index, employer_id))
            if not any(wanted.values()):
                break
        chosen.append(batch)
    return chosen


def transport_seed(*, users: dict, people: list, spells_for: list[list[tuple]]) -> int:
    """Write the campaign, its sign-ups, the plan, the boarding and the arrivals; return the passengers."""
    if TransportCampaign.objects.filter(name=NAME).exists():
        return 0
    staff, admin = users["jinxiu"], users.get("admin")
    regions = Region.objects.in_bulk([code for code, *_ in PICKUPS] + list(ORGANISERS))
    campaign = campaign_create(
        actor=staff,
        name=NAME,
        start=D(2024, 2, 15),
        end=D(2024, 3, 10),
        organisers=[regions[code] for code in ORGANISERS],
        pickup_points=[(regions[code], name, address) for code, name, address in PICKUPS],
        bus_types=[("大客车", 45, 6500), ("中巴车", 22, 3800)],
        subsidy_cap_with_ticket=500,
        subsidy_flat_by_province={"44": 300, "35": 400, "33": 500},
    )
    points = {p.township_id: p for p in campaign.pickup_points.all()}
    plan = transport_plan(people, spells_for)
    employers = Employer.objects.in_bulk({e for batch in plan for _i, e in batch})
    workers = Worker.objects.in_bulk([people[i].pk for batch in plan for i, _e in batch])
    for number, ((day, _size, _poor), batch) in enumerate(zip(BATCHES, plan, strict=True)):
        for index, employer_id in batch:
            worker = workers[people[index].pk]
            point = points[TONGMU] if number == 0 else points.get(worker.township_id, points["451324100"])
            transport_sign_up(
                actor=staff,
                campaign=campaign,
                worker=worker,
                wanted_date=day,
                pickup_point=point,
                employer=employers[employer_id],
            )
    big, small = campaign.bus_types.get(seats=45), campaign.bus_types.get(seats=22)
    campaign_plan(actor=staff, campaign=campaign, bus_type=big, seconds_per_day=1)
    _board(staff, campaign, BATCHES[0][0])
    campaign_plan(actor=staff, campaign=campaign, bus_type=small, seconds_per_day=1)
    for day, _size, _poor in BATCHES[1:]:
        _board(staff, campaign, day)
    if admin is not None:
        for signup in campaign.signups.filter(status=SignUp.Status.BOARDED).order_by("id"):
            arrival_confirm(actor=admin, signup=signup, on=signup.wanted_date + datetime.timedelta(days=1))
    return campaign.signups.count()


def _board(actor, campaign: TransportCampaign, day: datetime.date) -> None:
    for trip in Trip.objects.filter(batch__campaign=campaign, batch__date=day):  # a tiny demo may have none
        boarding_record(
            actor=actor, trip=trip, boarded={pk: True for pk in trip.signups.values_list("pk", flat=True)}
        )
