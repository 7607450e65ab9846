import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.employers.models import Vacancy
from laborbridge.employers.services import vacancy_create, vacancy_set_status, vacancy_update
from laborbridge.factories import make_employer, make_vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(users):
    return make_employer(users["dianbai"])


def errors_of(fn, **kwargs):
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    return info.value.message_dict


def test_a_vacancy_starts_as_a_draft_and_is_published_with_a_date(users, employer):
    vacancy = make_vacancy(users["dianbai"], employer, lodging=True, meals="是")
    assert vacancy.status == "draft" and vacancy.lodging and vacancy.meals and vacancy.posted_on is None
    vacancy_set_status(
        actor=users["dianbai"], vacancy=vacancy, status="open", today=datetime.date(2024, 3, 1)
    )
    assert vacancy.status == "open" and vacancy.posted_on == datetime.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"pay_min": 6000, "pay_max": 4000}, "pay_max", "不能低于下限"),
        ({"pay_min": -1}, "pay_min", "正整数"),
        ({"headcount": 0}, "headcount", "至少1"),
        ({"age_min": 40, "age_max": 30}, "age_max", "不能低于下限"),
        ({"age_min": 12}, "age_min", "16到70"),
        ({"posted_on": "2024-05-01", "closes_on": "2024-04-01"}, "closes_on", "不能早于发布日期"),
        ({"place": "44"}, "place", "工作地点"),
        ({"title": ""}, "title", "岗位名称"),
        ({"occupation": 99999}, "occupation", "工种"),
    ],
)
def test_each_rule_of_a_vacancy_has_a_chinese_message(users, employer, fields, field, fragment):
    errors = errors_of(make_vacancy, actor=users["dianbai"], employer=employer, **fields)
    assert fragment in " ".join(errors[field])
    assert not Vacancy.objects.exists()


def test_a_change_is_checked_against_the_rest_of_the_vacancy(users, employer):
    vacancy = make_vacancy(users["dianbai"], employer, pay_min=4000, pay_max=5000)
    errors = errors_of(vacancy_update, actor=users["dianbai"], vacancy=vacancy, pay_min=5500)
    assert "pay_max" in errors
    vacancy.refresh_from_db()
    assert vacancy.pay_min == 4000


def test_a_vacancy_has_no_field_for_sex_or_ethnicity(users, employer):
    names = {f.name for f in Vacancy._meta.get_fields()}
    assert not names & {"sex", "gender", "ethnicity", "nation"}
    errors = errors_of(vacancy_create, actor=users["dianbai"], employer=employer, title="x", sex="M")
    assert "sex" in errors


@pytest.mark.parametrize(
    ("road", "allowed"),
    [(["open", "filled", "open", "closed", "open"], True), (["filled"], False), (["open", "draft"], False)],
)
def test_the_status_travels_only_along_the_road(users, employer, road, allowed):
    vacancy = make_vacancy(users["dianbai"], employer)
    if allowed:
        for status in road:
            vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status=status)
        assert vacancy.status == road[-1]
        return
    with pytest.raises(ValidationError, match="不能从"):
        for status in road:
            vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status=status)


def test_a_vacancy_past_its_closing_date_cannot_be_published(users, employer):
    vacancy = make_vacancy(users["dianbai"], employer, closes_on="2024-01-31")
    with pytest.raises(ValidationError, match="截止日期已过"):
        vacancy_set_status(
            actor=users["dianbai"], vacancy=vacancy, status="open", today=datetime.date(2024, 3, 1)
        )


def test_only_those_who_may_write_the_employer_post_its_vacancies(users, employer):
    employer.members.add(users["employer"])
    make_vacancy(users["employer"], employer)
    for role in ("jinxiu", "maonan", "tongmu", "xiezuo"):
        with pytest.raises(PermissionDenied):
            make_vacancy(users[role], employer)
