import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_a_wrong_check_digit_is_shown_next_to_the_field_and_nothing_is_saved(users, client):
    client.force_login(users["tongmu"])
    good = make_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(
        "/workers/new/", {"name": "赵明", "id_number": bad, "township": TONGMU, "poverty_status": "ordinary"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_id_number-error"' in page and "校验位错误" in page
    assert not Worker.objects.exists()
    response = client.post(
        "/workers/new/", {"name": "赵明", "id_number": good, "township": TONGMU, "poverty_status": "ordinary"}
    )
    worker = Worker.objects.get()
    assert response.status_code == 302 and response.url == f"/workers/{worker.pk}/"


def test_the_detail_page_masks_the_id_and_phone(users, client):
    worker = make_worker(users["tongmu"], phone="13812345678")
    client.force_login(users["jinxiu"])
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert worker.id_number_masked in page and "138****5678" in page
    assert worker.id_number not in page and "13812345678" not in page


def test_unmasking_shows_the_full_values_and_is_audited(users, client):
    worker = make_worker(users["tongmu"], phone="13812345678")
    client.force_login(users["jinxiu"])
    response = client.post(f"/workers/{worker.pk}/unmask/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert worker.id_number in page and "13812345678" in page
    assert "<html" not in page  # an htmx fragment
    event = AuditEvent.objects.get(action="unmask")
    assert event.actor == users["jinxiu"] and event.object_id == str(worker.pk) and event.success


def test_a_refused_unmask_is_audited_as_a_failure(users, client):
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    assert client.post(f"/workers/{worker.pk}/unmask/").status_code == 403
    assert AuditEvent.objects.get(action="unmask").success is False


def test_township_staff_see_no_unmask_button(users, client):
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    assert "查看完整号码" not in client.get(f"/workers/{worker.pk}/").content.decode()


def test_the_list_filters_and_pages_with_a_cursor(users, client):
    for index in range(55):
        make_worker(
            users["tongmu"],
            name=f"盘{'甲乙丙丁戊己庚辛壬癸'[index % 10]}",
            poverty_status="alleviated" if index % 2 else "ordinary",
        )
    client.force_login(users["tongmu"])
    first = client.get("/workers/")
    assert "共 55 人" in first.content.decode()
    assert first.context["page"].next_before is not None
    second = client.get(f"/workers/?before={first.context['page'].next_before}")
    assert len(second.context["page"].items) == 5
    back = client.get(f"/workers/?after={second.context['page'].prev_after}")
    assert [w.pk for w in back.context["page"].items] == [w.pk for w in first.context["page"].items]
    filtered = client.get("/workers/?poverty_status=alleviated")
    assert "共 27 人" in filtered.content.decode()


def test_a_bad_filter_value_is_left_out_and_shown_and_the_others_still_apply(users, client):
    make_worker(users["tongmu"], name="盘甲", poverty_status="alleviated")
    make_worker(users["tongmu"], name="盘乙")
    client.force_login(users["tongmu"])
    response = client.get("/workers/?age_min=abc&before=xyz&poverty_status=alleviated")
    assert response.status_code == 200
    assert [w.name for w in response.context["page"].items] == ["盘甲"]
    assert "输入整数" in response.content.decode()  # the wrong value is shown beside its field


def test_editing_keeps_the_id_when_left_blank(users, client):
    worker = make_worker(users["tongmu"], phone="13812345678")
    client.force_login(users["tongmu"])
    response = client.post(
        f"/workers/{worker.pk}/edit/",
        {"name": "盘秀英", "township": TONGMU, "poverty_status": "monitored", "id_number": "", "phone": ""},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.poverty_status == "monitored" and worker.phone == "13812345678"


def test_the_village_list_follows_the_township(users, client):
    client.force_login(users["tongmu"])
    page = client.get(f"/workers/villages/?township={TONGMU}").content.decode()
    assert "高仁村委会" in page


def test_a_masked_record_shows_the_age_not_the_birth_date_so_the_number_cannot_be_rebuilt(client, users):
    worker = make_worker(users["tongmu"], name="黄秀梅")
    client.force_login(users["tongmu"])  # township staff: always masked
    for url in ("/workers/", f"/workers/{worker.pk}/"):
        page = client.get(url).content.decode()
        assert worker.id_number_masked in page
        assert worker.id_number[6:14] not in page  # the birth date's digits
        assert f"{worker.birth_date:%Y-%m-%d}" not in page and str(worker.age) in page
    assert worker.id_number_masked == worker.id_number[:6] + "*" * 10 + worker.id_number[-2:]
