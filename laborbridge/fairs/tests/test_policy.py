import pytest

from laborbridge.accounts import policy
from laborbridge.employers.services import vacancy_set_status
from laborbridge.factories import XINCHENG, make_employer, make_uscc, make_vacancy, make_worker
from laborbridge.fairs.selectors import fair_queryset
from laborbridge.fairs.services import fair_check_in, fair_set_status, participation_add, position_add
from laborbridge.fairs.tests.conftest import plan_fair

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(users, fair_world):
    worker = make_worker(users["tongmu"])
    fair_check_in(actor=users["tongmu"], fair=fair_world["fair"], worker=worker)
    return worker


def test_the_eastern_bureaus_and_the_employer_may_record_intents_for_visitors(users, fair_world, visitor):
    fair, vacancy = fair_world["fair"], fair_world["vacancy"]
    allowed = {role: policy.may_record_fair_intent(users[role], fair, visitor, vacancy) for role in users}
    assert allowed == {"admin": True, "jinxiu": True, "tongmu": True, "dianbai": True, "maonan": True,
                       "xiezuo": False, "auditor": False, "employer": True}  # fmt: skip


def test_an_employer_may_not_record_an_intent_on_another_employers_vacancy(users, fair_world, visitor):
    fair = fair_world["fair"]
    other = make_employer(users["dianbai"], name="电白食品", uscc=make_uscc(9))
    vacancy = make_vacancy(users["dianbai"], other)
    vacancy_set_status(actor=users["admin"], vacancy=vacancy, status="open")
    participation = participation_add(actor=users["jinxiu"], fair=fair, employer=other)
    position_add(actor=users["jinxiu"], participation=participation, vacancy=vacancy, headcount=3)
    assert not policy.may_record_fair_intent(users["employer"], fair, visitor, vacancy)
    assert policy.may_record_fair_intent(users["dianbai"], fair, visitor, vacancy)


def test_nobody_records_an_intent_once_the_fair_is_closed(users, fair_world, visitor):
    fair = fair_set_status(actor=users["jinxiu"], fair=fair_world["fair"], status="closed")
    assert not any(
        policy.may_record_fair_intent(users[role], fair, visitor, fair_world["vacancy"]) for role in users
    )


def test_a_fair_of_a_county_paired_with_nobody_is_reached_by_the_administrator_alone(users):
    fair = plan_fair(users["admin"], organisers=[XINCHENG], township="451321100")
    reached = {role for role in users if fair_queryset(actor=users[role]).filter(pk=fair.pk).exists()}
    assert reached == {"admin"}


def test_an_employer_sees_only_the_fairs_it_takes_part_in(users, fair_world):
    other = plan_fair(users["jinxiu"], title="另一场")
    seen = set(fair_queryset(actor=users["employer"]).values_list("pk", flat=True))
    assert seen == {fair_world["fair"].pk} and other.pk not in seen
