"""The referral form's vacancy picker searches open vacancies by title, employer, 工种, place and pay, within
what the user may see."""

import pytest

from laborbridge.employers.models import Occupation
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.forms import vacancy_picker
from laborbridge.factories import (
    DIANBAI_TOWNSHIP,
    MAONAN,
    XINCHENG,
    make_employer,
    make_uscc,
    make_vacancy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancies(users):
    admin = users["admin"]
    fish = make_employer(users["dianbai"], name="电白水产食品厂", uscc=make_uscc(11))
    shoes = make_employer(users["maonan"], name="茂南鞋业有限公司", uscc=make_uscc(12), region=MAONAN)
    elsewhere = make_employer(admin, name="新城木业", uscc=make_uscc(13), region=XINCHENG)
    made = {
        "fish": make_vacancy(users["dianbai"], fish, title="剥虾工", pay_min=3500, pay_max=4500),
        "guard": make_vacancy(
            users["dianbai"],
            fish,
            title="门卫",
            occupation=Occupation.objects.get(name="保安"),
            pay_min=3000,
            pay_max=3800,
            place=DIANBAI_TOWNSHIP,
        ),
        "shoes": make_vacancy(
            users["maonan"],
            shoes,
            title="制鞋车位",
            occupation=Occupation.objects.get(name="普工/流水线"),
            pay_min=5000,
            pay_max=7000,
        ),
        "wood": make_vacancy(admin, elsewhere, title="剥虾工", pay_min=3500, pay_max=4500),
    }
    for vacancy in made.values():
        vacancy_set_status(actor=admin, vacancy=vacancy, status="open")
    return made


def found(user, q: str) -> set[str]:
    return {v.title for v in vacancy_picker(user, q)["picker"].items}


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("剥虾", {"剥虾工"}),  # title
        ("鞋业", {"制鞋车位"}),  # employer
        ("保安", {"门卫"}),  # 工种
        ("水产品加工", {"剥虾工"}),
        ("茂南", {"制鞋车位"}),  # place: the county
        ("茂名", {"剥虾工", "门卫", "制鞋车位"}),  # place: the city above it
        ("广东", {"剥虾工", "门卫", "制鞋车位"}),  # the province
        ("5000", {"制鞋车位"}),  # pays up to at least 5000 元
        ("4000-4200", {"剥虾工"}),  # a range the pay overlaps
        ("4000元以上", {"剥虾工", "制鞋车位"}),
        ("电白 保安", {"门卫"}),  # every word must match
        ("无此岗位", set()),
    ],
)
def test_the_picker_finds_vacancies_by_each_of_their_facts(users, vacancies, q, titles):
    assert found(users["tongmu"], q) == titles


def test_the_picker_searches_only_what_the_user_may_see(users, vacancies):
    # 新城县's vacancy has the same title; only the administrator sees it.
    assert [v.employer.name for v in vacancy_picker(users["tongmu"], "剥虾")["picker"].items] == [
        "电白水产食品厂"
    ]
    assert len(vacancy_picker(users["admin"], "剥虾")["picker"].items) == 2


def test_the_htmx_search_answers_with_the_matching_options_and_their_count(users, vacancies, client):
    client.force_login(users["tongmu"])
    page = client.get("/employment/vacancy-picker/", {"q": "保安"}).content.decode()
    assert "门卫" in page and "剥虾工" not in page and "共 1 个招聘中岗位" in page
