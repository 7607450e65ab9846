import datetime

import pytest

from laborbridge.employers.services import vacancy_set_status
from laborbridge.factories import DIANBAI, make_employer, make_uscc, make_vacancy
from laborbridge.fairs.services import fair_create, fair_set_status, participation_add, position_add

FAIR_DAY = datetime.date(2024, 10, 24)


def plan_fair(actor, **fields):
    fields.setdefault("title", "金秋招聘月")
    fields.setdefault("theme", "就在金秋“职”面未来")
    fields.setdefault("date", FAIR_DAY)
    fields.setdefault("starts_at", datetime.time(9, 0))
    fields.setdefault("ends_at", datetime.time(12, 0))
    fields.setdefault("township", "451324101")
    fields.setdefault("address", "桐木镇人民广场")
    fields.setdefault("target_groups", ["private", "migrant"])
    return fair_create(actor=actor, organisers=fields.pop("organisers", ["451324"]), **fields)


@pytest.fixture
def fair_world(users):
    """An open 金秀 fair at 桐木镇 with the 电白 employer (the `employer` user's) bringing one open vacancy."""
    employer = make_employer(users["dianbai"], name="电白水产", uscc=make_uscc(7), provided_by=DIANBAI)
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    other = make_vacancy(users["dianbai"], employer, title="冷库搬运工")
    for v in (vacancy, other):
        vacancy_set_status(actor=users["admin"], vacancy=v, status="open")
    fair = plan_fair(users["jinxiu"])
    participation = participation_add(actor=users["jinxiu"], fair=fair, employer=employer, booth="A01")
    position = position_add(actor=users["jinxiu"], participation=participation, vacancy=vacancy, headcount=30)
    fair_set_status(actor=users["jinxiu"], fair=fair, status="open")
    fair.refresh_from_db()
    return {
        "fair": fair,
        "employer": employer,
        "vacancy": vacancy,
        "other_vacancy": other,
        "position": position,
    }
