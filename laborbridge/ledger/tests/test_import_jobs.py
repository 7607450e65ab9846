"""Import jobs end, always: a hostile file fails its job with a reason, and a job whose worker died is failed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from laborbridge.core.tests.test_hostile_files import CORNERS, write_sheet
from laborbridge.ledger.jobs import ledger_jobs_fail_stale
from laborbridge.ledger.models import LedgerImport

pytestmark = pytest.mark.django_db


def running_job(user, *, minutes_silent: int, status="checking") -> LedgerImport:
    return LedgerImport.objects.create(
        county_id="451324",
        actor=user,
        actor_label=user.username,
        file_name="l.xlsx",
        file_path="gone.xlsx.enc",
        file_sha256="0",
        as_of=datetime.date(2024, 10, 31),
        status=status,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_silent),
    )


def test_a_ledger_with_cells_at_a1_and_xfd1048576_fails_its_job_with_a_reason(
    tmp_path, client, users, django_capture_on_commit_callbacks
):
    data = write_sheet(tmp_path / "corners.xlsx", CORNERS).read_bytes()
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", data), "county": "451324",
                                        "as_of": "2024-10-31"})  # fmt: skip
    job = LedgerImport.objects.get()
    assert job.status == "failed" and "数据范围过大（1048576 行 × 16384 列）" in job.message
    assert "数据范围过大（1048576 行 × 16384 列）" in client.get(f"/ledger/import/{job.pk}/").content.decode()


def test_the_same_file_as_an_employers_sheet_fails_its_job_not_the_web_server(
    tmp_path, client, users, django_capture_on_commit_callbacks
):
    data = write_sheet(tmp_path / "corners.xlsx", CORNERS).read_bytes()
    client.force_login(users["dianbai"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ledger/employers/", {"file": SimpleUploadedFile("岗位.xlsx", data)})
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and job.kind == "employers"
    assert job.status == "failed" and "数据范围过大（1048576 行 × 16384 列）" in job.message


def test_a_job_silent_past_the_deadline_is_failed_with_a_reason(users, settings):
    settings.LEDGER_JOB_STALE_MINUTES = 30
    dead = running_job(users["tongmu"], minutes_silent=31)
    alive = running_job(users["tongmu"], minutes_silent=5, status="importing")
    assert ledger_jobs_fail_stale() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "后台任务意外中止" in dead.message and dead.finished_at
    assert alive.status == "importing"


def test_whoever_watches_a_dead_job_sees_it_failed_rather_than_running_for_ever(client, users):
    job = running_job(users["tongmu"], minutes_silent=24 * 60)
    client.force_login(users["tongmu"])
    progress = client.get(f"/ledger/import/{job.pk}/progress/")
    assert progress.status_code == 204  # the page reloads, and shows why it failed
    assert "后台任务意外中止" in client.get(f"/ledger/import/{job.pk}/").content.decode()


def test_a_job_still_working_keeps_its_heartbeat(tmp_path, client, users, django_capture_on_commit_callbacks):
    from laborbridge.ledger.tests.ledgers import make_id, write_xlsx

    data = write_xlsx(tmp_path / "l.xlsx", ["姓名", "公民身份号码", "乡(镇)"],
                      [["黄秀英", make_id("19900101", 52), "桐木镇"]]).read_bytes()  # fmt: skip
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", data), "county": "451324",
                                        "as_of": "2024-10-31"})  # fmt: skip
    job = LedgerImport.objects.get()
    assert job.status == "checked" and job.heartbeat_at is not None


def test_a_confirmed_job_waiting_in_the_queue_is_not_taken_for_dead(users, client, settings):
    job = running_job(users["tongmu"], minutes_silent=24 * 60, status="checked")
    client.force_login(users["tongmu"])
    client.post(f"/ledger/import/{job.pk}/confirm/")  # queued; the test's queue runs it only on commit
    assert ledger_jobs_fail_stale() == 0
    job.refresh_from_db()
    assert job.status == "importing"
