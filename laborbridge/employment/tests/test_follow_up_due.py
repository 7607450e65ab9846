"""Follow-ups show which are overdue (and by how long) and which fall due this week; the menu carries both
counts for the staff who answer them."""

import datetime

import pytest
from django.utils import timezone

from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.calendar import months_between
from laborbridge.employment.models import FollowUp
from laborbridge.employment.selectors import follow_up_counts
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.employment.templatetags.employment_tags import due_state
from laborbridge.factories import XINCHENG_TOWNSHIP, make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def hire(actor, vacancy, name, township=None) -> list[FollowUp]:
    worker = make_worker(actor, name=name, **({"township": township} if township else {}))
    referral = referral_create(actor=actor, worker=worker, vacancy=vacancy, on=D(2024, 1, 2))
    referral_advance(actor=actor, referral=referral, status="hired", on=D(2024, 1, 2))
    return list(FollowUp.objects.filter(employment__worker=worker).order_by("months"))


@pytest.fixture
def tasks(users):
    """Tongmu's check-ups: two overdue (two years and five days), two due this week, two later; and one of
    新城县, out of everybody's scope but the administrator's."""
    today = timezone.localdate()
    vacancy = make_vacancy(users["dianbai"], make_employer(users["dianbai"]))
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    first, second = hire(users["tongmu"], vacancy, "黄秀英"), hire(users["tongmu"], vacancy, "盘志华")
    dues = [today - datetime.timedelta(days=730), today - 5 * DAY, today, today + 6 * DAY, today + 7 * DAY]
    for task, due in zip([*first, *second], [*dues, today + 60 * DAY], strict=True):
        FollowUp.objects.filter(pk=task.pk).update(due_on=due)
    for task in hire(users["admin"], vacancy, "韦小红", township=XINCHENG_TOWNSHIP):
        FollowUp.objects.filter(pk=task.pk).update(due_on=today - DAY)
    return today


def test_the_counts_are_overdue_and_due_within_seven_days_in_scope(users, tasks):
    assert follow_up_counts(actor=users["tongmu"], today=tasks) == {"overdue": 2, "week": 2}
    assert follow_up_counts(actor=users["admin"], today=tasks, mine_only=False) == {"overdue": 5, "week": 2}
    assert follow_up_counts(actor=users["admin"], today=tasks) == {"overdue": 3, "week": 0}  # its own


@pytest.fixture
def colleagues(users, tasks):
    """Besides tongmu's own: a check-up the county bureau holds (a trainee's, say) and one nobody holds."""
    vacancy = make_vacancy(users["dianbai"], make_employer(users["dianbai"], name="另一厂"))
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    bureau, nobody = hire(users["jinxiu"], vacancy, "韦县局"), hire(users["tongmu"], vacancy, "蓝无人")
    FollowUp.objects.filter(pk__in=[t.pk for t in bureau]).update(due_on=tasks - 900 * DAY)
    FollowUp.objects.filter(pk__in=[t.pk for t in nobody]).update(due_on=tasks - 3 * DAY, assignee=None)
    return tasks


def test_the_list_opens_on_my_own_and_unassigned_check_ups_not_a_colleagues(users, colleagues, client):
    client.force_login(users["tongmu"])
    page = client.get("/employment/follow-ups/").content.decode()
    assert "黄秀英" in page and "蓝无人" in page and "韦县局" not in page
    assert "已逾期 5" in page  # two own and three unassigned
    assert 'data-testid="follow-ups-all"' in page and "全部（辖区内，逾期 8）" in page


def test_the_switch_to_all_shows_every_check_up_in_scope(users, colleagues, client):
    client.force_login(users["tongmu"])
    page = client.get("/employment/follow-ups/", {"all": "1"}).content.decode()
    assert "黄秀英" in page and "蓝无人" in page and "韦县局" in page and "已逾期 8" in page
    overdue = client.get("/employment/follow-ups/", {"all": "1", "when": "overdue"}).content.decode()
    assert "韦县局" in overdue and 'href="?when=week&amp;all=1"' in overdue
    assert 'data-testid="follow-ups-mine"' in page and "我的回访（逾期 5）" in page


def test_the_menu_counts_the_same_set_the_list_opens_on(users, colleagues, client):
    client.force_login(users["tongmu"])
    menu = client.get("/").content.decode().split('data-testid="menu-follow-ups"')[1].split("</a>")[0]
    assert "逾期5" in menu and "本周2" in menu


def test_the_page_says_how_long_each_check_up_is_overdue(users, tasks, client):
    client.force_login(users["tongmu"])
    page = client.get("/employment/follow-ups/").content.decode()
    assert "已逾期 2" in page and "7天内到期 2" in page
    assert "逾期2年（730天）" in page or "逾期1年11个月（730天）" in page
    assert "逾期5天" in page and "今天到期" in page and "6天后到期" in page and "7天后到期" not in page


def test_the_page_filters_overdue_and_this_week(users, tasks, client):
    client.force_login(users["tongmu"])
    overdue = client.get("/employment/follow-ups/", {"when": "overdue"}).content.decode()
    assert "逾期5天" in overdue and "今天到期" not in overdue
    week = client.get("/employment/follow-ups/", {"when": "week"}).content.decode()
    assert "今天到期" in week and "6天后到期" in week and "逾期5天" not in week


def test_the_menu_carries_the_counts_for_those_who_answer_follow_ups(users, tasks, client):
    client.force_login(users["tongmu"])
    page = client.get("/").content.decode()
    menu = page.split('data-testid="menu-follow-ups"')[1].split("</a>")[0]
    assert "逾期2" in menu and "本周2" in menu


def test_the_menu_counts_nothing_for_a_role_without_follow_ups(users, tasks, client):
    client.force_login(users["auditor"])
    page = client.get("/").content.decode()
    assert "menu-follow-ups" not in page


def test_the_counts_cost_one_query(users, tasks, django_assert_num_queries):
    with django_assert_num_queries(1):
        follow_up_counts(actor=users["tongmu"], today=tasks)


@pytest.mark.parametrize(
    ("due", "today", "text"),
    [
        (D(2026, 11, 27), D(2026, 11, 27), "今天到期"),
        (D(2026, 11, 30), D(2026, 11, 27), "3天后到期"),
        (D(2026, 11, 22), D(2026, 11, 27), "逾期5天"),
        (D(2026, 9, 27), D(2026, 11, 27), "逾期2个月（61天）"),
        (D(2024, 8, 27), D(2026, 11, 27), "逾期2年3个月（822天）"),
        (D(2025, 11, 27), D(2026, 11, 27), "逾期1年（365天）"),
    ],
)
def test_the_due_state_reads_in_days_months_and_years(due, today, text):
    assert due_state(due, today) == text


def test_months_between_counts_whole_calendar_months():
    assert months_between(D(2024, 1, 31), D(2024, 2, 29)) == 1
    assert months_between(D(2024, 1, 31), D(2024, 2, 28)) == 0
    assert months_between(D(2024, 3, 10), D(2026, 3, 9)) == 23
