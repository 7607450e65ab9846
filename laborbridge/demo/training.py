"""The demo's four 2024 training classes, with 金秀 trainees, written through the training services.

The classes add no spell: trainees are chosen among the demo's people by the spells they already have, so
the January–October figures (9,719 employed, 3,962 formerly poor) do not move. Of the 粤菜师傅 class's 40
(13 formerly poor), 32 have a spell at work on or after the class's last day, 18 of them as cooks: the
spell's trade (工种) is set when it is written (`SpellDraft.occupation_id`), as a hire from a cook's vacancy
would set it.
"""

import datetime
from dataclasses import dataclass, field

from laborbridge.employers.models import Occupation
from laborbridge.regions.models import Region
from laborbridge.training.models import Programme, TrainingClass
from laborbridge.training.services import (
    certificate_issue,
    class_create,
    class_set_status,
    enrolment_complete,
    enrolment_enrol,
    programme_create,
)
from laborbridge.workers.models import Worker

D = datetime.date
ORGANISERS = ("451324", "440904", "440902")  # 金秀, 电白 and 茂南 sent them jointly
PROGRAMMES = [
    # (name, occupations it leads to, certificate it can give)
    ("粤菜师傅", ["中式烹调(粤菜)", "中式面点"], "中式烹调师职业技能等级证书"),
    ("茶叶评鉴", ["茶叶加工"], "评茶员职业技能等级证书"),
    ("茶叶电商直播", ["电商直播"], "培训合格证书"),
    ("高校毕业生技能提升", ["电商直播", "农业种植"], "培训合格证书"),
    ("南粤家政", ["家政服务", "育婴", "养老护理"], "家政服务员职业技能等级证书"),
]


@dataclass(frozen=True)
class DemoClass:
    key: str
    programme: str
    name: str
    provider: str
    place: str  # a township code
    address: str
    start: datetime.date
    end: datetime.date
    size: int
    teachers: str = ""
    target_groups: str = ""
    certified: int = 0  # how many earn the programme's skill certificate
    cost: int | None = None
    subsidy: int | None = None


CLASSES = [
    DemoClass(
        "chef", "粤菜师傅", "2024年粤桂协作“粤菜师傅”培训班", "佛山市创业职业技工学校",
        "440604012", "佛山市创业职业技工学校", D(2024, 5, 6), D(2024, 5, 25), 40,
        teachers="学校烹饪专业教师", target_groups="金秀县农村劳动力（含脱贫劳动力）", certified=36,
        cost=3000, subsidy=3000,
    ),
    DemoClass(
        "tea", "茶叶评鉴", "茶叶质量评鉴与技能等级认定培训班", "广东省茶叶收藏与鉴赏协会（粤桂协作科技特派员）",
        "451324100", "金秀瑶族自治县金秀镇", D(2024, 9, 19), D(2024, 9, 23), 50,
        teachers="广东省茶叶收藏与鉴赏协会专家", target_groups="茶农、茶企员工", certified=45,
    ),
    DemoClass(
        "livestream", "茶叶电商直播", "茶叶电商与直播带货培训班", "粤桂协作科技特派员团队",
        "451324100", "金秀瑶族自治县金秀镇", D(2024, 10, 25), D(2024, 10, 29), 50,
        target_groups="茶农、返乡青年",
    ),
    DemoClass(
        "graduates", "高校毕业生技能提升", "脱贫家庭高校毕业生电商运营、乡村旅游与现代农业培训班",
        "粤桂协作科技特派员团队", "451324101", "金秀瑶族自治县桐木镇", D(2024, 7, 8), D(2024, 7, 19), 50,
        target_groups="脱贫家庭高校毕业生",
    ),
]  # fmt: skip

CHEF_EMPLOYED, CHEF_RELATED, CHEF_ALLEVIATED = 32, 18, 13


@dataclass
class TrainingPlan:
    trainees: dict[str, list[int]] = field(default_factory=dict)  # class key -> indexes of the demo's people
    cooks: set[tuple[int, int]] = field(default_factory=set)  # (person index, spell index) in a cook's trade


def _at_work_after(spells: list[tuple], day: datetime.date) -> int | None:
    """The index of a spell that begins after `day` and is at work then (a job found after the class)."""
    for index, (_place, _name, _employer, start, end, _income, _channel) in enumerate(spells):
        if start > day and (end is None or end >= day) and start <= D(2024, 10, 31):
            return index
    return None


def _idle_after(spells: list[tuple], day: datetime.date) -> bool:
    """Whether every spell ended before `day` (or there is none)."""
    return all(end is not None and end < day for _place, _name, _employer, _start, end, *_rest in spells)


def training_plan(people: list, spells_for: list[list[tuple]]) -> TrainingPlan:
    """Choose the trainees from the demo's people (their spells decide "employed" and "related")."""
    plan = TrainingPlan()
    chef = CLASSES[0]
    alleviated = [p.poverty_status == "alleviated" for p in people]
    employed_pick: list[int] = []
    idle_pick: list[int] = []
    # 32 at work after the class (11 formerly poor), 8 not (2 formerly poor): 13 formerly poor in all.
    wanted = {(True, True): 11, (True, False): CHEF_EMPLOYED - 11, (False, True): 2, (False, False): 6}
    for index, spells in enumerate(spells_for):
        at_work = _at_work_after(spells, chef.end)
        kind = (at_work is not None, alleviated[index])
        if at_work is None and not (spells and _idle_after(spells, chef.end)):
            # At work across the class, or never at work (the demo's referrals may hire such a person
            # later): neither a hire after the class nor clearly idle after it.
            continue
        if wanted[kind] == 0:
            continue
        wanted[kind] -= 1
        (employed_pick if at_work is not None else idle_pick).append(index)
        if at_work is not None and len(plan.cooks) < CHEF_RELATED:
            plan.cooks.add((index, at_work))
        if not any(wanted.values()):
            break
    plan.trainees["chef"] = employed_pick + idle_pick
    taken = set(plan.trainees["chef"])
    # The other classes: the next people in order, not in another class; the graduates' class formerly poor.
    for demo_class in CLASSES[1:]:
        chosen = []
        for index, _person in enumerate(people):
            if index in taken or (demo_class.key == "graduates" and not alleviated[index]):
                continue
            chosen.append(index)
            if len(chosen) == demo_class.size:
                break
        taken.update(chosen)
        plan.trainees[demo_class.key] = chosen
    return plan


def cook_occupation_id() -> int:
    return Occupation.objects.get(name="中式烹调(粤菜)").pk


def training_seed(*, actor, people: list, plan: TrainingPlan) -> int:
    """Write the programmes and the four classes with their trainees, completions and certificates."""
    if TrainingClass.objects.exists():
        return 0
    occupations = {o.name: o for o in Occupation.objects.all()}
    programmes = {}
    for name, trades, certificate in PROGRAMMES:
        programmes[name] = Programme.objects.filter(name=name).first() or programme_create(
            actor=actor, name=name, occupations=[occupations[t] for t in trades], certificate=certificate
        )
    organisers = list(Region.objects.filter(code__in=ORGANISERS))
    workers = Worker.objects.in_bulk([p.pk for p in people])
    for demo_class in CLASSES:
        training_class = class_create(
            actor=actor,
            organisers=organisers,
            programme=programmes[demo_class.programme],
            name=demo_class.name,
            provider=demo_class.provider,
            place=Region.objects.get(code=demo_class.place),
            address=demo_class.address,
            start=demo_class.start,
            end=demo_class.end,
            capacity=demo_class.size,
            target_groups=demo_class.target_groups,
            teachers=demo_class.teachers,
            cost_per_trainee=demo_class.cost,
            subsidy_per_trainee=demo_class.subsidy,
        )
        enrolments = [
            enrolment_enrol(
                actor=actor,
                training_class=training_class,
                worker=workers[people[index].pk],
                on=demo_class.start - datetime.timedelta(days=10),
            )
            for index in plan.trainees[demo_class.key]
        ]
        class_set_status(actor=actor, training_class=training_class, status=TrainingClass.Status.RUNNING)
        for number, enrolment in enumerate(enrolments, start=1):
            enrolment_complete(actor=actor, enrolment=enrolment)
            if number <= demo_class.certified:
                certificate_issue(
                    actor=actor,
                    enrolment=enrolment,
                    kind="skill_level",
                    level="五级",
                    number=f"{demo_class.end:%Y%m}{demo_class.key.upper()}{number:03d}",
                    issued_on=demo_class.end + datetime.timedelta(days=20),
                )
        class_set_status(actor=actor, training_class=training_class, status=TrainingClass.Status.FINISHED)
    return len(CLASSES)
