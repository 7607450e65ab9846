"""The pictures of the guide's page on the public job board (docs/guide/08-招工信息平台.md), at phone size."""

import re

from e2e.guide_screenshots import IMAGES, shot
from e2e.test_portal import jobs  # noqa: F401  (the fixture: two open vacancies, the locmem text sender)


def test_take_the_job_boards_pictures(jobs, open_page):  # noqa: F811
    IMAGES.mkdir(parents=True, exist_ok=True)
    page = open_page(360, 740)
    page.goto("/jobs/")
    shot(page, "08-jobs")
    page.page.click("text=水产品加工普工")
    page.page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    shot(page, "08-job")
    page.page.click("text=我要报名")
    page.page.fill("#id_name", "莫秀兰")
    page.page.fill("#id_phone", "13800138000")
    page.page.fill("#id_id_number", "451324199005171230")
    page.page.select_option("#id_township", "451324101")
    page.page.check("#id_consent")
    page.page.click("main button[type=submit]")
    shot(page, "08-apply")
