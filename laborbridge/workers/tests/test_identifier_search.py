"""Searching by an identifier: the number never reaches a URL, each search is audited, and a user who tries
number after number is stopped."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core.models import AuditEvent
from laborbridge.factories import make_worker
from laborbridge.workers.search import identifier_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(users):
    return make_worker(users["tongmu"], name="黄秀梅", phone="13712347000")


def test_an_identifier_search_is_posted_and_the_url_carries_only_a_key(client, users, worker):
    client.force_login(users["tongmu"])
    response = client.post("/workers/", {"q": worker.id_number, "poverty_status": ""})
    assert response.status_code == 302
    assert worker.id_number not in response["Location"] and "qt=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "共 1 人" in page and "黄秀梅" in page


def test_a_phone_typed_into_the_address_bar_is_taken_out_of_it(client, users, worker):
    client.force_login(users["tongmu"])
    response = client.get("/workers/?q=13712347000")
    assert response.status_code == 302 and "13712347000" not in response["Location"]
    assert "黄秀梅" in client.get(response["Location"]).content.decode()


def test_a_name_search_stays_in_the_url_and_is_not_counted(client, users, worker):
    client.force_login(users["tongmu"])
    response = client.post("/workers/", {"q": "黄秀梅"})
    assert "q=%E9%BB%84" in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).exists()


def test_each_identifier_search_is_audited_without_the_identifier(client, users, worker):
    client.force_login(users["tongmu"])
    client.post("/workers/", {"q": "13712347000"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.details == {"kind": "phone"} and event.success and event.actor == users["tongmu"]
    assert "13712347000" not in str(event.__dict__)


def test_trying_number_after_number_is_stopped(client, users, worker, settings):
    settings.IDENTIFIER_SEARCHES = 5
    client.force_login(users["tongmu"])
    answers = [client.post("/workers/", {"q": f"137{n:04d}7000"}).status_code for n in range(7)]
    assert answers == [302] * 5 + [403] * 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH, success=False).count() == 2


def test_the_export_of_an_identifier_search_finds_the_same_person(
    client, users, worker, django_capture_on_commit_callbacks
):
    from laborbridge.ledger.tests.exports import export

    client.force_login(users["tongmu"])
    location = client.post("/workers/", {"q": worker.id_number})["Location"]
    download = export(client, django_capture_on_commit_callbacks, "?" + location.split("?", 1)[1])
    assert download.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, details__rows=1).exists()


@given(st.text(alphabet="0123456789", min_size=4, max_size=18))
def test_every_run_of_four_or_more_digits_counts_as_an_identifier(digits):
    assert identifier_kind(digits) in ("id", "id_tail", "phone")


@given(st.text(alphabet="黄秀梅蓝韦abcxyz ", min_size=1, max_size=12))
def test_names_and_pinyin_are_not_identifiers(text):
    assert identifier_kind(text) == ""
