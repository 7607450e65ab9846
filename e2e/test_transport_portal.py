"""Chartered buses end to end in a real browser: the worker signs up on the job board from a phone (their
own employer offered first), the bureau plans the buses as a background job and watches its progress, the
manifest, the bus door, the employer confirms the arrival at the gate, and the worker sees their trip."""

import datetime
import re

import pytest

from laborbridge.portal.sms import LocmemSmsBackend

PHONE = "13800138000"
TODAY = datetime.date.today()


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "laborbridge.portal.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


def code_sent_to(phone: str) -> str:
    text = [text for to, text in LocmemSmsBackend.outbox if to == phone][-1]
    return re.search(r"\d{6}", text).group()


def confirm_phone_on_own_page(page):
    page.page.click("header nav >> text=我的报名")
    page.page.fill("#id_phone", PHONE)
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/confirm/$"))
    page.page.fill("#id_code", code_sent_to(PHONE))
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/jobs/me/$"))


def test_portal_sign_up_plan_job_manifest_boarding_arrival(world, open_page, outbox, monkeypatch):
    from laborbridge.employment.services import employment_start
    from laborbridge.factories import PASSWORD, make_employer, make_user, make_worker
    from laborbridge.regions.models import Region
    from laborbridge.transport import tasks
    from laborbridge.transport.jobs import plan_job_run
    from laborbridge.transport.models import PlanJob, SignUp
    from laborbridge.transport.services import campaign_create

    campaign = campaign_create(
        actor=world["jinxiu"], name="春暖行动（今日发车）", start=TODAY - datetime.timedelta(days=1),
        end=TODAY + datetime.timedelta(days=30), organisers=[Region.objects.get(code="451324")],
        pickup_points=[(Region.objects.get(code="451324101"), "桐木汽车站", "桐木镇车站路1号")],
        bus_types=[("大客车", 45, 6500)],
    )  # fmt: skip
    firm = make_employer(world["dianbai"], name="茂名市电白区水产食品有限公司")
    gate = make_user("qiye", role="employer")
    firm.members.add(gate)
    worker = make_worker(world["tongmu"], name="黄秀英", phone=PHONE)
    employment_start(
        actor=world["tongmu"], worker=worker, place=Region.objects.get(code="440904"),
        start=datetime.date(2023, 3, 1), employer_name=firm.name, channel="organised",
    )  # fmt: skip

    # The worker, on a phone: 我的报名 first, so that the job they hold is offered; then the bus sign-up.
    phone = open_page(width=360, height=740)
    phone.goto("/jobs/")
    confirm_phone_on_own_page(phone)
    phone.page.click("header nav >> text=返岗专车")
    phone.page.wait_for_url(re.compile(r"/jobs/buses/$"))
    phone.fits()
    phone.axe()
    phone.page.click(f"[data-testid=campaign-{campaign.pk}] >> text=我要报名")
    phone.page.wait_for_url(re.compile(r"/jobs/buses/\d+/apply/$"))
    phone.fits()
    phone.axe()
    first = phone.page.locator("#id_employer option").nth(1).inner_text()
    assert first == "回原单位：茂名市电白区水产食品有限公司"
    phone.page.fill("#id_name", "黄秀英")
    phone.page.fill("#id_phone", PHONE)
    phone.page.fill("#id_id_number", worker.id_number)
    phone.page.select_option("#id_township", "451324101")
    phone.page.fill("#id_wanted_date", TODAY.isoformat())
    phone.page.select_option("#id_pickup_point", label="桐木汽车站（桐木镇）")
    phone.page.select_option("#id_employer", label=first)
    phone.page.fill("#id_companions", "0")
    phone.page.check("#id_consent")
    phone.page.click("main button[type=submit]")
    phone.page.wait_for_url(re.compile(r"/apply/confirm/$"))
    phone.page.fill("#id_code", code_sent_to(PHONE))
    phone.page.click("main button[type=submit]")
    phone.page.wait_for_selector("text=报名已收到")
    signup = SignUp.objects.get(worker=worker)
    assert (signup.employer, signup.wanted_date, signup.created_by) == (firm, TODAY, None)

    # The bureau presses 自动排车: the job waits (its task held back here), the page polls its progress, and
    # when the job has run the page reloads with buses against the lower bound.
    held = []
    monkeypatch.setattr(tasks, "campaign_plan_task", held.append)
    staff = open_page()
    staff.login("jinxiu")
    staff.goto(f"/transport/{campaign.pk}/")
    staff.page.click("[data-testid=plan]")
    staff.page.wait_for_selector("[data-testid=plan-progress]")
    assert "0%" in staff.page.inner_text("[data-testid=plan-progress-text]")
    staff.axe()
    plan_job_run(held[0])
    staff.page.wait_for_selector("text=1 人排入 1 辆车，最少需要 1 辆")
    assert PlanJob.objects.get().status == "done"
    staff.page.click("main table a:has-text('第1车')")
    staff.page.wait_for_url(re.compile(r"/transport/trips/\d+/$"))
    assert worker.id_number_masked in staff.page.inner_text("[data-testid=manifest]")

    # The township clerk ticks the door.
    door = open_page()
    door.login("tongmu")
    door.goto(staff.page.url.removeprefix(staff.base))
    door.page.check(f"#b-{signup.pk}")
    door.page.click("[data-testid=save-boarding]")
    door.page.wait_for_selector("text=已保存上车登记")

    # The employer confirms the arrival at the gate.
    employer = open_page()
    employer.login("qiye", PASSWORD)
    employer.goto("/transport/arrivals/")
    employer.page.click("[data-testid=confirm-arrival]")
    employer.page.wait_for_selector("text=已确认到岗：黄秀英")
    signup.refresh_from_db()
    assert signup.status == "arrived" and signup.arrival.employment.employer == firm

    # The worker's own page shows their trip, and nobody else's.
    phone.goto("/jobs/me/")
    trip = phone.page.inner_text("[data-testid=own-trip]")
    assert f"乘车：{TODAY.isoformat()} 第1车，在桐木汽车站上车" in trip
    assert "已到岗" in phone.page.inner_text("[data-testid=own-bus]")
    phone.fits()
    phone.axe()
