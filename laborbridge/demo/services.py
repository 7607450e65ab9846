"""Build the demo: regions, pairing, demo users and a realistic registry of 金秀's workers."""

import datetime
import os
import random

from django.db import transaction

from laborbridge.accounts.models import User
from laborbridge.core import idnumber
from laborbridge.core.database import refresh_planner_statistics
from laborbridge.core.pinyin import name_keys
from laborbridge.demo import data
from laborbridge.employment.models import Channel, Employment, Source
from laborbridge.employment.places import place_class_for
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.regions.services import regions_load
from laborbridge.workers.models import Worker
from laborbridge.workers.services import id_number_index, phone_index

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


def _person(rng: random.Random, villages: dict[str, list[str]], used: set[str]):
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
        "poverty_status": _weighted(rng, data.POVERTY_WEIGHTS),
        "education": _weighted(rng, data.EDUCATION_WEIGHTS),
        "ethnicity": _weighted(rng, data.ETHNICITY_WEIGHTS),
        "skills": rng.choice(data.SKILLS),
    }


def _spell_place(rng: random.Random, township: str) -> tuple[str, str]:
    kind = _weighted(rng, data.PLACE_WEIGHTS)
    if kind == "in_county":
        return township, rng.choice(data.EMPLOYERS_IN_COUNTY)
    table = {
        "in_province": data.EMPLOYERS_IN_PROVINCE,
        "partner_province": data.EMPLOYERS_PARTNER,
        "other_province": data.EMPLOYERS_OTHER,
    }[kind]
    return rng.choice(table)


@transaction.atomic
def demo_seed(*, workers: int = 3000, force: bool = False, seed: int = 2024) -> dict[str, int]:
    """Create the demo; idempotent (the same seed yields the same people, created once)."""
    if real_data_present() and not force:
        raise RealDataPresent
    regions_load()
    users = _users()
    rng = random.Random(seed)
    villages: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(code__startswith=data.JINXIU, level="village").values_list(
        "code", "parent_id"
    ):
        villages.setdefault(parent, []).append(code)
    existing = set(Worker.objects.values_list("id_number_bidx", flat=True))
    partners = region_partner_codes(code=data.JINXIU)
    staff = users["jinxiu"]
    people, spells_for = [], []
    used: set[str] = set()
    for index in range(workers):
        person = _person(rng, villages, used)
        if index == 0:  # a fixed, findable example: 黄秀英 of 桐木镇 (huangxiuying / hxy)
            person.update(name="黄秀英", sex="F", township_id="451324101")
            person["id_number"] = _fix_sex(person["id_number"], "F")
            person["village_id"] = villages["451324101"][0]
        spells = _spells(rng, person)
        bidx = id_number_index(person["id_number"])
        if bidx in existing:
            continue
        full, initials = name_keys(person["name"])
        people.append(
            Worker(
                **person,
                id_number_bidx=bidx,
                phone_bidx=phone_index(person["phone"]),
                name_pinyin=full,
                name_initials=initials,
                created_by=staff,
                updated_by=staff,
            )
        )
        spells_for.append(spells)
    Worker.objects.bulk_create(people, batch_size=1000)
    saved = {
        w.id_number_bidx: w.pk
        for w in Worker.objects.filter(id_number_bidx__in=[p.id_number_bidx for p in people])
    }
    rows = []
    for person, spells in zip(people, spells_for, strict=True):
        for place, employer, start, end, income, channel in spells:
            rows.append(
                Employment(
                    worker_id=saved[person.id_number_bidx],
                    employer_name=employer,
                    place_id=place,
                    start=start,
                    end=end,
                    place_class=place_class_for(
                        place_code=place, home_county_code=data.JINXIU, partner_codes=partners
                    ),
                    monthly_income=income,
                    channel=channel,
                    source=Source.LEDGER,
                    created_by=staff,
                )
            )
    Employment.objects.bulk_create(rows, batch_size=1000)
    employers = _employers(users)
    transaction.on_commit(
        lambda: refresh_planner_statistics(
            "workers_worker", "employment_employment", changed_rows=len(people)
        )
    )
    return {"workers": len(people), "employments": len(rows), "users": len(users), "employers": employers}


def _employers(users: dict[str, User]) -> int:
    """The eastern side's employers and their open vacancies, 金秀's bases, and one employer's own account."""
    from stdnum.cn import uscc

    from laborbridge.employers.models import Employer, Occupation, Vacancy

    occupations = {o.name: o for o in Occupation.objects.all()}
    created = 0
    for serial, (county, name, kind, industry, side, since, vacancies) in enumerate(data.EMPLOYERS, start=1):
        first17 = f"9144{serial:013d}"
        employer, new = Employer.objects.get_or_create(
            name=name,
            defaults={
                "region_id": county,
                "kind": kind,
                "industry": industry,
                "provided_by_id": side,
                "provided_on": datetime.date.fromisoformat(since),
                "created_by": users["admin"],
                "uscc": "" if kind == "individual" else first17 + uscc.calc_check_digit(first17),
                "contact_name": "人事部",
                "contact_phone": f"1390668{serial:04d}",
            },
        )
        created += new
        if not new:
            continue
        for title, occupation, headcount, low, high, lodging, meals in vacancies:
            Vacancy.objects.create(
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
                created_by=users["admin"],
            )
    username, display, employer_name = data.DEMO_EMPLOYER_USER
    user, new = User.objects.get_or_create(
        username=username, defaults={"first_name": display, "role": User.Role.EMPLOYER, "is_demo": True}
    )
    if new:
        user.set_password(demo_password())
        user.save()
    Employer.objects.get(name=employer_name).members.add(user)
    return created


def _fix_sex(number: str, sex: str) -> str:
    order = int(number[14:17])
    if (order % 2 == 1) != (sex == "M"):
        order = (order + 1) % 1000
    body = f"{number[:14]}{order:03d}"
    return body + idnumber.check_digit(body)


def _spells(rng: random.Random, person: dict) -> list[tuple]:
    """Zero to two spells: perhaps an earlier, closed one, and for most an open one."""
    spells = []
    birth = person["birth_date"]
    sixteen = datetime.date(birth.year + 16, birth.month, min(birth.day, 28))
    start_floor = max(datetime.date(2022, 1, 1), sixteen)
    if rng.random() < 0.25:
        place, employer = _spell_place(rng, person["township_id"])
        start = start_floor + datetime.timedelta(days=rng.randint(0, 300))
        end = start + datetime.timedelta(days=rng.randint(30, 200))
        spells.append((place, employer, start, end, rng.randrange(2200, 5200, 100), Channel.SELF_FOUND))
    if rng.random() < 0.62:
        place, employer = _spell_place(rng, person["township_id"])
        after = spells[-1][3] + datetime.timedelta(days=1) if spells else start_floor
        start = after + datetime.timedelta(days=rng.randint(0, max(1, (TODAY - after).days - 1)))
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
        spells.append((place, employer, start, None, rng.randrange(2500, 7500, 100), channel))
    return spells
