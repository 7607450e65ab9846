"""Where each role lands, and the guide inside the site: an eastern bureau on its employers and referrals,
a township clerk reading how to import a ledger from the page where it imports."""

import re


def test_an_eastern_bureau_lands_on_the_employers_it_brought_and_the_workers_referred_to_them(
    records, open_page
):
    page = open_page()
    page.login("dianbai")
    page.page.wait_for_selector("[data-testid=receiving-figures]")
    page.axe()
    menu = page.page.locator("header.top nav").inner_text()
    assert "用工单位" in menu and "来此务工人员" in menu
    assert "劳动力台账" not in menu and "导入台账" not in menu and "登记劳动力" not in menu
    steps = page.page.locator("[data-testid=referral-steps]").inner_text()
    assert re.search(r"已推荐\s+1", steps) and re.search(r"已录用\s+1", steps)
    assert page.page.locator("[data-testid=referrals] .value").inner_text() == "2"

    page.page.click("[data-testid=employers]")
    page.page.wait_for_url(re.compile(r"/employers/\?region=440904$"))
    assert "茂名市电白区水产食品有限公司" in page.page.locator("main table").inner_text()
    page.page.go_back()
    page.page.click("[data-testid=vacancies]")
    page.page.wait_for_url(re.compile(r"/employers/vacancies/\?status=open&region=440904$"))
    assert "水产品加工普工" in page.page.locator("main table").inner_text()
    page.page.go_back()
    page.page.click("[data-testid=placed]")
    page.page.wait_for_url(re.compile(r"/employment/placed/$"))
    placed = page.page.locator("main table").inner_text()
    assert "蓝秀梅" in placed and "黄秀英" not in placed  # only the one hired is at work here


def test_a_township_clerk_opens_help_from_the_import_page_and_reads_how_to_import(records, open_page):
    page = open_page()
    page.login("tongmu")
    page.goto("/ledger/import/")
    page.page.click("header.top [data-testid=help-link]")
    page.page.wait_for_url(re.compile(r"/help/import/$"))
    text = page.page.locator("[data-testid=help-text]")
    assert text.locator("h1").inner_text().startswith("3. 导入台账")
    assert page.page.locator("header.top nav").is_visible()  # inside the site's frame, menu and all
    pictures = text.locator("img")
    assert pictures.count() >= 1
    for i in range(pictures.count()):
        pictures.nth(i).scroll_into_view_if_needed()
        pictures.nth(i).evaluate("img => img.decode()")
        assert pictures.nth(i).evaluate("img => img.naturalWidth") > 0
    page.axe()
    page.page.click("nav.help-contents >> text=1. 登录与首页")
    page.page.wait_for_url(re.compile(r"/help/login/$"))
    assert "登录" in page.page.locator("[data-testid=help-text] h1").inner_text()


def test_someone_not_signed_in_reads_the_help_from_the_login_page(world, open_page):
    page = open_page(360, 740)
    page.goto("/accounts/login/")
    page.page.click("[data-testid=help-link]")
    page.page.wait_for_url(re.compile(r"/help/login/$"))
    assert "登录与首页" in page.page.locator("[data-testid=help-text] h1").inner_text()
    page.fits()
    page.axe()
