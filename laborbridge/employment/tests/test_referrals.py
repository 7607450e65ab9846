import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.calendar import add_months, is_stable
from laborbridge.employment.models import Employment, FollowUp, Referral
from laborbridge.employment.selectors import follow_up_list, referral_list
from laborbridge.employment.services import follow_up_answer, referral_advance, referral_create
from laborbridge.factories import DIANBAI, make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def setting(users):
    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")
    return users, worker, vacancy


MARCH_FIRST = D(2024, 3, 1)


def refer(setting, on=MARCH_FIRST):
    users, worker, vacancy = setting
    return referral_create(actor=users["tongmu"], worker=worker, vacancy=vacancy, on=on)


def test_the_road_from_a_name_to_the_factory_gate(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    for status, actor, day in (
        ("applied", "tongmu", D(2024, 3, 2)),
        ("intent", "tongmu", D(2024, 3, 5)),
        ("hired", "employer", D(2024, 3, 10)),
        ("arrived", "employer", D(2024, 3, 12)),
    ):
        referral_advance(actor=users[actor], referral=referral, status=status, on=day)
    referral.refresh_from_db()
    assert referral.status == "arrived"
    assert [(s.status, s.on, s.by.username) for s in referral.steps.all()] == [
        ("recommended", D(2024, 3, 1), "tongmu"),
        ("applied", D(2024, 3, 2), "tongmu"),
        ("intent", D(2024, 3, 5), "tongmu"),
        ("hired", D(2024, 3, 10), "employer"),
        ("arrived", D(2024, 3, 12), "employer"),
    ]
    spell = Employment.objects.get(worker=worker)
    assert (
        spell.employer.name,
        spell.vacancy_id,
        spell.referral_id,
        spell.start,
        spell.source,
        spell.channel,
    ) == (
        "茂名市电白区水产食品有限公司",
        referral.vacancy_id,
        referral.pk,
        D(2024, 3, 10),
        "referral",
        "organised",
    )
    assert spell.place_id == DIANBAI and spell.place_class == "partner_province"
    follow_ups = list(
        FollowUp.objects.filter(employment=spell).values_list("months", "due_on", "assignee__username")
    )
    assert follow_ups == [
        (1, D(2024, 4, 10), "tongmu"),
        (3, D(2024, 6, 10), "tongmu"),
        (6, D(2024, 9, 10), "tongmu"),
    ]


def test_arrival_before_hire_is_refused_with_a_reason(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="不能从“已推荐”直接变为“已到岗”"):
        referral_advance(actor=users["employer"], referral=referral, status="arrived")


def test_only_the_employer_confirms_arrival(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    with pytest.raises(PermissionDenied, match="用工单位确认"):
        referral_advance(actor=users["tongmu"], referral=referral, status="arrived")


def test_a_decline_needs_a_reason_and_ends_the_road(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="原因"):
        referral_advance(actor=users["tongmu"], referral=referral, status="declined")
    referral_advance(actor=users["tongmu"], referral=referral, status="declined", reason="家中有老人需照顾")
    with pytest.raises(ValidationError):
        referral_advance(actor=users["tongmu"], referral=referral, status="applied")
    refer(setting)  # a new referral to the same vacancy may follow


def test_a_referral_goes_only_to_an_open_vacancy_and_only_once_at_a_time(setting):
    users, _worker, vacancy = setting
    refer(setting)
    with pytest.raises(ValidationError, match="已推荐到这个岗位"):
        refer(setting)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="closed")
    other = make_worker(users["tongmu"], name="盘志华")
    with pytest.raises(ValidationError, match="招聘中"):
        referral_create(actor=users["tongmu"], worker=other, vacancy=vacancy)


def test_a_hire_is_refused_while_another_spell_is_open(setting):
    from laborbridge.employment.services import employment_start

    users, worker, _vacancy = setting
    employment_start(actor=users["tongmu"], worker=worker, place="451324101", start=D(2024, 1, 1))
    referral = refer(setting)
    with pytest.raises(ValidationError, match="未结束的就业记录"):
        referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    assert Referral.objects.get().status == "recommended"


def test_dates_go_forward_and_not_into_the_future(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting, on=D(2024, 3, 5))
    with pytest.raises(ValidationError, match="不能早于上一步"):
        referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=D(2999, 1, 1))


def test_leaving_closes_the_spell(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    referral_advance(actor=users["employer"], referral=referral, status="left", on=D(2024, 5, 1))
    assert Employment.objects.get(worker=worker).end == D(2024, 5, 1)


def closings(spell):
    from laborbridge.core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(
            action="update", object_type="employment.employment", object_id=str(spell.pk)
        ).values_list("actor__username", "details__fields")
    )


def test_leaving_records_who_closed_the_spell_in_the_audit_trail(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    referral_advance(actor=users["employer"], referral=referral, status="left", on=D(2024, 5, 1))
    assert closings(Employment.objects.get(worker=worker)) == [("employer", ["end"])]


def test_a_follow_up_that_closes_the_spell_records_it_in_the_audit_trail(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    first = FollowUp.objects.get(months=1)
    follow_up_answer(actor=users["tongmu"], follow_up=first, still_working=False, on=D(2024, 4, 11))
    spell = Employment.objects.get(worker=worker)
    assert ("tongmu", ["end"]) in closings(spell)


def test_a_hire_opens_the_spell_through_the_same_rules_and_audit_as_a_page(setting):
    from laborbridge.core.models import AuditEvent

    users, worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="月收入"):
        referral_advance(
            actor=users["tongmu"],
            referral=referral,
            status="hired",
            on=D(2024, 3, 10),
            monthly_income=1_000_001,
        )
    referral_advance(actor=users["employer"], referral=referral, status="hired", on=D(2024, 3, 10))
    spell = Employment.objects.get(worker=worker)
    assert (spell.place_class, spell.source, spell.referral_id) == (
        "partner_province",
        "referral",
        referral.pk,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="employment.employment", object_id=str(spell.pk), actor=users["employer"]
    ).exists()


def test_a_follow_up_that_finds_the_worker_gone_closes_the_spell_and_the_rest(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    first = FollowUp.objects.get(months=1)
    follow_up_answer(actor=users["tongmu"], follow_up=first, still_working=True, on=D(2024, 4, 11))
    third = FollowUp.objects.get(months=3)
    follow_up_answer(actor=users["tongmu"], follow_up=third, still_working=False, on=D(2024, 6, 12))
    spell = Employment.objects.get(worker=worker)
    assert spell.end == D(2024, 6, 12) and not FollowUp.objects.filter(months=6).exists()
    assert Referral.objects.get().status == "left"
    with pytest.raises(PermissionDenied):
        follow_up_answer(actor=users["dianbai"], follow_up=first, still_working=True)


def test_the_task_list_shows_due_check_ups_in_scope(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 10))
    assert [f.months for f in follow_up_list(actor=users["tongmu"], due_by=D(2024, 6, 30))] == [1, 3]
    assert [
        f.months for f in follow_up_list(actor=users["jinxiu"], due_by=D(2024, 6, 30), mine_only=True)
    ] == []
    assert list(follow_up_list(actor=users["dianbai"], due_by=D(2024, 6, 30))) == []


@pytest.mark.parametrize(
    ("start", "end", "as_of", "stable"),
    [
        (D(2024, 1, 1), D(2024, 3, 31), D(2024, 12, 31), True),  # January to March inclusive
        (D(2024, 1, 1), D(2024, 3, 30), D(2024, 12, 31), False),
        (D(2024, 1, 31), None, D(2024, 4, 29), True),
        (D(2024, 1, 31), None, D(2024, 4, 28), False),
        (D(2024, 3, 1), D(2024, 5, 31), D(2024, 12, 31), True),
    ],
)
def test_stable_employment_is_three_months_at_work_computed_not_typed(start, end, as_of, stable):
    assert is_stable(Employment(start=start, end=end), as_of) is stable


def test_months_are_added_like_a_calendar():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2024, 8, 15), 6) == D(2025, 2, 15)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("tongmu", True),
        ("jinxiu", True),
        ("xiezuo", True),
        ("dianbai", True),
        ("employer", True),
        ("maonan", False),
    ],
)
def test_who_sees_a_referral(setting, role, sees):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    assert (referral in referral_list(actor=users[role])) is sees


def test_an_auditor_is_refused_the_list_of_referrals(setting):
    users, _worker, _vacancy = setting
    with pytest.raises(PermissionDenied):
        referral_list(actor=users["auditor"])
