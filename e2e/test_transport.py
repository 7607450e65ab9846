"""Chartered buses in a real browser: a clerk signs a worker up, the bureau plans the buses, the manifest,
the bus door ticked, and the receiving employer confirms the arrival at the factory gate."""

import datetime
import re

from laborbridge.employment.services import employment_start
from laborbridge.factories import PASSWORD, make_employer, make_user, make_worker
from laborbridge.regions.models import Region
from laborbridge.transport.models import SignUp
from laborbridge.transport.services import campaign_create


def test_sign_up_plan_manifest_boarding_arrival(world, open_page):
    campaign = campaign_create(
        actor=world["jinxiu"],
        name="2024年春暖行动",
        start=datetime.date(2024, 2, 15),
        end=datetime.date(2024, 3, 10),
        organisers=[Region.objects.get(code="451324")],
        pickup_points=[(Region.objects.get(code="451324101"), "桐木汽车站", "桐木镇")],
        bus_types=[("大客车", 45, 6500)],
    )
    firm = make_employer(world["dianbai"], name="茂名市电白区水产食品有限公司")
    gate = make_user("qiye", role="employer")
    firm.members.add(gate)
    worker = make_worker(world["tongmu"], name="黄秀英")
    employment_start(
        actor=world["tongmu"],
        worker=worker,
        place=Region.objects.get(code="440904"),
        start=datetime.date(2023, 3, 1),
        employer_name=firm.name,
        channel="organised",
    )

    page = open_page()
    page.login("tongmu")
    page.goto(f"/transport/{campaign.pk}/")
    page.axe()
    page.page.fill("#q", "黄秀英")
    page.page.press("#q", "Enter")
    form = page.page.locator("[data-testid=signup-form]")
    form.locator("input[type=date]").fill("2024-02-17")
    form.locator("select[name=pickup_point]").select_option(label="桐木汽车站")
    form.locator("button").click()
    page.page.wait_for_selector("text=已报名：黄秀英")
    signup = SignUp.objects.get(worker=worker)
    assert signup.employer == firm  # the job the worker holds, chosen for the clerk

    page = open_page()
    page.login("jinxiu")
    page.goto(f"/transport/{campaign.pk}/")
    page.page.click("[data-testid=plan]")
    page.page.wait_for_selector("text=1 人排入 1 辆车，最少需要 1 辆")
    page.axe()
    page.page.click("main table a:has-text('第1车')")
    page.page.wait_for_url(re.compile(r"/transport/trips/\d+/$"))
    trip_url = page.page.url.removeprefix(page.base)
    assert "1/45" in page.page.inner_text("[data-testid=seats]")
    assert worker.id_number_masked in page.page.inner_text("[data-testid=manifest]")
    page.axe()
    page.page.check(f"#b-{signup.pk}")
    page.page.click("[data-testid=save-boarding]")
    page.page.wait_for_selector("text=已保存上车登记")
    assert SignUp.objects.get(pk=signup.pk).status == "boarded"
    page.goto(trip_url + "print/")
    assert page.page.locator("[data-testid=trip-qr] svg").count() == 1

    phone = open_page(width=360, height=740)
    phone.login("jinxiu")
    for path in (f"/transport/{campaign.pk}/", trip_url):
        phone.goto(path)
        phone.fits()

    employer = open_page()
    employer.login("qiye", PASSWORD)
    employer.goto("/transport/arrivals/")
    employer.axe()
    employer.page.click("[data-testid=confirm-arrival]")
    employer.page.wait_for_selector("text=已确认到岗：黄秀英")
    signup.refresh_from_db()
    assert signup.status == "arrived"
    assert signup.arrival.employment.employer == firm
