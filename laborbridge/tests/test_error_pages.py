"""Chinese 400, 403, 404, 500 and CSRF-failure pages, inside the site's frame (DEBUG off, as in production)."""

import pytest
from django.test import Client, RequestFactory

from laborbridge import errors
from laborbridge.factories import TOUPAI, make_worker

pytestmark = pytest.mark.django_db

NOT_FOUND = "您要找的页面或记录不存在，或不在您可以查看的范围内。"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def page(response) -> str:
    return response.content.decode()


def main(response) -> str:
    """The page's content, without the frame (whose CSRF token differs on each answer)."""
    html = page(response)
    return html[html.index("<main>") : html.index("</main>")]


def in_the_frame_with_the_menu(html: str) -> bool:
    return 'class="top"' in html and 'aria-label="主菜单"' in html and "css/app.css" in html


def test_a_township_clerk_opening_another_townships_worker_sees_the_chinese_404_in_the_frame(users, client):
    elsewhere = make_worker(users["jinxiu"], township=TOUPAI)
    client.force_login(users["tongmu"])
    response = client.get(f"/workers/{elsewhere.pk}/")
    assert response.status_code == 404
    html = page(response)
    assert NOT_FOUND in html and "找不到该页面" in html
    assert in_the_frame_with_the_menu(html)
    assert elsewhere.name not in html
    assert 'href="/"' in html  # the way home


def test_a_worker_outside_the_scope_and_one_that_never_existed_answer_the_same_page(users, client):
    elsewhere = make_worker(users["jinxiu"], township=TOUPAI)
    client.force_login(users["tongmu"])
    out_of_scope = client.get(f"/workers/{elsewhere.pk}/")
    missing = client.get(f"/workers/{elsewhere.pk + 1000}/")
    assert out_of_scope.status_code == missing.status_code == 404
    assert main(out_of_scope) == main(missing)


def test_an_unknown_address_shows_the_chinese_404_and_never_djangos_english(users, client):
    client.force_login(users["tongmu"])
    html = page(client.get("/no-such-page/"))
    assert NOT_FOUND in html
    assert "Not Found" not in html and "No Worker matches" not in html


def test_a_refusal_shows_the_chinese_reason_in_the_frame(users, client):
    client.force_login(users["employer"])
    response = client.get("/workers/")
    assert response.status_code == 403
    html = page(response)
    assert "没有权限" in html and "您的角色不能查看劳动力个人信息" in html
    assert in_the_frame_with_the_menu(html)


def test_a_refusal_by_the_policy_names_the_missing_capability(users, client):
    own = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    response = client.get(f"/privacy/workers/{own.pk}/erase/")
    assert response.status_code == 403
    assert "您没有此项权限：" in page(response)


@pytest.mark.urls("laborbridge.tests.error_urls")
def test_a_refusal_without_a_chinese_reason_gets_the_chinese_default(users, client):
    client.force_login(users["tongmu"])
    response = client.get("/test-errors/refuse-in-english/")
    assert response.status_code == 403
    html = page(response)
    assert "您的账户没有进行此项操作的权限。" in html
    assert "You do not have permission" not in html


@pytest.mark.urls("laborbridge.tests.error_urls")
def test_a_bad_request_answers_the_chinese_400_in_the_frame(users, client):
    client.force_login(users["tongmu"])
    response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    html = page(response)
    assert "请求有误" in html and in_the_frame_with_the_menu(html)
    assert "bad input" not in html


@pytest.mark.urls("laborbridge.tests.error_urls")
def test_a_crash_answers_the_chinese_500_that_looks_like_the_site(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["tongmu"])
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    html = page(response)
    assert "系统出错" in html and 'class="top"' in html and "css/app.css" in html
    assert "the database went away" not in html
    assert "tongmu" not in html  # not the user's name: the page never asks who is signed in


def test_the_500_page_needs_neither_the_user_nor_the_database(rf_without_user, django_db_blocker):
    # With the database blocked any query fails, and the request's user raises when read.
    with django_db_blocker.block():
        response = errors.server_error(rf_without_user)
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_answers_the_chinese_page_in_the_frame(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["tongmu"])
    client.get("/")  # sets the CSRF cookie, as the browser would have
    response = client.post("/workers/new/", {"name": "盘秀英"})
    assert response.status_code == 403
    html = page(response)
    assert "页面已过期" in html and "未被保存" in html
    assert in_the_frame_with_the_menu(html)


def test_a_form_sent_by_a_browser_without_cookies_is_told_to_allow_them(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["tongmu"])
    response = client.post("/workers/new/", {"name": "盘秀英"})
    assert response.status_code == 403
    assert "Cookie" in page(response)


def test_the_back_link_leads_only_to_a_page_of_this_site(users, client):
    client.force_login(users["tongmu"])
    ours = page(client.get("/no-such-page/", HTTP_REFERER="http://testserver/workers/"))
    theirs = page(client.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish"))
    assert 'href="http://testserver/workers/"' in ours and "返回上一页" in ours
    assert "evil.example" not in theirs and "返回上一页" not in theirs


def test_a_signed_out_visitor_sees_the_404_in_the_frame_without_the_menu(db, client):
    html = page(client.get("/no-such-page/"))
    assert NOT_FOUND in html and 'class="top"' in html
    assert 'aria-label="主菜单"' not in html


@pytest.fixture
def rf_without_user():
    class Unreadable:
        def __get__(self, obj, owner):
            raise AssertionError("the 500 page read the request's user")

    request = RequestFactory().get("/")
    request.__class__ = type("RequestWithoutUser", (type(request),), {"user": Unreadable()})
    return request


@pytest.mark.parametrize("address", ["/workers/99999999/", "/no-such-page/"])
def test_with_debug_on_as_in_the_demo_a_404_is_still_the_chinese_page(users, client, settings, address):
    settings.DEBUG = True
    client.force_login(users["tongmu"])
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 404 and "找不到该页面" in html and "Page not found" not in html
    settings.DEBUG_TECHNICAL_404 = True
    assert "找不到该页面" not in client.get(address).content.decode()


def test_with_debug_on_the_apis_404_stays_json(users, client, settings):
    settings.DEBUG = True
    client.force_login(users["tongmu"])
    response = client.get("/api/v1/workers/99999999")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
