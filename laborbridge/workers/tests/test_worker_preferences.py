"""A worker's job preferences (求职意愿): written through the registry's services, from the page and the API."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Occupation
from laborbridge.factories import PASSWORD, TONGMU, make_id, make_worker
from laborbridge.workers.models import Worker, WorkerPreference
from laborbridge.workers.preferences import preference_state
from laborbridge.workers.services import worker_register, worker_update

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 1)


def test_a_worker_registered_with_preferences_keeps_them_and_the_creation_event_names_them(users):
    worker = worker_register(
        actor=users["tongmu"], name="盘秀英", id_number=make_id(), township=TONGMU,
        wanted_occupations=["中式烹调(粤菜)"], wanted_place_classes=["协作省份"], wanted_regions=["4409"],
        wanted_pay="5000", needs_lodging="是", available_from="2024-07-01", today=TODAY,
    )  # fmt: skip
    assert preference_state(worker) == {
        "wanted_occupations": ["中式烹调(粤菜)"],
        "wanted_place_classes": ["partner_province"],
        "wanted_regions": ["4409"],
        "wanted_pay": 5000,
        "needs_lodging": True,
        "available_from": datetime.date(2024, 7, 1),
    }
    event = AuditEvent.objects.filter(action="create", object_type="workers.worker").latest("id")
    assert event.details["changes"]["wanted_pay"] == ["—", "5000"]


def test_a_worker_registered_without_preferences_has_no_preference_record(users):
    worker = make_worker(users["tongmu"])
    assert not WorkerPreference.objects.filter(worker=worker).exists()
    assert worker.preference_or_none is None


def test_changing_preferences_records_old_and_new_values(users):
    worker = make_worker(users["tongmu"], wanted_pay=4000)
    worker_update(
        actor=users["tongmu"],
        worker=worker,
        wanted_pay=4500,
        wanted_occupations=["保安", "保洁"],
        today=TODAY,
    )
    event = AuditEvent.objects.filter(action="update", object_type="workers.worker").latest("id")
    assert event.details["changes"]["wanted_pay"] == ["4000", "4500"]
    assert event.details["changes"]["wanted_occupations"] == ["—", "保安、保洁"]
    assert set(event.details["fields"]) == {"wanted_pay", "wanted_occupations"}


def test_saving_the_same_preferences_again_records_nothing(users):
    worker = make_worker(users["tongmu"], wanted_pay=4000)
    before = AuditEvent.objects.count()
    worker_update(actor=users["tongmu"], worker=worker, wanted_pay="4000", today=TODAY)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wanted_occupations", ["厨子"], "工种“厨子”不在工种列表中"),
        ("wanted_place_classes", ["海外"], "务工地域“海外”应为县内、区内县外、协作省份或其他省份"),
        ("wanted_regions", ["451324101"], "地区代码“451324101”不是省、市或县（区）"),
        ("wanted_pay", "五千", "期望月薪应为整数（元）"),
        ("wanted_pay", "500000", "期望月薪应在0至100000元之间"),
        ("needs_lodging", "也许", "请填写是或否"),
        ("available_from", "2024/07/01", "日期格式应为YYYY-MM-DD"),
    ],
)
def test_a_wrong_preference_is_refused_with_its_field_named_and_nothing_saved(users, field, value, message):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError) as caught:
        worker_update(actor=users["tongmu"], worker=worker, notes="改", **{field: value}, today=TODAY)
    assert caught.value.message_dict == {field: [message]}
    worker.refresh_from_db()
    assert worker.notes == ""
    assert not WorkerPreference.objects.filter(worker=worker).exists()


def test_the_edit_page_saves_preferences(users, client):
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    cook = Occupation.objects.get(name="中式烹调(粤菜)")
    response = client.post(
        f"/workers/{worker.pk}/edit/",
        {
            "name": worker.name, "township": TONGMU, "poverty_status": "ordinary",
            "wanted_occupations": [cook.pk], "wanted_place_classes": ["in_county"], "wanted_pay": "3500",
            "needs_lodging": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    state = preference_state(Worker.objects.get(pk=worker.pk))
    assert state["wanted_occupations"] == ["中式烹调(粤菜)"]
    assert state["wanted_place_classes"] == ["in_county"]
    assert state["needs_lodging"] is True
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert "月薪不低于3500元" in page
    assert "中式烹调(粤菜)" in page


def test_the_api_sets_and_shows_preferences(users, client):
    worker = make_worker(users["tongmu"])
    token = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "tongmu", "password": PASSWORD}),
        content_type="application/json",
    ).json()["token"]
    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        json.dumps({"wanted_occupations": ["保安"], "wanted_pay": 4200, "needs_lodging": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["preferences"]["wanted_occupations"] == ["保安"]
    assert response.json()["preferences"]["wanted_pay"] == 4200
    wrong = client.patch(
        f"/api/v1/workers/{worker.pk}",
        json.dumps({"wanted_place_classes": ["moon"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert wrong.status_code == 422
    assert "wanted_place_classes" in wrong.json()["errors"]
