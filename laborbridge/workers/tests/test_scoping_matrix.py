"""URL × role × region: every role sees exactly its regions, and pages and API agree."""

import json

import pytest

from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import (
    DIANBAI_TOWNSHIP,
    MAONAN_TOWNSHIP,
    PASSWORD,
    TONGMU,
    TOUPAI,
    XINCHENG_TOWNSHIP,
    make_worker,
)

pytestmark = pytest.mark.django_db

PLACES = {
    "tongmu": TONGMU,
    "toupai": TOUPAI,
    "dianbai": DIANBAI_TOWNSHIP,
    "maonan": MAONAN_TOWNSHIP,
    "xincheng": XINCHENG_TOWNSHIP,
}
SEES = {
    "admin": {"tongmu", "toupai", "dianbai", "maonan", "xincheng"},
    "jinxiu": {"tongmu", "toupai"},
    "tongmu": {"tongmu"},
    "dianbai": {"dianbai"},
    "maonan": {"maonan"},
    "xiezuo": {"tongmu", "toupai", "dianbai", "maonan"},  # across the pairing, read-only
    "auditor": set(),
    "employer": set(),
}
WRITES = {"admin", "jinxiu", "tongmu", "dianbai", "maonan"}
UNMASKS = {"admin", "jinxiu", "dianbai", "maonan"}
PERSONAL = {"admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo"}


@pytest.fixture
def world(users):
    workers = {
        place: make_worker(users["admin"], name=f"测{place}", township=code) for place, code in PLACES.items()
    }
    return users, workers


def expected(role, place, *, needs):
    if place not in SEES[role]:
        return 404
    if needs == "write" and role not in WRITES:
        return 403
    if needs == "unmask" and role not in UNMASKS:
        return 403
    return 200


@pytest.mark.parametrize("role", sorted(SEES))
def test_pages_show_each_role_exactly_its_regions(world, client, role):
    users, workers = world
    client.force_login(users[role])
    listing = client.get("/workers/")
    assert listing.status_code == (200 if role in PERSONAL else 403)
    for place, worker in workers.items():
        if role in PERSONAL:
            assert (worker.name in listing.content.decode()) == (place in SEES[role])
        assert client.get(f"/workers/{worker.pk}/").status_code == expected(role, place, needs="read")
        assert client.get(f"/workers/{worker.pk}/edit/").status_code == expected(role, place, needs="write")
        assert client.post(f"/workers/{worker.pk}/unmask/").status_code == expected(
            role, place, needs="unmask"
        )
        start = client.post(
            f"/employment/workers/{worker.pk}/start/", {"place": TONGMU, "start": "2024-03-01"}
        )
        assert start.status_code == {200: 302}.get(
            expected(role, place, needs="write"), expected(role, place, needs="write")
        )


@pytest.mark.parametrize("role", sorted(SEES))
def test_the_api_agrees_with_the_pages(world, client, role):
    _users, workers = world
    token = api_token_issue(username=role, password=PASSWORD)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listing = client.get("/api/v1/workers?limit=200", **auth)
    assert listing.status_code == (200 if role in PERSONAL else 403)
    if role in PERSONAL:
        seen = {item["id"] for item in listing.json()["items"]}
        assert seen == {workers[place].pk for place in SEES[role]}
    for place, worker in workers.items():
        assert client.get(f"/api/v1/workers/{worker.pk}", **auth).status_code == expected(
            role, place, needs="read"
        )
        unmasked = client.get(f"/api/v1/workers/{worker.pk}?unmask=true", **auth)
        assert unmasked.status_code == expected(role, place, needs="unmask")
        patch = client.patch(
            f"/api/v1/workers/{worker.pk}",
            json.dumps({"notes": "核实"}),
            content_type="application/json",
            **auth,
        )
        assert patch.status_code == expected(role, place, needs="write")


def test_an_id_that_does_not_exist_answers_like_one_out_of_scope(world, client):
    users, workers = world
    client.force_login(users["tongmu"])
    missing = max(w.pk for w in workers.values()) + 1000
    assert client.get(f"/workers/{missing}/").status_code == 404
    assert client.get(f"/workers/{workers['toupai'].pk}/").status_code == 404
