import datetime

import pytest
from django.core.exceptions import PermissionDenied

from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.selectors import placed_list
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.factories import make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(users):
    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000001")
    referral = referral_create(
        actor=users["tongmu"], worker=worker, vacancy=vacancy, on=datetime.date(2024, 3, 1)
    )
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=datetime.date(2024, 3, 10))
    return worker, referral


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("dianbai", True),
        ("employer", True),
        ("xiezuo", False),
        ("maonan", False),
    ],
)
def test_the_eastern_district_and_the_employer_see_who_came_to_work_there(users, placed, role, sees):
    # (the cooperation office sees 金秀's workers in the registry itself, so not again here)
    worker, _referral = placed
    assert (worker.pk in {s.worker_id for s in placed_list(actor=users[role])}) is sees


@pytest.mark.parametrize("role", ["tongmu", "auditor", "admin"])
def test_roles_without_a_territory_of_their_own_are_refused_the_list(users, client, placed, role):
    with pytest.raises(PermissionDenied):
        placed_list(actor=users[role])
    client.force_login(users[role])
    assert client.get("/employment/placed/").status_code == 403


def test_they_see_the_worker_masked(users, client, placed):
    worker, _referral = placed
    client.force_login(users["dianbai"])
    page = client.get("/employment/placed/").content.decode()
    assert "黄秀英" in page and worker.id_number_masked in page
    assert worker.id_number not in page and "13800000001" not in page
    assert client.get(f"/workers/{worker.pk}/").status_code == 404  # the registry record stays 金秀's


def test_the_employer_desk_offers_to_confirm_arrival(users, client, placed):
    client.force_login(users["employer"])
    page = client.get("/").content.decode()
    assert "待办" in page and "黄秀英" in page and 'value="arrived" required> 已到岗' in page


def test_the_api_lists_placed_workers_masked_and_the_bases(users, client, placed):
    from laborbridge.accounts.services import api_token_issue
    from laborbridge.factories import PASSWORD

    worker, _referral = placed
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username="dianbai", password=PASSWORD)}
    rows = client.get("/api/v1/placed", **auth).json()["items"]
    assert [(r["worker_name"], r["worker_id_number"]) for r in rows] == [("黄秀英", worker.id_number_masked)]
    assert client.get("/api/v1/bases?year=2024", **auth).status_code == 200
