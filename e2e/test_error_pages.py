"""The error pages on a phone: Chinese, in the site's frame, fitting 360 px, accessible."""

import re

import pytest

from laborbridge.factories import TOUPAI, make_worker


def expected(page, status: int) -> None:
    """Forget the console line Chromium writes for a page that answers `status` on purpose."""
    page.problems = [p for p in page.problems if f"status of {status}" not in p and f"HTTP {status}" not in p]


def test_a_township_clerk_opening_another_townships_worker_on_a_phone_sees_the_chinese_404(world, open_page):
    elsewhere = make_worker(world["jinxiu"], township=TOUPAI)
    page = open_page(width=360, height=640)
    page.login("tongmu")
    # As if following a link from the list (a typed address sends no Referer, so no back link).
    page.page.goto(f"{page.base}/workers/{elsewhere.pk}/", referer=f"{page.base}/workers/")
    expected(page, 404)
    text = page.page.locator("main").inner_text()
    assert "找不到该页面" in text and "不在您可以查看的范围内" in text
    assert page.page.locator("header.top nav").is_visible()  # the menu: the clerk can go on from here
    page.fits()
    page.axe()
    page.page.click("text=返回上一页")
    assert page.page.url.endswith("/workers/")


def test_a_refused_page_on_a_phone_says_why_in_chinese(world, open_page):
    page = open_page(width=360, height=640)
    page.login("auditor")
    page.goto("/workers/")
    expected(page, 403)
    assert "没有权限" in page.page.locator("h1").inner_text()
    assert re.search(r"[\u4e00-\u9fff]", page.page.locator(".error-reason").inner_text())
    page.fits()
    page.axe()
    page.page.click("text=返回首页")
    assert page.page.url.rstrip("/") == page.base.rstrip("/")


@pytest.mark.urls("laborbridge.tests.error_urls")
def test_a_crash_on_a_phone_shows_the_plain_chinese_500_that_looks_like_the_site(world, open_page):
    page = open_page(width=360, height=640)
    page.login("tongmu")
    page.goto("/test-errors/boom/")
    expected(page, 500)
    assert "系统出错" in page.page.locator("h1").inner_text()
    assert page.page.locator("header.top .brand").is_visible()
    page.fits()
    page.axe()
