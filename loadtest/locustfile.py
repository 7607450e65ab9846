"""The load test: county and township staff at work, and people on their phones reading the public job board.

    .venv/bin/locust -f loadtest/locustfile.py --host http://127.0.0.1:8000 --headless -u 50 -r 5 -t 3m

See docs/load-test.md for the server under test and how to prepare it (loadtest/prepare.py makes the staff
accounts, with a phone each, the search terms and the small ledgers this file reads from LOADTEST_DIR,
var/loadtest by default). Every simulated staff member signs in as a real user does: password, then the
one-time code of their phone (TOTP, computed here from the device's secret), with DEBUG off on the server.

Staff (StaffUser) browse the registry's pages and filters, search by name, pinyin and the last digits of an
ID number (kept within the per-user limits: IDENTIFIER_SEARCHES per 10 minutes, ID_TAIL_SEARCHES_PER_DAY),
open workers, upload a small ledger through the real page and confirm it once the background job checked it,
and run reports (dashboard, indicator lists, the official table) and exports. Anonymous phone users
(PhoneUser) read /jobs/, job pages, training classes and job fairs' public pages. Any answer but the expected
one (a 403 from a rate limit included) is a failure: the target is none.
"""

import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from hashlib import sha1
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = Path(os.environ.get("LOADTEST_DIR", Path(__file__).resolve().parent.parent / "var" / "loadtest"))
ACCOUNTS = json.loads((DATA / "users.json").read_text()) if (DATA / "users.json").exists() else []
TERMS = json.loads((DATA / "terms.json").read_text()) if (DATA / "terms.json").exists() else {}
_next_account = itertools.cycle(range(len(ACCOUNTS) or 1))

# Below the server's limits (30 identifier searches per 10 minutes, 60 tail searches a day per user), so that a
# run of up to 10 minutes never meets them: a limit met is a failure of the test, not of the server.
TAIL_SEARCHES_PER_USER = int(os.environ.get("LOADTEST_TAIL_SEARCHES", "20"))
# An import is at most this long in the background before the simulated user stops watching it (a failure).
IMPORT_PATIENCE_S = 120
# The same for an export being built in the background.
EXPORT_PATIENCE_S = 120

WORKER_LINK = re.compile(r'href="/workers/(\d+)/"')
JOB_LINK = re.compile(r'href="/jobs/(\d+)/"')
CLASS_LINK = re.compile(r'href="/jobs/training/(\d+)/"')
NEXT_LINK = re.compile(r'href="(\?[^"]*after=[^"]*)"')
IMPORT_JOB = re.compile(r"/ledger/import/(\d+)/$")
EXPORT_JOB = re.compile(r"/ledger/export/(\d+)/$")


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code a phone shows for this TOTP secret now (RFC 6238, SHA-1, as django-otp checks it)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


@events.test_start.add_listener
def _check_data(environment, **_kwargs):
    if not ACCOUNTS or not TERMS:
        raise SystemExit(f"No accounts in {DATA}: run loadtest/prepare.py first (docs/load-test.md).")


class StaffUser(HttpUser):
    """A county or township clerk: signs in once, then works through the registry, searches, imports, reports."""

    weight = 1
    wait_time = between(2, 8)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account)]
        self.worker_ids: list[int] = []
        self.tail_searches = 0
        self.sign_in()

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def sign_in(self):
        self.client.get("/accounts/login/", name="sign in: form")
        with self.client.post(
            "/accounts/login/",
            {"username": self.account["username"], "password": self.account["password"],
             "csrfmiddlewaretoken": self.csrf()},
            name="sign in: password", catch_response=True,
        ) as response:  # fmt: skip
            if "/accounts/otp/" not in response.url:
                response.failure(f"password step did not ask for the code ({response.url})")
                return
        for attempt in (1, 2):
            with self.client.post(
                "/accounts/otp/",
                {"code": totp(self.account["totp_key"]), "csrfmiddlewaretoken": self.csrf()},
                name="sign in: one-time code", catch_response=True,
            ) as response:  # fmt: skip
                if "/accounts/" not in response.url:
                    return
                # A code typed in one 30-second step can reach a saturated server two steps later, when the
                # phone shows the next: a person types the new code once more; a second refusal is a failure.
                if attempt == 2:
                    response.failure(f"the one-time code was refused twice ({response.url})")

    def remember_workers(self, html: str):
        found = WORKER_LINK.findall(html)
        if found:
            self.worker_ids = [int(pk) for pk in found[:50]]

    # --- browsing -----------------------------------------------------------------------------------------

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def worker_list(self):
        response = self.client.get("/workers/", name="workers: list")
        self.remember_workers(response.text)
        following = NEXT_LINK.search(response.text)
        if following and random.random() < 0.5:
            self.client.get("/workers/" + following.group(1).replace("&amp;", "&"), name="workers: next page")

    @task(3)
    def worker_list_filtered(self):
        params = random.choice(
            [
                {"poverty_status": "alleviated"},
                {"sex": random.choice("MF"), "age_min": 18, "age_max": 45},
                {"employed": random.choice(["yes", "no"])},
                {"place_class": random.choice(["in_county", "partner_province", "in_province"])},
                {"poverty_status": "monitored", "employed": "no"},
            ]
        )
        response = self.client.get("/workers/", params=params, name="workers: filtered")
        self.remember_workers(response.text)

    # --- searching ----------------------------------------------------------------------------------------

    @task(3)
    def search_name(self):
        response = self.client.get(
            "/workers/", params={"q": random.choice(TERMS["names"])}, name="search: name"
        )
        self.remember_workers(response.text)

    @task(1)
    def search_surname(self):
        self.client.get("/workers/", params={"q": random.choice(TERMS["surnames"])}, name="search: surname")

    @task(2)
    def search_pinyin(self):
        self.client.get("/workers/", params={"q": random.choice(TERMS["pinyin"])}, name="search: pinyin")

    @task(1)
    def search_id_tail(self):
        if self.tail_searches >= TAIL_SEARCHES_PER_USER:
            return
        self.tail_searches += 1
        # Posted, so that the digits never travel in a URL; the answer is a redirect to the list under a key.
        self.client.post(
            "/workers/",
            {"q": random.choice(TERMS["id_tails"]), "csrfmiddlewaretoken": self.csrf()},
            name="search: ID tail",
        )

    # --- opening workers ----------------------------------------------------------------------------------

    @task(4)
    def worker_detail(self):
        if not self.worker_ids:
            return self.worker_list()
        self.client.get(f"/workers/{random.choice(self.worker_ids)}/", name="workers: detail")

    # --- reports and exports ------------------------------------------------------------------------------

    @task(2)
    def dashboard(self):
        self.client.get("/reports/", name="reports: dashboard")

    @task(2)
    def indicator_list(self):
        key = random.choice(TERMS["indicators"])
        self.client.get(f"/reports/{key}/", params={"from": "2024-01-01", "to": "2024-10-31"},
                        name="reports: indicator list")  # fmt: skip

    @task(1)
    def official_report(self):
        self.client.get("/reports/official/", params={"from": "2024-01-01", "to": "2024-10-31"},
                        name="reports: official table")  # fmt: skip

    @task(1)
    def exports(self):
        choice = random.random()
        if choice < 0.4:
            self.export_workers()
        elif choice < 0.7:
            key = random.choice(TERMS["indicators"])
            self.client.get(f"/reports/{key}/", params={"from": "2024-01-01", "to": "2024-10-31", "format": "xlsx"},
                            name="export: indicator list")  # fmt: skip
        else:
            self.client.get("/reports/official/", params={"from": "2024-01-01", "to": "2024-10-31", "format": "xlsx"},
                            name="export: official table")  # fmt: skip

    def export_workers(self):
        """The masked list of the county's 脱贫 (background job): ask, poll as the page does, then download."""
        with self.client.post(
            "/ledger/export/?poverty_status=alleviated", {"csrfmiddlewaretoken": self.csrf()},
            name="export: workers (ask)", catch_response=True,
        ) as response:  # fmt: skip
            found = EXPORT_JOB.search(response.url)
            if not found:
                response.failure(f"the export did not start a job ({response.url})")
                return
        job = int(found.group(1))
        deadline = time.monotonic() + EXPORT_PATIENCE_S
        while time.monotonic() < deadline:
            progress = self.client.get(f"/ledger/export/{job}/progress/", name="export: workers (progress)")
            if progress.status_code == 204:
                break
            time.sleep(1)  # the page polls every second (hx-trigger)
        with self.client.get(
            f"/ledger/export/{job}/", name="export: workers (job page)", catch_response=True
        ) as page:
            if 'data-testid="download"' not in page.text:
                page.failure(f"export {job} was not built")
                return
        with self.client.get(f"/ledger/export/{job}/download.xlsx", name="export: workers (download)",
                             catch_response=True) as download:  # fmt: skip
            if not download.content.startswith(b"PK"):
                download.failure(f"export {job}: the download is not a workbook")

    # --- importing ----------------------------------------------------------------------------------------

    @task(1)
    def import_ledger(self):
        if random.random() > 0.3:  # about one task in forty is an import
            return
        self.client.get("/ledger/import/", name="import: page")
        ledger = DATA / self.account["ledger"]
        with ledger.open("rb") as handle, self.client.post(
            "/ledger/import/",
            data={"county": self.account["county"], "as_of": "2024-10-31", "csrfmiddlewaretoken": self.csrf()},
            files={"file": (ledger.name, handle, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
            name="import: upload", catch_response=True,
        ) as response:  # fmt: skip
            found = IMPORT_JOB.search(response.url)
            if not found:
                response.failure(f"the upload did not start a job ({response.url})")
                return
        job = int(found.group(1))
        if self.watch(job, "待确认"):
            self.client.post(f"/ledger/import/{job}/confirm/", {"csrfmiddlewaretoken": self.csrf()},
                             name="import: confirm")  # fmt: skip
            self.watch(job, "已完成")

    def watch(self, job: int, until: str) -> bool:
        """Poll the progress as the page does (every 2 s) until the job stops; then read the job's page."""
        deadline = time.monotonic() + IMPORT_PATIENCE_S
        while time.monotonic() < deadline:
            progress = self.client.get(f"/ledger/import/{job}/progress/", name="import: progress")
            if progress.status_code == 204:
                break
            time.sleep(2)
        with self.client.get(f"/ledger/import/{job}/", name="import: job page", catch_response=True) as page:
            if until not in page.text:
                page.failure(f"job {job} did not reach {until}")
                return False
        return True


class PhoneUser(HttpUser):
    """Someone on a phone, not signed in: the job board, a job, a training class, a job fair's page."""

    weight = 1
    wait_time = between(1, 5)

    def on_start(self):
        self.jobs: list[int] = []
        self.classes: list[int] = []

    @task(4)
    def board(self):
        response = self.client.get("/jobs/", name="public: job board")
        self.jobs = [int(pk) for pk in JOB_LINK.findall(response.text)] or self.jobs
        following = NEXT_LINK.search(response.text)
        if following and random.random() < 0.3:
            self.client.get(
                "/jobs/" + following.group(1).replace("&amp;", "&"), name="public: job board next page"
            )

    @task(2)
    def board_filtered(self):
        params = random.choice(
            [{"lodging": "on"}, {"pay": 5000}, {"place": "广东"}, {"meals": "on", "lodging": "on"}]
        )
        self.client.get("/jobs/", params=params, name="public: job board filtered")

    @task(4)
    def job(self):
        if not self.jobs:
            return self.board()
        self.client.get(f"/jobs/{random.choice(self.jobs)}/", name="public: job")

    @task(1)
    def training(self):
        response = self.client.get("/jobs/training/", name="public: training classes")
        found = CLASS_LINK.findall(response.text)
        if found:
            self.client.get(f"/jobs/training/{random.choice(found)}/", name="public: training class")

    @task(1)
    def fair(self):
        if TERMS.get("fairs"):
            self.client.get(f"/fairs/p/{random.choice(TERMS['fairs'])}/", name="public: fair")
