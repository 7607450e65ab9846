"""Build the demo: regions, pairing, demo users and a realistic registry of 金秀's workers."""

import datetime
import os
import random

from django.db import transaction
from stdnum.cn import uscc

from laborbridge.accounts.models import User
from laborbridge.core import idnumber
from laborbridge.core.database import prefix_q, refresh_planner_statistics
from laborbridge.demo import data
from laborbridge.demo.fair import demo_fair
from laborbridge.demo.training import cook_occupation_id, training_plan, training_seed
from laborbridge.demo.transport import transport_seed
from laborbridge.employers.members import employer_member_add
from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.employers.services import base_recognise
from laborbridge.employment.models import Channel, Source
from laborbridge.employment.services import (
    SpellDraft,
    employment_write_bulk,
    referral_advance,
    referral_create,
)
from laborbridge.regions.models import Region
from laborbridge.regions.services import regions_load
from laborbridge.workers.derived import id_number_index
from laborbridge.workers.models import Worker
from laborbridge.workers.services import WorkerDraft, worker_write_bulk

DEFAULT_PASSWORD = "laborbridge-demo"
TODAY = datetime.date(2024, 10, 31)  # the demo tells the story of 2024, as of the end of October


class RealDataPresent(Exception):
    """The database holds records that are not demo data."""


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def real_data_present() -> bool:
    return (
        User.objects.filter(is_demo=False).exists()
        or Worker.objects.exclude(created_by__is_demo=True).exists()
    )


def demo_present() -> bool:
    return User.objects.filter(is_demo=True).exists() and Worker.objects.exists()


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _users() -> dict[str, User]:
    users = {}
    for username, display, role, region in data.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": display, "role": role, "region_id": region, "is_demo": True},
        )
        if created:
            user.is_staff = user.is_superuser = role == User.Role.ADMIN
            user.set_password(demo_password())
            user.save()
        users[username] = user
    return users


def _person(rng: random.Random, villages: dict[str, list[str]], used: set[str], *, poverty: str):
    township = _weighted(rng, data.TOWNSHIP_WEIGHTS.items())
    sex = rng.choice("MF")
    surname = _weighted(rng, data.SURNAMES)
    given = data.GIVEN_MALE if sex == "M" else data.GIVEN_FEMALE
    name = surname + (rng.choice(data.SECOND_CHARS) if rng.random() < 0.7 else "") + rng.choice(given)
    birth = TODAY - datetime.timedelta(days=rng.randint(18 * 365, 58 * 365))
    # Registered before 2002 (aged 16 by then): often still the old code 452230.
    old = birth.year + 16 < 2002 and rng.random() < 0.7
    code = data.JINXIU_BEFORE_2002 if old else data.JINXIU
    while True:
        order = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
        body = f"{code}{birth:%Y%m%d}{order:03d}"
        number = body + idnumber.check_digit(body)
        if number not in used:
            used.add(number)
            break
    mobile = rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}" if rng.random() < 0.85 else ""
    return {
        "name": name,
        "id_number": number,
        "sex": sex,
        "birth_date": birth,
        "phone": mobile,
        "township_id": township,
        "county_id": data.JINXIU,
        "village_id": rng.choice(villages[township]) if villages.get(township) else None,
        "poverty_status": poverty,
        "education": _weighted(rng, data.EDUCATION_WEIGHTS),
        "ethnicity": _weighted(rng, data.ETHNICITY_WEIGHTS),
        "skills": rng.choice(data.SKILLS),
    }


# The demo's 2024 story of 金秀 (1 January – 31 October), at the default size of the registry.
PERIOD = (datetime.date(2024, 1, 1), datetime.date(2024, 10, 31))
DEFAULT_WORKERS = 15_000
EMPLOYED_IN_PERIOD, ALLEVIATED_EMPLOYED = 9_719, 3_962
REGISTERED_AT = datetime.datetime(2023, 12, 31, 0, 0, tzinfo=datetime.UTC)
MASS_EMPLOYERS = 820  # with the named ones: more than 800 employers brought in since 2018


@transaction.atomic
def demo_seed(*, workers: int = DEFAULT_WORKERS, force: bool = False, seed: int = 2024) -> dict[str, int]:
    """Create the demo; idempotent (the same seed yields the same people, created once).

    At the default size, 9,719 of 金秀's workers have a spell of work in January–October 2024,
    3,962 of them formerly poor, as the cooperation reported; smaller sizes keep the proportions.
    """
    if real_data_present() and not force:
        raise RealDataPresent
    regions_load()
    users = _users()
    employers = _employers(users, random.Random(seed + 1))
    rng = random.Random(seed)
    villages: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(code__startswith=data.JINXIU, level="village").values_list(
        "code", "parent_id"
    ):
        villages.setdefault(parent, []).append(code)
    existing = set(Worker.objects.values_list("id_number_bidx", flat=True))
    workplaces = _workplaces()
    staff = users["jinxiu"]
    people, spells_for = [], []
    used: set[str] = set()
    for index, (employed, poverty) in enumerate(_plan(rng, workers)):
        person = _person(rng, villages, used, poverty=poverty)
        if index == 0:  # a fixed, findable example: 黄秀英 of 桐木镇 (huangxiuying / hxy)
            person.update(name="黄秀英", sex="F", township_id="451324101")
            person["id_number"] = _fix_sex(person["id_number"], "F")
            person["village_id"] = villages["451324101"][0]
        spells = _spells(rng, person, employed=employed, workplaces=workplaces)
        ident = idnumber.parse(person["id_number"])
        if id_number_index(ident.number) in existing:
            continue
        people.append(
            WorkerDraft(
                name=person["name"],
                id_number=ident,  # the sex and birth date follow from it (worker_derived)
                phone=person["phone"],
                township_id=person["township_id"],
                village_id=person["village_id"],
                poverty_status=person["poverty_status"],
                education=person["education"],
                ethnicity=person["ethnicity"],
                skills=person["skills"],
            )
        )
        spells_for.append(spells)
    # The registry was taken in from the townships' ledgers at the end of 2023.
    ids = worker_write_bulk(actor=staff, new=people, region_code=data.JINXIU, registered_at=REGISTERED_AT)
    for draft in people:
        draft.pk = ids[id_number_index(draft.id_number.number)]
    # The 2024 training classes take their trainees from these people; the cooks' spells carry the trade.
    plan = training_plan(people, spells_for)
    cook = cook_occupation_id()
    drafts = [
        SpellDraft(
            worker_id=person.pk,
            home_township=person.township_id,  # a WorkerDraft, now written
            place_id=place,
            place_class="",  # derived from the place by the employment service
            employer_name=name,
            employer_id=employer_id,
            start=start,
            end=end,
            monthly_income=income,
            channel=channel,
            occupation_id=cook if (index, number) in plan.cooks else None,
        )
        for index, (person, spells) in enumerate(zip(people, spells_for, strict=True))
        for number, (place, name, employer_id, start, end, income, channel) in enumerate(spells)
    ]
    # The demo's plan says which spells belong to an employer record; a name alone links nothing.
    employment_write_bulk(
        actor=staff, opened=drafts, source=Source.LEDGER, region_code=data.JINXIU, link_by_name=False
    )
    _referrals(users, people, spells_for)
    demo_fair(users)
    training_seed(actor=staff, people=people, plan=plan)
    # The 2024 春暖行动 buses carry people already at work in the east: no spell is added.
    transport_seed(users=users, people=people, spells_for=spells_for)
    # At once, inside the transaction (ANALYZE sees its own rows): the report queries that follow in the
    # same transaction, as in the tests, would otherwise be planned for empty tables.
    refresh_planner_statistics("workers_worker", "employment_employment", changed_rows=len(people))
    return {
        "workers": len(people),
        "employments": len(drafts),
        "users": len(users) + 1,
        "employers": employers,
    }


def _plan(rng: random.Random, workers: int) -> list[tuple[bool, str]]:
    """(employed in the period, poverty status) for each demo worker, in a shuffled order."""
    employed = round(workers * EMPLOYED_IN_PERIOD / DEFAULT_WORKERS)
    alleviated = round(employed * ALLEVIATED_EMPLOYED / EMPLOYED_IN_PERIOD)
    plan = [(True, "alleviated")] * alleviated + [(True, "other")] * (employed - alleviated)
    plan += [(False, "any")] * (workers - employed)
    rng.shuffle(plan)
    result = []
    for is_employed, poverty in plan:
        if poverty == "other":  # employed, not formerly poor
            poverty = "monitored" if rng.random() < 0.07 else "ordinary"
        elif poverty == "any":
            poverty = _weighted(rng, data.POVERTY_WEIGHTS)
        result.append((is_employed, poverty))
    return result


def _workplaces() -> dict[str, list[tuple[str, str, int | None]]]:
    """Where 金秀's workers go, by place class: (county code, or "" for the home township; name; employer id)."""
    east = list(
        Employer.objects.filter(prefix_q("region__code", "44")).values_list("region_id", "name", "pk")[:400]
    )
    local = list(Employer.objects.filter(region_id=data.JINXIU).values_list("region_id", "name", "pk"))
    return {
        "in_county": [("", name, pk) for _code, name, pk in local]
        + [("", n, None) for n in data.EMPLOYERS_IN_COUNTY],
        "in_province": [(code, name, None) for code, name in data.EMPLOYERS_IN_PROVINCE],
        "partner_province": east or [(code, name, None) for code, name in data.EMPLOYERS_PARTNER],
        "other_province": [(code, name, None) for code, name in data.EMPLOYERS_OTHER],
    }


def _job(rng: random.Random, person: dict, workplaces: dict) -> tuple[str, str, int | None, str]:
    kind = _weighted(rng, data.PLACE_WEIGHTS)
    code, name, employer_id = rng.choice(workplaces[kind])
    channel = _weighted(
        rng,
        [
            (Channel.ORGANISED, 30),
            (Channel.CHARTERED_BUS, 15),
            (Channel.JOB_FAIR, 15),
            (Channel.SELF_FOUND, 35),
            (Channel.WORKSHOP, 5),
        ],
    )
    return code or person["township_id"], name, employer_id, channel


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _spells(rng: random.Random, person: dict, *, employed: bool, workplaces: dict) -> list[tuple]:
    """Spells that put the worker at work in the period (employed) or clearly outside it."""
    birth = person["birth_date"]
    floor = max(datetime.date(2021, 1, 1), datetime.date(birth.year + 16, birth.month, min(birth.day, 28)))
    first, last = PERIOD
    spells = []

    def add(start, end):
        place, name, employer_id, channel = _job(rng, person, workplaces)
        spells.append((place, name, employer_id, start, end, rng.randrange(2500, 7500, 100), channel))

    roll = rng.random()
    if employed:
        if roll < 0.15:  # an earlier job before the period, then this one
            start = _day(rng, max(floor, datetime.date(2022, 1, 1)), datetime.date(2023, 6, 30))
            add(start, _day(rng, start, datetime.date(2023, 12, 31)))
            add(_day(rng, datetime.date(2024, 1, 1), last), None)
        elif roll < 0.35:  # worked part of the period and stopped
            start = _day(rng, max(floor, datetime.date(2023, 3, 1)), datetime.date(2024, 8, 31))
            add(start, _day(rng, max(start, first), datetime.date(2024, 12, 31)))
        else:  # at work since some time before the end of the period
            add(_day(rng, floor, last), None)
    elif roll < 0.3 and floor < datetime.date(2023, 6, 1):  # worked, but stopped before 2024
        start = _day(rng, floor, datetime.date(2023, 6, 1))
        add(start, _day(rng, start, datetime.date(2023, 12, 31)))
    elif roll < 0.55:  # went out to work only after the period
        add(_day(rng, datetime.date(2024, 11, 1), datetime.date(2025, 12, 31)), None)
    return spells


def _referrals(users: dict[str, User], people: list[WorkerDraft], spells_for: list[list]) -> None:
    """Referrals to the demo employer's first vacancy, at every step, so its desk has work to do."""
    vacancy = Vacancy.objects.filter(employer__name=data.DEMO_EMPLOYER_USER[2]).order_by("pk").first()
    if vacancy is None or vacancy.referrals.exists():
        return
    idle = [
        p.pk
        for p, spells in zip(people, spells_for, strict=True)
        if not spells and p.township_id == "451324101"
    ][:9]
    workers = Worker.objects.in_bulk(idle)
    # After the 2024 story's period (January–October), so its figures stay as reported.
    tongmu, day = users["tongmu"], datetime.date(2024, 11, 5)
    for index, pk in enumerate(idle):
        referral = referral_create(actor=tongmu, worker=workers[pk], vacancy=vacancy, on=day)
        for status in (["applied"], ["intent"], ["intent", "hired"])[index % 3]:
            referral_advance(
                actor=tongmu, referral=referral, status=status, on=day + datetime.timedelta(days=4)
            )


def _uscc(serial: int) -> str:
    first17 = f"9144{serial:013d}"
    return first17 + uscc.calc_check_digit(first17)


def _employers(users: dict[str, User], rng: random.Random) -> int:
    """The eastern side's employers since 2018 with their vacancies, 金秀's bases, and one employer's account."""
    occupations = {o.name: o for o in Occupation.objects.all()}
    admin = users["admin"]
    have = set(Employer.objects.values_list("name", flat=True))
    employers, vacancies = [], []
    for serial, (county, name, kind, industry, side, since, jobs) in enumerate(data.EMPLOYERS, start=1):
        if name in have:
            continue
        employer = Employer(
            name=name,
            region_id=county,
            kind=kind,
            industry=industry,
            provided_by_id=side,
            provided_on=datetime.date.fromisoformat(since),
            created_by=admin,
            uscc="" if kind == "individual" else _uscc(serial),
            contact_name="人事部",
            contact_phone=f"1390668{serial:04d}",
        )
        employers.append(employer)
        for title, occupation, headcount, low, high, lodging, meals in jobs:
            vacancies.append(
                Vacancy(
                    employer=employer,
                    title=title,
                    occupation=occupations[occupation],
                    headcount=headcount,
                    pay_min=low,
                    pay_max=high,
                    place_id=county,
                    lodging=lodging,
                    meals=meals,
                    status=Vacancy.Status.OPEN,
                    posted_on=datetime.date(2024, 2, 1),
                    created_by=admin,
                )
            )
    for serial in range(MASS_EMPLOYERS):
        # Draw every random value before deciding to skip, so a second run sees the same employers.
        county, place_name = rng.choice(data.EAST_COUNTIES)
        side_choice = rng.choice([data.DIANBAI, data.MAONAN])
        since = _day(rng, datetime.date(2018, 3, 1), datetime.date(2024, 10, 31))
        kind = rng.choice(["private", "sme", "sme", "state"])
        industry, noun, jobs = data.INDUSTRIES[serial % len(data.INDUSTRIES)]
        offers = [
            (
                title,
                occupation,
                rng.randint(10, 38),
                rng.randrange(3600, 6000, 100),
                rng.randrange(500, 2500, 100),
                rng.random() < 0.8,
                rng.random() < 0.6,
            )
            for title, occupation in rng.sample(jobs, k=min(len(jobs), rng.randint(1, 2)))
        ]
        # (serial mod 24, serial div 24, serial mod 10) never repeats below 820: the names are unique.
        brand = (
            data.BRANDS[serial % len(data.BRANDS)]
            + data.BRANDS[(serial // len(data.BRANDS)) % len(data.BRANDS)]
        )
        name = f"{place_name}{brand}{noun}有限公司"
        if name in have:
            continue
        side = county if county in (data.DIANBAI, data.MAONAN) else side_choice
        employer = Employer(
            name=name,
            region_id=county,
            kind=kind,
            industry=industry,
            provided_by_id=side,
            provided_on=since,
            created_by=admin,
            uscc=_uscc(1000 + serial),
            contact_name="招聘专员",
            contact_phone=f"1380668{serial:04d}",
        )
        employers.append(employer)
        for title, occupation, headcount, low, spread, lodging, meals in offers:
            vacancies.append(
                Vacancy(
                    employer=employer,
                    title=title,
                    occupation=occupations[occupation],
                    headcount=headcount,
                    pay_min=low,
                    pay_max=low + spread,
                    place_id=county,
                    lodging=lodging,
                    meals=meals,
                    posted_on=since,
                    created_by=admin,
                    status=Vacancy.Status.OPEN if since.year >= 2024 else Vacancy.Status.FILLED,
                )
            )
    Employer.objects.bulk_create(employers, batch_size=500)
    Vacancy.objects.bulk_create(vacancies, batch_size=500)
    for name, kind, since in data.BASES:
        base_employer = Employer.objects.get(name=name)
        if not base_employer.bases.filter(kind=kind).exists():
            base_recognise(
                actor=users["jinxiu"],
                employer=base_employer,
                kind=kind,
                recognised_on=datetime.date.fromisoformat(since),
                recognised_by="金秀瑶族自治县人力资源和社会保障局",
            )
    username, display, employer_name = data.DEMO_EMPLOYER_USER
    firm = Employer.objects.get(name=employer_name)
    user = User.objects.filter(username=username).first()
    if user is None:  # the bureau that brought the firm in opens its account, as on the firm's page
        user = employer_member_add(
            actor=users["dianbai"], employer=firm, username=username, display_name=display
        ).user
        user.is_demo = True
        user.set_password(demo_password())  # the README's demo password, not a temporary one to change
        user.must_change_password = False
        user.save()
    elif not firm.members.filter(pk=user.pk).exists():
        employer_member_add(actor=users["dianbai"], employer=firm, user=user)
    return len(employers)


def _fix_sex(number: str, sex: str) -> str:
    order = int(number[14:17])
    if (order % 2 == 1) != (sex == "M"):
        order = (order + 1) % 1000
    body = f"{number[:14]}{order:03d}"
    return body + idnumber.check_digit(body)
