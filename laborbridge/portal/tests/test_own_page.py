import pytest
from django.urls import reverse

from laborbridge.employment.services import referral_create
from laborbridge.factories import make_id, make_worker
from laborbridge.portal import codes
from laborbridge.portal.tests.conftest import last_code

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


def open_own_page(client, outbox, phone=PHONE):
    asked = client.post(reverse("portal:me"), {"phone": phone})
    assert asked.status_code == 302 and asked["Location"] == reverse("portal:me_confirm")
    return client.post(reverse("portal:me_confirm"), {"code": last_code(outbox, phone)})


def test_a_worker_sees_their_sign_ups_masked_after_the_code(client, users, job, sms_outbox):
    number = make_id()
    worker = make_worker(users["tongmu"], name="黄秀英", id_number=number, phone=PHONE)
    referral_create(actor=users["tongmu"], worker=worker, vacancy=job)
    confirmed = open_own_page(client, sms_outbox)
    assert confirmed["Location"] == reverse("portal:me")
    html = client.get(reverse("portal:me")).content.decode()
    assert "水产品加工普工" in html and "已推荐" in html
    assert worker.id_number_masked in html
    assert number not in html and PHONE not in html


def test_an_unknown_phone_gets_the_same_answers_until_the_code_is_given(client, users, sms_outbox):
    make_worker(users["tongmu"], phone=PHONE)
    answers = []
    for phone in (PHONE, "13600136000"):
        client.post(reverse("portal:me_sign_out"))
        asked = client.post(reverse("portal:me"), {"phone": phone})
        page = client.get(reverse("portal:me_confirm")).content.decode()
        answers.append(
            (asked.status_code, asked["Location"], page.replace(phone[:3] + "****" + phone[-4:], ""))
        )
    assert answers[0][:2] == answers[1][:2]
    assert _without_token(answers[0][2]) == _without_token(answers[1][2])


def _without_token(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_phone_of_several_records_asks_for_the_id_numbers_last_four(client, users, job, sms_outbox):
    mother, son = make_id(sex="F"), make_id()
    first = make_worker(users["tongmu"], name="黄秀英", id_number=mother, phone=PHONE)
    second = make_worker(users["tongmu"], name="黄大山", id_number=son, phone=PHONE)
    referral_create(actor=users["tongmu"], worker=second, vacancy=job)
    confirmed = open_own_page(client, sms_outbox)
    assert confirmed["Location"] == reverse("portal:me_last4")
    page = client.get(reverse("portal:me_last4")).content.decode()
    assert "黄秀英" not in page and "黄大山" not in page and first.id_number_masked not in page
    assert client.get(reverse("portal:me"), follow=False).status_code == 200  # not yet open
    assert "获取验证码" in client.get(reverse("portal:me")).content.decode()
    client.post(reverse("portal:me_last4"), {"last4": son[-4:]})
    html = client.get(reverse("portal:me")).content.decode()
    assert second.id_number_masked in html and first.id_number_masked not in html
    assert "水产品加工普工" in html


def test_wrong_last_four_digits_are_refused_and_five_send_back_to_the_code(client, users, sms_outbox):
    numbers = [make_id(), make_id()]
    for number in numbers:
        make_worker(users["tongmu"], id_number=number, phone=PHONE)
    open_own_page(client, sms_outbox)
    wrong = next(f"{n:04d}" for n in range(10000) if not any(x.endswith(f"{n:04d}") for x in numbers))
    for _ in range(4):
        assert "后四位不符" in client.post(reverse("portal:me_last4"), {"last4": wrong}).content.decode()
    fifth = client.post(reverse("portal:me_last4"), {"last4": wrong})
    assert fifth["Location"] == reverse("portal:me")
    assert client.get(reverse("portal:me_last4"))["Location"] == reverse("portal:me")


def test_signing_out_closes_the_page(client, users, sms_outbox):
    make_worker(users["tongmu"], phone=PHONE)
    open_own_page(client, sms_outbox)
    assert "退出" in client.get(reverse("portal:me")).content.decode()
    client.post(reverse("portal:me_sign_out"))
    assert "获取验证码" in client.get(reverse("portal:me")).content.decode()


def test_the_page_closes_by_itself_after_fifteen_minutes(client, users, sms_outbox, monkeypatch):
    make_worker(users["tongmu"], phone=PHONE)
    open_own_page(client, sms_outbox)
    start = codes.now()
    monkeypatch.setattr(codes, "now", lambda: start + 15 * 60 + 1)
    assert "获取验证码" in client.get(reverse("portal:me")).content.decode()


def test_a_wrong_code_does_not_open_the_page(client, users, sms_outbox):
    make_worker(users["tongmu"], phone=PHONE)
    client.post(reverse("portal:me"), {"phone": PHONE})
    good = last_code(sms_outbox, PHONE)
    response = client.post(reverse("portal:me_confirm"), {"code": "000000" if good != "000000" else "111111"})
    assert "验证码不正确" in response.content.decode()
    assert "获取验证码" in client.get(reverse("portal:me")).content.decode()
