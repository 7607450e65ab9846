"""The user guide's pictures, taken by the same browser code as the tests: `make screenshots`.

Seeds a small demo (the regions, users, employers and 300 workers of 金秀), walks the pages a county's
staff, a township's staff and an employer use, and saves each view under docs/guide/images/.
"""

import datetime
from pathlib import Path

from django.core.management import call_command

from laborbridge.ledger.tests.ledgers import make_id, write_xlsx

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "guide" / "images"
PERIOD = "region=451324&from=2024-01-01&to=2024-10-31"


def shot(page, name: str, *, full: bool = True) -> None:
    page.page.wait_for_timeout(300)  # let charts finish their animation
    page.page.screenshot(path=str(IMAGES / f"{name}.png"), full_page=full)


def test_take_the_guides_pictures(world, open_page, tmp_path):
    IMAGES.mkdir(parents=True, exist_ok=True)
    call_command("seed_demo", workers=300, force=True)
    page = open_page(1280, 800)
    page.goto("/accounts/login/")
    shot(page, "01-login")
    page.login("jinxiu")
    shot(page, "01-home-county")
    page.goto("/workers/?q=hx")
    shot(page, "02-worker-list")
    page.page.click("table a >> nth=0")
    shot(page, "02-worker-detail")
    page.page.click("text=查看完整号码")
    page.page.wait_for_timeout(300)
    shot(page, "02-worker-unmasked", full=False)
    page.goto("/workers/new/")
    page.page.fill("#id_name", "黄秀兰")
    page.page.fill("#id_id_number", make_id("19900517", 241)[:17] + "0")
    page.page.select_option("#id_township", "451324101")
    page.page.click("main button[type=submit]")
    shot(page, "02-register-error")

    ledger = write_xlsx(
        tmp_path / "桐木镇台账.xlsx",
        ["姓名", "公民身份号码", "乡(镇)", "村委", "就业状态", "务工地点", "务工单位", "家庭住址"],
        [
            [
                "黄秀兰",
                make_id("19900517", 243),
                "桐木",
                "高仁村委",
                "外出务工",
                "茂名市电白区",
                "电白区水产食品有限公司",
                "高仁村三组",
            ],
            [
                "韦志明",
                make_id("19900517", 247),
                "桐木镇",
                "太山村委",
                "务工",
                "深圳市宝安区",
                "宝安电子厂",
                "太山村",
            ],
            ["覃秀英", make_id("19900517", 249), "桐木镇", "", "自主创业", "桐木镇", "桐木茶园", ""],
            ["蓝志华", make_id("19900517", 251), "桐木镇", "", "外出务工", "鼓楼区", "", ""],
            ["错号", make_id("19900517", 245)[:17] + "0", "桐木镇", "", "", "", "", ""],
            ["数字", 4.51324199005171e17, "桐木镇", "", "", "", "", ""],
        ],
    )
    page.goto("/ledger/import/")
    shot(page, "03-import-form")
    page.page.set_input_files("#id_file", str(ledger))
    page.page.fill("#id_as_of", datetime.date(2024, 10, 31).isoformat())
    page.page.click("text=上传并检查")
    page.page.wait_for_selector("text=确认导入")
    shot(page, "03-import-checked")
    page.page.click("button:has-text('确认导入')")
    page.page.wait_for_selector("text=导入完成")
    shot(page, "03-import-done")

    page.goto("/employers/")
    shot(page, "04-employers", full=False)
    page.goto(f"/reports/?{PERIOD}")
    page.page.wait_for_selector("#map canvas")
    shot(page, "05-dashboard")
    page.page.click("[data-testid=employed]")
    shot(page, "05-drill-down", full=False)
    page.goto(f"/reports/official/?{PERIOD}")
    shot(page, "05-official-report")

    firm = open_page(1280, 800)
    firm.login("qiye")
    shot(firm, "04-employer-desk")
    auditor = open_page(1280, 800)
    auditor.login("auditor")
    auditor.goto("/accounts/audit/?action=import")
    shot(auditor, "06-audit", full=False)
    phone = open_page(360, 640)
    phone.login("tongmu")
    shot(phone, "01-home-phone")
    phone.goto("/ledger/import/")
    phone.page.click("header.top [data-testid=help-link]")
    phone.page.wait_for_url("**/help/import/")
    shot(phone, "01-help", full=False)
    east = open_page(1280, 800)
    east.login("dianbai")
    shot(east, "01-home-east")

    # The chapters on fairs, training, buses and matching: the county's staff at their desks.
    for path, name in (
        ("/fairs/", "07-fairs"),
        ("/training/", "09-training"),
        ("/transport/", "10-transport"),
    ):
        page.goto(path)
        shot(page, name, full=False)
        links = page.page.locator("main table a")
        if links.count():
            links.first.click()
            page.page.wait_for_load_state()
            shot(page, f"{name}-detail", full=False)
    page.goto("/workers/?employed=no")  # someone not at work, for whom the matcher has jobs
    page.page.click("table a >> nth=0")
    worker = page.page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/matching/workers/{worker}/")
    shot(page, "11-matching", full=False)
