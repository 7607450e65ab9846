"""Every API list answers a page, newest first, with the total and a cursor to the next page: no silent cut."""

import datetime

import pytest

from laborbridge.employers.services import base_recognise, vacancy_set_status
from laborbridge.factories import DIANBAI, TONGMU, make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_of_each(api, users):
    """Three workers of 桐木, three employers of 电白 (each a base), three vacancies, three referrals, all hired."""
    jinxiu, dianbai = users["jinxiu"], users["dianbai"]
    workers = [make_worker(jinxiu, name=name, township=TONGMU) for name in ("盘秀英", "黄志明", "赵金凤")]
    employers = [make_employer(dianbai, name=f"电白第{n}水产厂", region=DIANBAI) for n in (1, 2, 3)]
    for employer in employers:
        base_recognise(
            actor=dianbai, employer=employer, kind="stable_base", recognised_on=datetime.date(2023, 6, 1)
        )
    vacancies = [make_vacancy(dianbai, employers[0], title=f"普工{n}") for n in (1, 2, 3)]
    for vacancy in vacancies:
        vacancy_set_status(actor=dianbai, vacancy=vacancy, status="open")
    for worker, vacancy in zip(workers, vacancies, strict=True):
        api("jinxiu").refer(worker, vacancy, hire=True)


@pytest.mark.parametrize(
    ("url", "username"),
    [
        ("/api/v1/workers", "jinxiu"),
        ("/api/v1/employers", "dianbai"),
        ("/api/v1/vacancies", "dianbai"),
        ("/api/v1/referrals", "jinxiu"),
        ("/api/v1/bases", "dianbai"),
        ("/api/v1/placed", "dianbai"),
    ],
)
def test_a_list_pages_by_cursor_and_counts_them_all(api, three_of_each, url, username):
    client = api(username)

    first = client.get(url, limit=2).json()
    rest = client.get(url, limit=2, before=first["next_before"]).json()

    assert (first["count"], first["count_capped"], len(first["items"])) == (3, False, 2)
    assert (rest["count"], len(rest["items"]), rest["next_before"]) == (3, 1, None)
    ids = [item["id"] for item in first["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 3


def test_a_page_is_at_most_two_hundred_long(api, users):
    response = api("jinxiu").get("/api/v1/workers", limit=201)
    assert response.status_code == 422 and response.json()["errors"]["limit"] == ["不能大于200"]
