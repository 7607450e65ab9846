import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from python_calamine import CalamineWorkbook

from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.fairs.models import FairIntent, FairVisit
from laborbridge.fairs.services import fair_check_in, fair_preregister
from laborbridge.fairs.tokens import badge_token, ticket_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_the_door_checks_in_by_phone_and_a_second_time_counts_once(client_for, users, fair_world):
    fair = fair_world["fair"]
    make_worker(users["tongmu"], name="黄秀英", phone="13800138000")
    client = client_for(users["tongmu"])
    url = reverse("fairs:check_in", args=[fair.pk])
    first = client.post(url, {"code": "138 0013 8000"})
    again = client.post(url, {"code": "13800138000"})
    assert "签到成功" in first.content.decode() and "已签到过" in again.content.decode()
    assert FairVisit.objects.filter(fair=fair).count() == 1
    assert "<svg" in first.content.decode()  # the visitor's badge to show at the booths


def test_the_door_registers_a_walk_in_by_id_number(client_for, users, fair_world):
    fair = fair_world["fair"]
    client = client_for(users["tongmu"])
    url = reverse("fairs:check_in", args=[fair.pk])
    number = make_id()
    asked = client.post(url, {"code": number})
    assert "现场登记" in asked.content.decode()
    done = client.post(url, {"id_number": number, "name": "蓝秀梅", "township": TONGMU, "phone": ""})
    assert "签到成功" in done.content.decode()
    assert FairVisit.objects.get(fair=fair).walk_in


def test_a_walk_in_with_a_bad_id_sees_the_registrys_message_on_the_form(client_for, users, fair_world):
    client = client_for(users["tongmu"])
    url = reverse("fairs:check_in", args=[fair_world["fair"].pk])
    page = client.post(url, {"id_number": "451324199005170000", "name": "蓝秀梅", "township": TONGMU})
    assert "校验位" in page.content.decode() and not FairVisit.objects.exists()


def test_the_door_checks_in_a_preregistration_by_its_ticket(client_for, users, fair_world):
    fair = fair_world["fair"]
    prereg = fair_preregister(fair=fair, name="蓝秀梅", phone="13900139000", township=TONGMU)
    client = client_for(users["tongmu"])
    url = reverse("fairs:check_in", args=[fair.pk])
    asked = client.post(url, {"code": ticket_token(prereg)})
    assert "蓝秀梅" in asked.content.decode()
    client.post(url, {"id_number": make_id(), "name": "蓝秀梅", "township": TONGMU, "phone": "13900139000",
                      "ticket": ticket_token(prereg)})  # fmt: skip
    assert FairVisit.objects.get(fair=fair).preregistration == prereg


def test_the_employer_records_an_intent_at_its_booth_by_the_visitors_badge(client_for, users, fair_world):
    fair = fair_world["fair"]
    worker = make_worker(users["tongmu"])
    fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    client = client_for(users["employer"])
    response = client.post(
        reverse("fairs:booth", args=[fair.pk]),
        {"code": badge_token(worker), "vacancy": fair_world["vacancy"].pk},
    )
    assert response.status_code == 302
    assert FairIntent.objects.get().referral.worker == worker


def test_the_booth_refuses_someone_who_did_not_check_in(client_for, users, fair_world):
    worker = make_worker(users["tongmu"])
    client = client_for(users["employer"])
    page = client.post(
        reverse("fairs:booth", args=[fair_world["fair"].pk]),
        {"code": badge_token(worker), "vacancy": fair_world["vacancy"].pk},
    )
    assert "未在本次招聘会签到" in page.content.decode() and not FairIntent.objects.exists()


def test_the_public_page_shows_positions_and_no_contact_phone(client, users, fair_world):
    employer = fair_world["employer"]
    employer.contact_phone = "13700137000"
    employer.save()
    page = client.get(reverse("fairs:public", args=[fair_world["fair"].slug])).content.decode()
    assert "电白水产" in page and "水产品加工普工" in page and "30" in page
    assert "13700137000" not in page and "137****7000" not in page


def test_the_poster_draws_its_qr_without_inline_script(client, fair_world):
    page = client.get(reverse("fairs:poster", args=[fair_world["fair"].slug])).content.decode()
    assert "<svg" in page and "<script>" not in page and "onclick" not in page
    svg = client.get(reverse("fairs:poster_qr", args=[fair_world["fair"].slug]))
    assert svg["Content-Type"] == "image/svg+xml"


def test_a_phone_preregisters_and_gets_a_ticket(client, fair_world):
    fair = fair_world["fair"]
    response = client.post(
        reverse("fairs:preregister", args=[fair.slug]),
        {"name": "蓝秀梅", "phone": "13900139000", "township": TONGMU, "looking_for": "普工"},
    )
    assert response.status_code == 302
    ticket = client.get(response["Location"]).content.decode()
    assert "报名成功" in ticket and "<svg" in ticket and "蓝秀梅" not in ticket


def test_preregistering_a_known_phone_answers_the_same(client, fair_world):
    fair = fair_world["fair"]
    url = reverse("fairs:preregister", args=[fair.slug])
    data = {"name": "蓝秀梅", "phone": "13900139000", "township": TONGMU}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert fair.preregistrations.count() == 1


def test_the_preregistration_form_names_the_bad_fields(client, fair_world):
    page = client.post(
        reverse("fairs:preregister", args=[fair_world["fair"].slug]),
        {"name": "蓝秀梅", "phone": "12345", "township": TONGMU},
    ).content.decode()
    assert "手机号码应为11位" in page


def test_preregistrations_from_one_address_are_rate_limited(client, settings, fair_world):
    settings.FAIR_PREREGISTRATIONS_PER_IP = 2
    url = reverse("fairs:preregister", args=[fair_world["fair"].slug])
    answers = [
        client.post(url, {"name": "蓝秀梅", "phone": f"1390013900{n}", "township": TONGMU}).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 200]
    assert fair_world["fair"].preregistrations.count() == 2


def test_the_results_export_is_masked_and_audited(client_for, users, fair_world):
    fair = fair_world["fair"]
    number = make_id()
    worker = make_worker(users["tongmu"], id_number=number)
    fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    client_for(users["employer"]).post(
        reverse("fairs:booth", args=[fair.pk]),
        {"code": badge_token(worker), "vacancy": fair_world["vacancy"].pk},
    )
    response = client_for(users["jinxiu"]).get(reverse("fairs:results_export", args=[fair.pk]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    cells = [str(c) for i in range(3) for row in book.get_sheet_by_index(i).to_python() for c in row]
    assert number not in cells and worker.id_number_masked in cells
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_manager_creates_a_fair_from_the_form(client_for, users):
    response = client_for(users["jinxiu"]).post(
        reverse("fairs:create"),
        {"title": "春风行动", "date": "2025-02-10", "starts_at": "09:00", "ends_at": "12:00",
         "organisers": ["451324"], "township": TONGMU, "address": "桐木镇广场", "target_groups": ["migrant"]},
    )  # fmt: skip
    assert response.status_code == 302


def test_the_fair_form_names_a_missing_title(client_for, users):
    page = client_for(users["jinxiu"]).post(
        reverse("fairs:create"),
        {"date": "2025-02-10", "starts_at": "09:00", "ends_at": "12:00", "organisers": ["451324"],
         "township": TONGMU, "address": "广场"},
    ).content.decode()  # fmt: skip
    assert "请填写名称" in page


def test_the_audit_log_names_the_fairs_events(client_for, users, fair_world):
    page = client_for(users["auditor"]).get(reverse("accounts:audit")).content.decode()
    assert "金秋招聘月" in page


def test_the_follow_up_list_shows_the_intents_still_waiting(client_for, users, fair_world):
    fair = fair_world["fair"]
    worker = make_worker(users["tongmu"], name="盘志华")
    fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)
    client_for(users["employer"]).post(
        reverse("fairs:booth", args=[fair.pk]),
        {"code": badge_token(worker), "vacancy": fair_world["vacancy"].pk},
    )
    assert (
        "盘志华"
        in client_for(users["tongmu"]).get(reverse("fairs:follow_up", args=[fair.pk])).content.decode()
    )
    assert (
        "盘志华"
        not in client_for(users["dianbai"]).get(reverse("fairs:follow_up", args=[fair.pk])).content.decode()
    )


def test_an_anonymous_consultation_is_logged_from_the_desk(client_for, users, fair_world):
    client = client_for(users["tongmu"])
    response = client.post(
        reverse("fairs:consultations", args=[fair_world["fair"].pk]), {"topic": "labor_rights"}
    )
    assert response.status_code == 302
    assert "匿名" in client.get(reverse("fairs:consultations", args=[fair_world["fair"].pk])).content.decode()
