"""Matching in a real browser: a township clerk opens a worker, sees the recommended jobs with their reasons,
and refers the worker with one click."""

from laborbridge.employers.models import Occupation
from laborbridge.employment.models import Referral


def test_a_clerk_sees_recommended_jobs_with_reasons_and_refers_with_one_click(world, open_page):
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.factories import DIANBAI, make_employer, make_vacancy, make_worker

    dianbai = world["dianbai"]
    restaurant = make_employer(dianbai, name="电白粤菜馆", provided_by=DIANBAI)
    chef = make_vacancy(
        dianbai, restaurant, title="粤菜厨师", occupation=Occupation.objects.get(name="中式烹调(粤菜)"),
        lodging=True, meals=True,
    )  # fmt: skip
    line = make_vacancy(
        dianbai, restaurant, title="包装工", occupation=Occupation.objects.get(name="普工/流水线")
    )
    for vacancy in (chef, line):
        vacancy_set_status(actor=world["admin"], vacancy=vacancy, status="open")
    worker = make_worker(
        world["tongmu"], name="黄秀英", skills="会做粤菜", wanted_occupations=["中式烹调(粤菜)"],
        wanted_place_classes=["partner_province"],
    )  # fmt: skip

    page = open_page()
    page.login("tongmu")
    page.goto(f"/workers/{worker.pk}/")
    page.page.click("main a:has-text('推荐岗位')")
    page.page.wait_for_selector("#recommendations")
    first = page.page.locator("#recommendations tbody tr").first
    assert "粤菜厨师" in first.inner_text()
    for reason in ("期望从事中式烹调", "期望广东就业", "包吃住"):
        assert reason in first.inner_text()
    page.axe()
    first.locator("button:has-text('推荐')").click()
    page.page.wait_for_selector("text=已推荐：黄秀英")
    assert "已推荐" in page.page.locator("#recommendations tbody tr").first.inner_text()
    referral = Referral.objects.get(worker=worker, vacancy=chef)
    assert referral.source == "matching"
