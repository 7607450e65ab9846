"""URL × role: each role sees and changes exactly the employers and vacancies it should; API and pages agree."""

import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import DIANBAI, JINXIU, MAONAN, PASSWORD, make_employer, make_vacancy

pytestmark = pytest.mark.django_db

SEES = {  # employer place → roles that read it
    "dianbai": {"admin", "jinxiu", "tongmu", "dianbai", "xiezuo", "employer"},
    "jinxiu": {"admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo"},
    "xincheng": {"admin"},
}
WRITES = {"dianbai": {"admin", "dianbai", "employer"}, "jinxiu": {"admin", "jinxiu"}, "xincheng": {"admin"}}
ROLES = ["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo", "auditor", "employer"]


@pytest.fixture
def world(users):
    employers = {
        "dianbai": make_employer(
            users["admin"], name="电白水产厂", region=DIANBAI, contact_phone="13900001111"
        ),
        "jinxiu": make_employer(users["admin"], name="金秀帮扶车间", region=JINXIU),
        "xincheng": make_employer(users["admin"], name="忻城建材厂", region="451321"),
    }
    employers["dianbai"].members.add(users["employer"])
    vacancies = {place: make_vacancy(users["admin"], e, place=e.region_id) for place, e in employers.items()}
    return users, employers, vacancies


def expected(role, place, *, write=False):
    if role not in SEES[place]:
        return 404
    if write and role not in WRITES[place]:
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_pages_follow_the_scope(world, client, role):
    users, employers, vacancies = world
    client.force_login(users[role])
    listing = client.get("/employers/").content.decode()
    for place, employer in employers.items():
        assert (employer.name in listing) == (role in SEES[place]), (role, place)
        assert client.get(f"/employers/{employer.pk}/").status_code == expected(role, place)
        assert client.get(f"/employers/{employer.pk}/edit/").status_code == expected(role, place, write=True)
        assert client.get(f"/employers/vacancies/{vacancies[place].pk}/").status_code == expected(role, place)
        status = client.post(
            f"/employers/vacancies/{vacancies[place].pk}/status/", {"status": "open"}
        ).status_code
        assert status == {200: 302}.get(expected(role, place, write=True), expected(role, place, write=True))


@pytest.mark.parametrize("role", ROLES)
def test_the_api_agrees(world, client, role):
    _users, employers, vacancies = world
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=role, password=PASSWORD)}
    if role == "auditor":  # no employers at all: the lists are refused, not empty
        assert client.get("/api/v1/employers", **auth).status_code == 403
        assert client.get("/api/v1/vacancies", **auth).status_code == 403
    else:
        seen = {item["id"] for item in client.get("/api/v1/employers", **auth).json()["items"]}
        assert seen == {employers[p].pk for p in SEES if role in SEES[p]}
        seen = {item["id"] for item in client.get("/api/v1/vacancies", **auth).json()["items"]}
        assert seen == {vacancies[p].pk for p in SEES if role in SEES[p]}
    for place, employer in employers.items():
        assert client.get(f"/api/v1/employers/{employer.pk}", **auth).status_code == expected(role, place)
        patch = client.patch(
            f"/api/v1/vacancies/{vacancies[place].pk}",
            json.dumps({"headcount": 5}),
            content_type="application/json",
            **auth,
        )
        assert patch.status_code == expected(role, place, write=True)


def test_the_contact_phone_is_masked_except_for_those_who_may_see_it(world, client):
    users, employers, _vacancies = world
    dianbai = employers["dianbai"]
    client.force_login(users["tongmu"])
    page = client.get(f"/employers/{dianbai.pk}/").content.decode()
    assert "139****1111" in page and "13900001111" not in page and "查看完整号码" not in page
    client.force_login(users["employer"])  # the employer's own user
    assert "13900001111" in client.post(f"/employers/{dianbai.pk}/unmask/").content.decode()


def test_a_county_creates_an_employer_and_a_vacancy_through_the_pages(users, client):
    client.force_login(users["maonan"])
    response = client.post(
        "/employers/new/",
        {"name": "茂南服装厂", "kind": "private", "region": MAONAN, "uscc": "91440900MA4X0000"},
    )
    assert response.status_code == 422 and "统一社会信用代码" in response.content.decode()
    response = client.post("/employers/new/", {"name": "茂南服装厂", "kind": "private", "region": MAONAN})
    assert response.status_code == 302
    employer_url = response.url
    from laborbridge.employers.models import Occupation

    sewing = Occupation.objects.get(name="服装缝纫")
    response = client.post(
        f"{employer_url}vacancies/new/",
        {
            "title": "缝纫工",
            "occupation": sewing.pk,
            "headcount": "30",
            "pay_min": "4500",
            "pay_max": "4000",
            "place": MAONAN,
        },
    )
    assert response.status_code == 422 and "不能低于下限" in response.content.decode()
    response = client.post(
        f"{employer_url}vacancies/new/",
        {
            "title": "缝纫工",
            "occupation": sewing.pk,
            "headcount": "30",
            "pay_min": "4000",
            "pay_max": "6500",
            "place": MAONAN,
            "lodging": "on",
        },
    )
    assert response.status_code == 302
    client.post(response.url + "status/", {"status": "open"})
    page = client.get(response.url).content.decode()
    assert "招聘中" in page and "包住" in page


def test_the_employer_form_takes_a_landline_and_explains_a_wrong_one(users, client):
    client.force_login(users["maonan"])
    base = {"name": "茂南服装厂", "kind": "private", "region": MAONAN}
    response = client.post("/employers/new/", {**base, "contact_phone": "0668-123"})
    assert response.status_code == 422
    assert "联系电话应为11位手机号，或带区号的固定电话" in response.content.decode()
    response = client.post("/employers/new/", {**base, "contact_phone": "0668 5123456"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "0668-****456" in page and "5123456" not in page
