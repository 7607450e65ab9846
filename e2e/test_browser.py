"""What a new user does, in a real browser: log in, register, search, unmask, import, refer, report."""

import datetime
import re

from laborbridge.core.models import AuditEvent
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

_RIGHT = make_id("19900517", 128)
WRONG = _RIGHT[:17] + ("0" if _RIGHT[17] != "0" else "1")  # a wrong check character
KEY_PAGES = ["/", "/workers/", "/workers/new/", "/ledger/import/", "/employers/", "/reports/"]


def test_each_demo_role_lands_on_its_home_page_and_a_wrong_password_is_explained(world, open_page):
    page = open_page()
    page.login("tongmu", "wrong-password")
    assert page.page.locator(".errorlist").inner_text().strip()  # Django's Chinese message
    assert "正确" in page.page.content()
    for username, expected in (
        ("admin", "系统管理"),
        ("jinxiu", "导入台账"),
        ("tongmu", "登记劳动力"),
        ("dianbai", "来此务工人员"),
        ("maonan", "茂南区人社局"),
        ("xiezuo", "协作办"),
        ("auditor", "查看审计记录"),
    ):
        fresh = open_page()
        fresh.login(username)
        assert expected in fresh.page.content()


def test_register_a_worker_fix_the_check_digit_find_by_initials_and_unmask(world, open_page):
    page = open_page()
    page.login("jinxiu")
    page.goto("/workers/new/")
    page.axe()
    good = make_id("19900517", 124)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    page.page.fill("#id_name", "黄秀英")
    page.page.fill("#id_id_number", bad)
    page.page.select_option("#id_township", "451324101")
    page.page.click("main button[type=submit]")
    assert "校验位错误" in page.page.locator("#id_id_number-error").inner_text()
    page.page.fill("#id_id_number", good)
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/workers/\d+/$"))
    page.goto("/workers/?q=hxy")
    page.page.click("text=黄秀英")
    masked = good[:6] + "**********" + good[-2:]
    assert page.page.locator("[data-testid=id-number]").inner_text() == masked
    page.page.click("text=查看完整号码")
    page.page.wait_for_selector(f"[data-testid=id-number]:has-text('{good}')")
    assert AuditEvent.objects.filter(action="unmask", actor__username="jinxiu").count() == 1
    auditor = open_page()
    auditor.login("auditor")
    auditor.goto("/accounts/audit/?action=unmask")
    assert "jinxiu" in auditor.page.content() and "查看完整个人信息" in auditor.page.content()
    assert good not in auditor.page.content()


def test_import_a_ledger_with_errors_and_download_the_error_workbook(world, open_page, tmp_path):
    rows = [
        ["黄秀英", make_id("19900517", 126), "桐木镇"],
        ["错号", WRONG, "桐木镇"],
    ]
    path = write_xlsx(tmp_path / "桐木台账.xlsx", ["姓名", "公民身份号码", "乡(镇)"], rows)
    page = open_page()
    page.login("tongmu")
    page.goto("/ledger/import/")
    page.axe()
    page.page.set_input_files("#id_file", str(path))
    page.page.fill("#id_as_of", "2024-10-31")
    page.page.click("text=上传并检查")
    page.page.wait_for_selector("text=确认导入")
    assert page.page.locator("[data-testid=rejected]").inner_text() == "1"
    with page.page.expect_download() as download:
        page.page.click("text=下载未导入的行")
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    assert (
        rows[0][0] == "原行号" and rows[1][:2] == [4, "错号"] and "校验位" in rows[1][-1]
    )  # under the title row
    page.page.click("text=确认导入")
    page.page.wait_for_selector("text=导入完成")
    assert page.page.locator("[data-testid=status]").inner_text() == "已完成"
    from laborbridge.ledger.models import LedgerImport

    assert LedgerImport.objects.get().progress == 100
    assert Worker.objects.filter(name="黄秀英").exists()
    page.goto("/workers/?township=451324101")
    page.page.click("text=导出Excel（脱敏）")  # the export page: how many, then start
    page.page.click("[data-testid=start-export]")  # built in the background; the job's page offers the file
    page.page.wait_for_url(re.compile(r"/ledger/export/\d+/$"))
    page.page.wait_for_selector("[data-testid=download]")
    page.axe()
    with page.page.expect_download() as export:
        page.page.click("[data-testid=download]")
    assert export.value.suggested_filename.endswith(".xlsx")
    rows = CalamineWorkbook.from_path(export.value.path()).get_sheet_by_index(0).to_python()
    assert "黄秀英" in [row[0] for row in rows[1:]]


def test_create_employer_and_vacancy_refer_hire_and_the_employer_confirms_arrival(world, open_page):
    from laborbridge.employers.models import Employer, Occupation, Vacancy
    from laborbridge.factories import make_worker

    east = open_page()
    east.login("dianbai")
    east.goto("/employers/new/")
    east.axe()
    east.page.fill("#id_name", "电白水产厂")
    east.page.select_option("#id_region", "440904")
    east.page.fill("#id_contact_phone", "13900001111")
    east.page.click("main button[type=submit]")
    east.page.click("text=发布岗位")
    east.page.fill("#id_title", "水产品加工普工")
    east.page.select_option("#id_occupation", str(Occupation.objects.get(name="水产品加工").pk))
    east.page.fill("#id_headcount", "20")
    east.page.fill("#id_pay_min", "4000")
    east.page.fill("#id_pay_max", "6000")
    east.page.click("main button[type=submit]")
    east.page.click("button:has-text('发布')")
    east.page.wait_for_selector("text=岗位状态已改为：招聘中")
    vacancy = Vacancy.objects.get(status="open")
    east.page.click("text=电白水产厂")
    east.page.click("text=单位账户")
    east.page.fill("#id_new-username", "firm")
    east.page.click("button:has-text('创建账户')")
    password = east.page.inner_text("[data-testid=temporary-password] code")
    east.axe()
    assert Employer.objects.get(name="电白水产厂").members.get().username == "firm"

    worker = make_worker(world["tongmu"], name="盘志华")
    page = open_page()
    page.login("tongmu")
    page.goto(f"/workers/{worker.pk}/")
    page.page.fill("#vacancy-q", "没有这个岗位")  # the picker searches the open vacancies by name
    page.page.wait_for_selector("text=共 0 个招聘中岗位")
    page.page.fill("#vacancy-q", "水产品加工")
    page.page.wait_for_selector("text=共 1 个招聘中岗位")
    page.page.select_option("#id_vacancy", str(vacancy.pk))
    page.page.click("button:has-text('推荐')")
    page.page.check("input[name=status][value=hired]")  # the next step is chosen, none preselected
    page.page.click("button:has-text('记录这一步')")
    assert "已录用" in page.page.content()
    firm = open_page()
    firm.login("firm", password)
    # An account someone else opened changes its temporary password before anything else.
    firm.page.wait_for_selector("#id_old_password")
    firm.page.fill("#id_old_password", password)
    firm.page.fill("#id_new_password1", "Shuichan-Firm-2024")
    firm.page.fill("#id_new_password2", "Shuichan-Firm-2024")
    firm.page.click("main button[type=submit]")
    firm.page.wait_for_selector("text=密码已修改")
    firm.axe()
    firm.page.check("input[name=status][value=arrived]")
    firm.page.click("button:has-text('记录这一步')")
    firm.page.wait_for_selector("text=已记录：已到岗")


def test_the_dashboard_period_drill_down_and_official_report(world, open_page):
    from laborbridge.employment.services import employment_start
    from laborbridge.factories import make_worker

    worker = make_worker(world["jinxiu"], name="黄秀英", poverty_status="alleviated")
    employment_start(actor=world["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 3, 1))
    page = open_page()
    page.login("jinxiu")
    page.goto("/reports/?region=451324&from=2024-01-01&to=2024-10-31")
    page.page.wait_for_selector("#trend canvas")
    page.axe()
    assert page.page.locator("[data-testid=employed]").inner_text() == "1"
    page.page.fill("#f-from", "2023-01-01")
    page.page.fill("#f-to", "2023-12-31")
    page.page.click("button:has-text('查看')")
    # Nothing at all in 2023: no row of zeros, a hint to a year that has figures instead.
    assert page.page.locator("[data-testid=employed]").count() == 0
    assert "本期暂无数据；可选择" in page.page.locator("[data-testid=no-data]").inner_text()
    page.goto("/reports/?region=451324&from=2024-01-01&to=2024-10-31")
    page.page.click("[data-testid=employed]")
    assert "黄秀英" in page.page.content()
    page.goto("/reports/official/?region=451324&from=2024-01-01&to=2024-10-31")
    with page.page.expect_download() as download:
        page.page.click("text=下载Excel报表")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_an_eastern_district_sees_what_it_brings_on_its_dashboard_and_official_report(world, open_page):
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.factories import DIANBAI, make_employer, make_vacancy

    east = world["dianbai"]
    plant = make_employer(east, name="电白水产", provided_by=DIANBAI, provided_on=datetime.date(2024, 3, 1))
    vacancy = make_vacancy(east, plant, headcount=30, posted_on=datetime.date(2024, 4, 1))
    vacancy_set_status(actor=east, vacancy=vacancy, status="open", today=datetime.date(2024, 4, 1))
    page = open_page()
    page.login("dianbai")
    page.goto("/reports/?region=440904&from=2024-01-01&to=2024-12-31")
    assert page.page.locator("[data-testid=positions_provided]").inner_text() == "30"
    assert page.page.locator("[data-testid=workers_registered]").count() == 0
    assert "电白水产" in page.page.locator("[data-testid=employer-table]").inner_text()
    page.axe()
    page.goto("/reports/official/?region=440904&from=2024-01-01&to=2024-12-31")
    assert page.page.locator("[data-testid=sheet-employers]").count() == 1
    assert page.page.locator("[data-testid=sheet-townships]").count() == 0
    page.axe()


def test_key_pages_fit_a_phone_and_pass_the_accessibility_check(world, open_page):
    page = open_page(width=360, height=640)
    page.login("jinxiu")
    for path in KEY_PAGES:
        page.goto(path)
        page.fits()
        page.axe()


def test_the_cooperation_office_lands_on_jinxiu_this_year_then_prints_and_downloads_the_official_report(
    world, open_page
):
    from python_calamine import CalamineWorkbook

    from laborbridge.employment.services import employment_end, employment_start
    from laborbridge.factories import make_worker
    from laborbridge.reports.periods import reporting_today

    worker = make_worker(world["jinxiu"], name="黄秀英", poverty_status="alleviated")
    spell = employment_start(
        actor=world["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 3, 1)
    )
    employment_end(actor=world["jinxiu"], spell=spell, end=datetime.date(2024, 9, 30))
    Worker.objects.update(created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    page = open_page()
    page.login("xiezuo")
    page.goto("/reports/")
    today = reporting_today()
    assert page.page.locator("#f-region").input_value() == "451324"
    assert page.page.locator("#f-from").input_value() == f"{today.year}-01-01"
    # Nobody at work this year: no chart is drawn that would look like data, each says 暂无数据.
    assert page.page.locator("[data-testid=employed]").inner_text() == "0"
    assert page.page.locator("canvas").count() == 0 and page.page.locator("text=暂无数据").count() >= 4
    page.axe()
    page.page.fill("#f-from", "2024-01-01")
    page.page.fill("#f-to", "2024-10-31")
    page.page.click("button:has-text('查看')")
    page.page.wait_for_selector("#trend canvas")
    page.page.wait_for_selector("#places canvas")
    assert page.page.locator("[data-testid=employed]").inner_text() == "1"
    page.page.click("text=正式报表")
    page.page.wait_for_selector("[data-testid=sheet-figures]")
    page.page.evaluate("window.print = function () { document.body.dataset.printed = 'yes'; }")
    page.page.click("button:has-text('打印')")
    assert page.page.locator("body").get_attribute("data-printed") == "yes"
    page.axe()
    # Printed, each table is one A4 page with its signatures: two tables, two pages, none with signatures alone.
    page.page.emulate_media(media="print")
    pdf = page.page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2
    assert not page.page.locator("header.top").is_visible()
    page.page.emulate_media(media="screen")
    with page.page.expect_download() as download:
        page.page.click("text=下载Excel报表")
    book = CalamineWorkbook.from_path(download.value.path())
    assert book.sheet_names == ["务工就业统计", "主要指标"]
    figures = dict((r[0], r[1]) for r in book.get_sheet_by_name("主要指标").to_python() if len(r) > 1)
    assert figures["实现务工就业"] == 1.0 and figures["其中脱贫劳动力"] == 1.0
    text = [c for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python() for c in r]
    assert "单位（盖章）：" in text and not [t for t in text if isinstance(t, str) and re.search("[a-z]", t)]
