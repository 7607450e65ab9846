"""Shared test factories: named users per role and region, valid ID numbers, workers."""

import datetime
import itertools

from laborbridge.accounts.models import User
from laborbridge.core import idnumber

_orders = itertools.count(1)

JINXIU, TONGMU, TOUPAI = "451324", "451324101", "451324102"
DIANBAI, MAONAN, XINCHENG = "440904", "440902", "451321"
DIANBAI_TOWNSHIP, MAONAN_TOWNSHIP, XINCHENG_TOWNSHIP = "440904100", "440902001", "451321100"

ROLE_USERS = {
    # name: (role, region)
    "admin": (User.Role.ADMIN, None),
    "jinxiu": (User.Role.COUNTY, JINXIU),
    "tongmu": (User.Role.TOWNSHIP, TONGMU),
    "dianbai": (User.Role.COUNTY, DIANBAI),
    "maonan": (User.Role.COUNTY, MAONAN),
    "xiezuo": (User.Role.COOPERATION, JINXIU),
    "auditor": (User.Role.AUDITOR, None),
    "employer": (User.Role.EMPLOYER, None),
}
PASSWORD = "correct-horse-battery"


def make_user(username: str, role: str | None = None, region: str | None = None) -> User:
    if role is None:
        role, region = ROLE_USERS[username]
    user = User(username=username, role=role, region_id=region, is_staff=role == User.Role.ADMIN)
    user.is_superuser = role == User.Role.ADMIN
    user.set_password(PASSWORD)
    user.save()
    return user


def make_id(*, birth: datetime.date = datetime.date(1990, 5, 17), sex: str = "M", code: str = JINXIU) -> str:
    """A valid, unique 18-character ID number."""
    serial = next(_orders) % 500
    order = serial * 2 + (1 if sex == "M" else 0)
    body = f"{code}{birth:%Y%m%d}{order:03d}"
    return body + idnumber.check_digit(body)


def make_worker(actor: User, **fields):
    """Register a worker through the service, as a person would."""
    from laborbridge.workers.services import worker_register

    fields.setdefault("name", "盘秀英")
    fields.setdefault("township", TONGMU)
    fields.setdefault("id_number", make_id(sex="F" if fields.get("sex") == "F" else "M"))
    return worker_register(actor=actor, **fields)


def make_uscc(serial: int) -> str:
    """A valid unified social credit code."""
    from stdnum.cn import uscc

    first17 = f"914409{serial:011d}"[:17]
    return first17 + uscc.calc_check_digit(first17)


def make_employer(actor: User, **fields):
    from laborbridge.employers.services import employer_create

    fields.setdefault("name", "茂名市电白区水产食品有限公司")
    fields.setdefault("region", DIANBAI)
    return employer_create(actor=actor, **fields)


def make_vacancy(actor: User, employer, **fields):
    from laborbridge.employers.models import Occupation
    from laborbridge.employers.services import vacancy_create

    fields.setdefault("title", "水产品加工普工")
    fields.setdefault("occupation", Occupation.objects.get(name="水产品加工"))
    fields.setdefault("headcount", 20)
    fields.setdefault("pay_min", 4000)
    fields.setdefault("pay_max", 6000)
    fields.setdefault("place", employer.region_id)
    return vacancy_create(actor=actor, employer=employer, **fields)


def make_training_class(actor: User, *, organisers=(JINXIU, DIANBAI), **fields):
    """A 粤菜师傅 class organised by 金秀 and 电白, through the service."""
    from laborbridge.employers.models import Occupation
    from laborbridge.regions.models import Region
    from laborbridge.training.models import Programme
    from laborbridge.training.services import class_create

    programme = fields.pop("programme", None)
    if programme is None:
        programme, created = Programme.objects.get_or_create(
            name="粤菜师傅", defaults={"certificate": "中式烹调师"}
        )
        if created:
            programme.occupations.set([Occupation.objects.get(name="中式烹调(粤菜)")])
    fields.setdefault("name", "粤菜师傅培训班")
    fields.setdefault("provider", "佛山市创业职业技工学校")
    fields.setdefault("place", Region.objects.get(code=TONGMU))
    fields.setdefault("start", datetime.date(2024, 5, 6))
    fields.setdefault("end", datetime.date(2024, 5, 25))
    fields.setdefault("capacity", 40)
    return class_create(
        actor=actor,
        programme=programme,
        organisers=list(Region.objects.filter(code__in=organisers)),
        **fields,
    )


def backdate_registration(workers, when: datetime.datetime) -> None:
    """Say the workers were registered at `when` (no service back-dates; tests of a period's bounds do), and
    carry it into the indicator summary as a service would."""
    from laborbridge.employment.summary import indicator_summary_refresh

    ids = list(workers.values_list("pk", flat=True))
    workers.update(created_at=when)
    indicator_summary_refresh(ids)


def indicator_summary_mismatch(*, largest: int = 3000) -> str:
    """How the indicator summary differs from what a rebuild would write now ("" when it does not, or when it
    is not in use or the registry is larger than `largest`, too large to compare after every test)."""
    from laborbridge.employment.models import Employment
    from laborbridge.employment.summary import (
        COLUMNS,
        SPELL_FIELDS,
        WORKER_FIELDS,
        _rows_for,
        summary_min_days,
    )
    from laborbridge.workers.models import IndicatorSummary, IndicatorSummaryState, Worker

    if not IndicatorSummaryState.objects.exists() or Worker.objects.count() > largest:
        return ""
    workers = list(Worker.objects.order_by("pk").values_list(*WORKER_FIELDS))
    spells = Employment.objects.values_list(*SPELL_FIELDS)

    def order(row):
        return tuple((value is not None, 0 if value is None else value) for value in row)

    expected = sorted((tuple(row) for row in _rows_for(workers, spells, summary_min_days())), key=order)
    stored = sorted(IndicatorSummary.objects.values_list(*COLUMNS), key=order)
    if stored == expected:
        return ""
    missing = [row for row in expected if row not in stored][:3]
    extra = [row for row in stored if row not in expected][:3]
    return f"indicator summary not current: missing {missing}, stale {extra}"


def indicator_summary_in_use() -> None:
    """Mark an empty registry's summary complete (as the migration does), e.g. after a live-server test emptied
    every table, so that the indicators read it."""
    from laborbridge.workers.models import IndicatorSummaryState, Worker

    if not IndicatorSummaryState.objects.exists() and not Worker.objects.exists():
        IndicatorSummaryState.objects.create(min_days=0)
