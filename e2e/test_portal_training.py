"""Training classes on the public job board at 360 px: find an open class, apply with the code from the text
message, see the application on 我的报名; staff of the class settle a sign-up flagged 待核实."""

import datetime
import re

import pytest

from laborbridge.portal.sms import LocmemSmsBackend

PHONE = "13800138000"


@pytest.fixture
def tea_class(world, settings):
    from laborbridge.accounts.models import User
    from laborbridge.factories import make_training_class

    settings.SMS_BACKEND = "laborbridge.portal.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    start = datetime.date.today() + datetime.timedelta(days=20)
    made = make_training_class(
        User.objects.get(username="jinxiu"), name="茶叶评鉴与技能等级认定班", start=start,
        end=start + datetime.timedelta(days=10), capacity=50, teachers="李老师 13912340000",
        cost_per_trainee=1800, subsidy_per_trainee=1500, address="金秀县桐木镇职业技能培训中心",
    )  # fmt: skip
    yield made
    LocmemSmsBackend.outbox.clear()


def code_sent_to(phone: str) -> str:
    text = [text for to, text in LocmemSmsBackend.outbox if to == phone][-1]
    return re.search(r"\d{6}", text).group()


def apply(page, *, name, phone, id_number):
    page.page.click("text=我要报名")
    page.page.wait_for_url(re.compile(r"/jobs/training/\d+/apply/$"))
    page.axe()
    page.page.fill("#id_name", name)
    page.page.fill("#id_phone", phone)
    page.page.fill("#id_id_number", id_number)
    page.page.select_option("#id_township", "451324101")
    page.page.check("#id_consent")
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/apply/confirm/$"))
    page.page.fill("#id_code", code_sent_to(phone.replace(" ", "")))
    page.page.click("main button[type=submit]")
    page.page.wait_for_selector("text=报名已收到")
    page.fits()


def test_a_worker_applies_for_a_class_on_a_phone_and_sees_it_on_their_own_page(tea_class, open_page):
    from laborbridge.factories import make_id
    from laborbridge.training.models import Enrolment

    page = open_page(width=360, height=740)
    page.goto("/jobs/")
    page.page.click("header nav >> text=技能培训")
    page.page.wait_for_url(re.compile(r"/jobs/training/$"))
    page.fits()
    page.axe()
    content = page.page.content()
    assert "茶叶评鉴与技能等级认定班" in content and "还剩50个名额" in content
    assert "13912340000" not in content and "李老师" not in content

    page.page.click("text=茶叶评鉴与技能等级认定班")
    page.page.wait_for_url(re.compile(r"/jobs/training/\d+/$"))
    page.fits()
    page.axe()
    assert "1500元/人" in page.page.content()
    apply(page, name="莫秀兰", phone="138 0013 8000", id_number=make_id())
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.training_class_id) == ("applied", tea_class.pk)

    page.page.click("main a.button:has-text('我的报名')")
    page.page.fill("#id_phone", PHONE)
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/confirm/$"))
    page.page.fill("#id_code", code_sent_to(PHONE))
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/$"))
    content = page.page.content()
    assert "茶叶评鉴与技能等级认定班" in content and "已报名" in content and PHONE not in content
    page.fits()
    page.axe()


def test_staff_reject_a_class_application_made_with_another_phone(tea_class, open_page):
    from laborbridge.accounts.models import User
    from laborbridge.factories import make_worker
    from laborbridge.training.models import Enrolment

    worker = make_worker(User.objects.get(username="tongmu"), name="黄秀英", phone="13700137000")
    page = open_page(width=360, height=740)
    page.goto(f"/jobs/training/{tea_class.pk}/")
    apply(page, name="黄秀英", phone="13500135000", id_number=worker.id_number)

    staff = open_page()
    staff.login("jinxiu")
    staff.goto(f"/workers/{worker.pk}/")
    panel = staff.page.locator("[data-testid=self-sign-ups]")
    panel.wait_for()
    assert "报名手机号与登记不一致" in panel.inner_text() and "135****5000" in panel.inner_text()
    staff.axe()
    panel.locator("button:has-text('核实不符')").click()
    staff.page.wait_for_selector("text=已记录核实不符")
    assert "核实不符" in staff.page.locator("[data-testid=self-sign-ups]").inner_text()
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.dropped_reason) == ("dropped", "报名信息核实不符")
