"""The public job board as a worker on a cheap phone (360×740, no login): browse, filter, open a job, sign up
with the code from the text message, and find the sign-up on 我的报名."""

import re

import pytest

from laborbridge.portal.sms import LocmemSmsBackend

PHONE = "13800138000"


@pytest.fixture
def jobs(world, settings):
    from laborbridge.accounts.models import User
    from laborbridge.employers.models import Occupation
    from laborbridge.employers.services import employer_create, vacancy_create, vacancy_set_status

    settings.SMS_BACKEND = "laborbridge.portal.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    dianbai = User.objects.get(username="dianbai")
    employer = employer_create(
        actor=dianbai, name="茂名市电白区水产食品有限公司", region="440904", contact_name="陈经理",
        contact_phone="13912345678",
    )  # fmt: skip
    made = {}
    for title, lodging in (("水产品加工普工", True), ("冷库搬运工", False)):
        vacancy = vacancy_create(
            actor=dianbai, employer=employer, title=title, occupation=Occupation.objects.get(name="水产品加工"),
            headcount=10, pay_min=4500, pay_max=6500, place="440904", lodging=lodging, meals=True,
        )  # fmt: skip
        made[title] = vacancy_set_status(actor=dianbai, vacancy=vacancy, status="open")
    yield made
    LocmemSmsBackend.outbox.clear()


def code_sent_to(phone: str) -> str:
    text = [text for to, text in LocmemSmsBackend.outbox if to == phone][-1]
    return re.search(r"\d{6}", text).group()


def test_a_worker_finds_a_job_on_a_phone_signs_up_and_sees_it_on_their_own_page(jobs, open_page):
    from laborbridge.employment.models import Referral
    from laborbridge.factories import make_id

    page = open_page(width=360, height=740)
    page.goto("/jobs/")
    page.fits()
    page.axe()
    assert "水产品加工普工" in page.page.content() and "冷库搬运工" in page.page.content()
    assert "陈经理" not in page.page.content() and "13912345678" not in page.page.content()

    page.page.check("#id_lodging")
    page.page.click("form.filters button[type=submit]")
    page.page.wait_for_url(re.compile(r"lodging=on"))
    assert "冷库搬运工" not in page.page.content()

    page.page.click("text=水产品加工普工")
    page.page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    page.fits()
    assert (
        page.page.locator('meta[property="og:title"]').get_attribute("content").startswith("水产品加工普工")
    )

    page.page.click("text=我要报名")
    page.axe()
    page.page.fill("#id_name", "莫秀兰")
    page.page.fill("#id_phone", "138 0013 8000")
    page.page.fill("#id_id_number", "451324199005171230")  # a wrong check digit first
    page.page.select_option("#id_township", "451324101")
    page.page.check("#id_consent")
    page.page.click("main button[type=submit]")
    assert "校验位错误" in page.page.content()
    page.page.fill("#id_id_number", make_id())
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/apply/confirm/$"))
    assert "138****8000" in page.page.content()
    page.page.fill("#id_code", code_sent_to(PHONE))
    page.page.click("main button[type=submit]")
    page.page.wait_for_selector("text=报名已收到")
    page.fits()
    assert Referral.objects.get().source == "self"

    page.page.click("main a.button:has-text('我的报名')")
    page.page.fill("#id_phone", PHONE)
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/confirm/$"))
    page.page.fill("#id_code", code_sent_to(PHONE))
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/$"))
    content = page.page.content()
    assert "水产品加工普工" in content and "已报名" in content and "本人报名" in content
    assert PHONE not in content
    page.fits()
    page.axe()
    page.page.click("text=退出")
    page.page.wait_for_selector("text=获取验证码")


def test_a_closed_job_link_answers_a_chinese_page_not_found(jobs, open_page):
    from laborbridge.accounts.models import User
    from laborbridge.employers.services import vacancy_set_status

    vacancy = jobs["冷库搬运工"]
    vacancy_set_status(actor=User.objects.get(username="dianbai"), vacancy=vacancy, status="closed")
    page = open_page(width=360, height=740)
    response = page.page.goto(page.base + f"/jobs/{vacancy.pk}/")
    assert response.status == 404
    assert "劳务协作服务平台" in page.page.content()
    page.fits()
    page.problems = [p for p in page.problems if "status of 404" not in p]  # the answer this test asks for
