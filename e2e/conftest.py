"""Browser tests: Playwright driving Debian's Chromium against a live server on the test database.

They run in their own pytest invocation (`make test` does this when /usr/bin/chromium exists), because
a live server needs real transactions, whose flush would take the regions from the other tests.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "guide_screenshots" in str(item.fspath):
            item.add_marker(pytest.mark.screenshots)
        elif "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("browser tests skipped: Chromium not found at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def world(transactional_db, django_db_blocker):
    """Regions and the demo users on a fresh database (a live-server test flushes it afterwards)."""
    from django.core.cache import cache

    from laborbridge.demo.services import _users
    from laborbridge.employers.services import occupations_load
    from laborbridge.regions.services import regions_load

    regions_load()
    occupations_load()  # reference data from a migration is gone after the previous test's flush
    # The shared cache is a table the flush leaves alone: without this, one test's phone codes and sign-ups
    # from 127.0.0.1 count against the next test's per-address limits.
    cache.clear()
    return _users()


class Page:
    """A browser page that fails the test on any console error or failed request, and checks accessibility."""

    def __init__(self, page, base):
        self.page, self.base, self.problems = page, base, []
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 500 else None,
        )

    def _console(self, message):
        # A form sent back with its errors answers 422 on purpose; Chromium logs that as an error.
        if message.type == "error" and "status of 422" not in message.text:
            self.problems.append(f"console: {message.text}")

    def _failed(self, request):
        # A download ends its navigation with ERR_ABORTED: that is the browser saving the file, not a fault.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"request failed: {request.url} {request.failure}")

    def goto(self, path):
        self.page.goto(self.base + path)
        return self.page

    def login(self, username, password=None):
        from laborbridge.demo.services import demo_password

        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password or demo_password())
        self.page.click("main button[type=submit]")

    def axe(self):
        """No serious or critical accessibility violations on the current page."""
        self.page.evaluate(AXE)  # not a <script> tag: the Content-Security-Policy refuses inline scripts
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])})"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, bad

    def fits(self):
        """Nothing wider than the screen."""
        width = self.page.evaluate("document.documentElement.clientWidth")
        assert self.page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def open_page(browser, live_server):
    """Open browser pages; after the test, any console error, failed request or 5xx fails it."""
    pages, contexts = [], []

    def make(width=1280, height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
        )
        contexts.append(context)
        page = Page(context.new_page(), live_server.url)
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()
    problems = [problem for page in pages for problem in page.problems]
    assert not problems, problems


@pytest.fixture
def records(world):
    """A 金秀 worker referred to and hired by an 电白 employer (with its own account `qiye`), and one waiting."""
    from laborbridge.accounts.models import User
    from laborbridge.demo.services import demo_password
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.employment.services import referral_advance, referral_create
    from laborbridge.factories import (
        DIANBAI,
        TONGMU,
        TOUPAI,
        make_employer,
        make_uscc,
        make_vacancy,
        make_worker,
    )

    dianbai, tongmu, day = world["dianbai"], world["tongmu"], datetime.date(2024, 3, 1)
    employer = make_employer(
        dianbai, uscc=make_uscc(31), provided_by=DIANBAI, address="茂名市电白区水东镇海滨路一段128号"
    )
    firm = User.objects.create_user("qiye", password=demo_password(), role=User.Role.EMPLOYER, is_demo=True)
    employer.members.add(firm)
    vacancy = make_vacancy(dianbai, employer, title="水产品加工普工（包吃包住，月休四天）")
    vacancy_set_status(actor=dianbai, vacancy=vacancy, status="open")
    worker = make_worker(tongmu, name="黄秀英", township=TONGMU, phone="13800000001")
    hired = make_worker(world["jinxiu"], name="蓝秀梅", township=TOUPAI)
    referral = referral_create(actor=world["jinxiu"], worker=hired, vacancy=vacancy, on=day)
    referral_advance(
        actor=world["jinxiu"], referral=referral, status="hired", on=day + datetime.timedelta(days=3)
    )
    referral_create(actor=tongmu, worker=worker, vacancy=vacancy, on=day)
    return {
        "worker": f"/workers/{worker.pk}/",
        "referred": f"/workers/{hired.pk}/",
        "employer": f"/employers/{employer.pk}/",
        "vacancy": f"/employers/vacancies/{vacancy.pk}/",
    }
