"""The user guide served inside the site as 帮助: every page, safe HTML, pictures only from the guide's folder."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from laborbridge.help import guide
from laborbridge.help.guide import SLUGS, guide_page, pages

pytestmark = pytest.mark.django_db


def test_every_file_of_the_guide_is_a_help_page():
    files = {p.name for p in Path(settings.HELP_GUIDE_DIR).glob("*.md")}
    assert set(pages().values()) == files
    assert all(guide_page(slug) is not None for slug in pages())


def test_a_new_chapter_is_in_the_help_as_soon_as_it_is_in_the_guide(settings, tmp_path, client):
    (tmp_path / "README.md").write_text("# 使用指南\n\n[7. 培训](07-培训.md)\n")
    (tmp_path / "07-培训.md").write_text("# 7. 培训\n")
    (tmp_path / "notes.md").write_text("# 草稿\n")  # not a chapter: not served
    settings.HELP_GUIDE_DIR = tmp_path
    assert list(pages()) == ["", "chapter-07"]
    assert 'href="/help/chapter-07/"' in client.get("/help/").content.decode()
    assert "7. 培训" in client.get("/help/chapter-07/").content.decode()


def test_the_guide_is_found_from_the_checkout_whatever_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert guide_page("login").title == "1. 登录与首页"


def test_anyone_may_read_the_help_without_signing_in(client):
    response = client.get("/help/")
    assert response.status_code == 200
    assert "使用指南" in response.content.decode()
    assert client.get("/help/import/").status_code == 200


@pytest.mark.parametrize("slug", [s for s in SLUGS.values() if s])
def test_each_guide_page_is_shown_inside_the_site_frame_with_its_pictures(client, users, slug):
    client.force_login(users["tongmu"])
    page = client.get(f"/help/{slug}/").content.decode()
    assert '<header class="top">' in page and 'aria-label="主菜单"' in page
    for src in re.findall(r'<img src="([^"]+)"', page):
        assert src.startswith("/help/images/"), src
        assert client.get(src).status_code == 200, src


def test_links_between_guide_files_become_links_between_help_pages(client):
    page = client.get("/help/").content.decode()
    assert 'href="/help/login/"' in page and 'href="/help/import/"' in page
    assert ".md" not in "".join(re.findall(r'href="([^"]+)"', page))


def test_an_unknown_help_page_is_not_found(client):
    assert client.get("/help/nothing-here/").status_code == 404


def test_raw_html_in_the_guide_is_shown_as_text_not_run(settings, tmp_path, client):
    (tmp_path / "images").mkdir()
    for name in SLUGS:
        (tmp_path / name).write_text("# 标题\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n")
    (tmp_path / "README.md").write_text(
        "# 帮助\n\n[点我](javascript:alert(1)) [设计](../decisions/0005.md)\n"
    )
    settings.HELP_GUIDE_DIR = tmp_path
    guide._render.cache_clear()
    page = client.get("/help/login/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    index = client.get("/help/").content.decode()
    assert 'href="javascript:' not in index  # markdown-it refuses such a link: its text stays as typed
    assert "设计" in index and "0005.md" not in index  # a file outside the guide: its words, no link
    guide._render.cache_clear()


def test_a_picture_is_served_with_caching_headers_and_its_type(client):
    response = client.get("/help/images/01-login.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "no-store" not in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    again = client.get("/help/images/01-login.png", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "name",
    [
        "../README.md",
        "..%2FREADME.md",
        "..%2F..%2F..%2Flaborbridge%2Fsettings.py",
        "%2Fetc%2Fpasswd",
        ".hidden.png",
        "nothing.png",
        "01-login.png%00.txt",
        "..%5C01-login.png",
        "images%2F01-login.png",
    ],
)
def test_no_file_outside_the_guides_pictures_can_be_asked_for(client, name):
    assert client.get(f"/help/images/{name}").status_code == 404


def test_a_picture_name_that_leads_out_of_the_folder_is_refused_even_as_a_link(settings, tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (tmp_path / "secret.png").write_bytes(b"x")
    (images / "link.png").symlink_to(tmp_path / "secret.png")
    settings.HELP_GUIDE_DIR = tmp_path
    assert guide.image_path("link.png") is None
    assert guide.image_path("../secret.png") is None


def test_help_pages_carry_the_content_security_policy_and_are_not_stored(client):
    response = client.get("/help/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/", "login"),
        ("/workers/", "workers"),
        ("/ledger/import/", "import"),
        ("/employers/", "employers"),
        ("/reports/", "reports"),
        ("/accounts/password/", "login"),
        ("/accounts/audit/", "audit"),
        ("/fairs/", "fairs"),
        ("/training/", "training"),
    ],
)
def test_the_headers_help_link_opens_the_guide_page_of_the_current_section(client, users, path, slug):
    client.force_login(users["admin"])
    page = client.get(path).content.decode()
    assert f'href="/help/{slug}/" data-testid="help-link"' in page


def test_the_login_page_links_to_the_help(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/help/login/" data-testid="help-link"' in page
