"""The demo's job fair: 金秋招聘月 at 桐木镇 on 2024-10-24, written through the fairs' services.

37 employers with 1,173 positions, visitors from 桐木镇 (some pre-registered from their phones), intents at
the booths, one-to-one consultations; the hires that followed are dated after 2024-10-31, so that the
January–October figures of the 2024 story stay as reported.
"""

import datetime
import zoneinfo

from laborbridge.accounts.models import User
from laborbridge.demo import data
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.services import referral_advance
from laborbridge.fairs.models import JobFair
from laborbridge.fairs.services import (
    consultation_record,
    fair_check_in,
    fair_create,
    fair_intent_record,
    fair_preregister,
    fair_set_status,
    participation_add,
    position_add,
)
from laborbridge.workers.models import Worker

FAIR_DAY = datetime.date(2024, 10, 24)
HIRED_ON = datetime.date(2024, 11, 12)  # after the story's period (January–October)
EMPLOYERS, POSITIONS = 37, 1_173
TONGMU = "451324101"
TOPICS = ["employment"] * 12 + ["social_insurance"] * 9 + ["training"] * 8 + ["entrepreneurship"] * 6 + [
    "labor_rights"
] * 5  # fmt: skip


def _participants() -> list[Employer]:
    """The demo employer's firm and 36 others of the eastern side with open vacancies, in a fixed order."""
    firm = Employer.objects.get(name=data.DEMO_EMPLOYER_USER[2])
    with_open = Vacancy.objects.filter(status=Vacancy.Status.OPEN).values("employer_id")
    others = Employer.objects.filter(pk__in=with_open).exclude(pk=firm.pk).order_by("pk")[: EMPLOYERS - 1]
    return [firm, *others]


def demo_fair(users: dict[str, User]) -> JobFair | None:
    """Hold the demo fair once (a second seeding finds it and changes nothing)."""
    if JobFair.objects.filter(title="金秋招聘月", date=FAIR_DAY).exists():
        return None
    county, tongmu = users["jinxiu"], users["tongmu"]
    fair = fair_create(
        actor=county, organisers=[data.JINXIU], title="金秋招聘月", theme="就在金秋“职”面未来", date=FAIR_DAY,
        starts_at=datetime.time(9, 0), ends_at=datetime.time(12, 0), township=TONGMU, address="桐木镇人民政府广场",
        target_groups=["private", "sme", "individual", "graduates", "migrant", "veterans", "unemployed",
                       "alleviated"],
        programme="09:00 开幕，用工单位现场招聘\n09:30–11:30 就业、创业、社保、培训、劳动权益一对一咨询\n12:00 结束",
    )  # fmt: skip
    offers = []
    for index, employer in enumerate(_participants(), start=1):
        participation = participation_add(actor=county, fair=fair, employer=employer, booth=f"A{index:02d}")
        for vacancy in employer.vacancies.filter(status=Vacancy.Status.OPEN).order_by("pk")[:2]:
            offers.append((participation, vacancy))
    share, extra = divmod(POSITIONS, len(offers))
    for index, (participation, vacancy) in enumerate(offers):
        position_add(
            actor=county, participation=participation, vacancy=vacancy, headcount=share + (index < extra)
        )
    fair_set_status(actor=county, fair=fair, status="open")
    _visitors_and_intents(users, fair, [vacancy for _participation, vacancy in offers])
    for index, topic in enumerate(TOPICS):
        consultation_record(actor=tongmu if index % 3 else county, fair=fair, topic=topic)
    fair_set_status(actor=county, fair=fair, status="closed")
    return fair


def _visitors_and_intents(users, fair: JobFair, vacancies: list[Vacancy]) -> None:
    """桐木镇 people without work come; some signed up beforehand; a third agree with an employer."""
    tongmu, employer_user = users["tongmu"], User.objects.get(username=data.DEMO_EMPLOYER_USER[0])
    busy = Worker.objects.filter(referrals__isnull=False).values("pk")
    idle = (
        Worker.objects.filter(township_id=TONGMU, employments__isnull=True)
        .exclude(pk__in=busy)
        .order_by("pk")[:120]
    )
    door = datetime.datetime.combine(FAIR_DAY, datetime.time(9, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    firm_vacancies = [v for v in vacancies if v.employer.name == data.DEMO_EMPLOYER_USER[2]]
    for index, worker in enumerate(idle):
        prereg = None
        if index % 4 == 0 and worker.phone:
            prereg = fair_preregister(fair=fair, name=worker.name, phone=worker.phone, township=TONGMU)
        at = door + datetime.timedelta(minutes=index)
        fair_check_in(actor=tongmu, fair=fair, worker=worker, preregistration=prereg, at=at)
        if index % 3:
            continue
        # at the demo firm's booth its own account records the intent; at the others, the township's staff
        if firm_vacancies and index % 2 == 0:
            actor, vacancy = employer_user, firm_vacancies[index % len(firm_vacancies)]
        else:
            actor, vacancy = tongmu, vacancies[index % len(vacancies)]
        intent = fair_intent_record(actor=actor, fair=fair, worker=worker, vacancy=vacancy, on=FAIR_DAY)
        if index % 9 == 0:
            referral_advance(actor=tongmu, referral=intent.referral, status="hired", on=HIRED_ON)
