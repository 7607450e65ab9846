"""The registry's export: masked for everyone without a question; full numbers only with a reason, audited."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laborbridge.core.models import AuditEvent
from laborbridge.factories import make_worker
from laborbridge.ledger.exporting import export_reason_clean
from laborbridge.ledger.models import ExportJob
from laborbridge.ledger.tests.exports import export, rows_of

pytestmark = pytest.mark.django_db
REASON = "报送就业补贴名单至县人社局"


@pytest.fixture
def masked(client, django_capture_on_commit_callbacks):
    return lambda query="": export(client, django_capture_on_commit_callbacks, query)


@pytest.fixture
def full(django_capture_on_commit_callbacks):
    def ask(client, query="", **data):
        return export(client, django_capture_on_commit_callbacks, query, path="/ledger/export-full/", **data)

    return ask


def test_the_export_is_masked_escaped_and_audited(client, users, masked):
    make_worker(users["tongmu"], name="盘志华", phone="13800000009", notes='=HYPERLINK("http://x")')
    worker = make_worker(users["tongmu"], name="黄秀英", poverty_status="alleviated")
    client.force_login(users["tongmu"])  # may not unmask
    response = masked("?poverty_status=alleviated")
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 2 and rows[1][0] == "黄秀英" and rows[1][1] == worker.id_number_masked
    event = AuditEvent.objects.get(action="export")
    assert event.details["rows"] == 1 and event.details["filters"] == {"poverty_status": "alleviated"}
    header, *listed = rows_of(masked())
    pan = next(r for r in listed if r[0] == "盘志华")
    assert pan[header.index("备注")] == '\'=HYPERLINK("http://x")' and pan[5] == "138****0009"


def test_a_role_that_may_unmask_still_gets_a_masked_export_without_being_asked_a_reason(
    client, users, masked
):
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000009")
    client.force_login(users["jinxiu"])
    rows = rows_of(masked())
    assert rows[1][1] == worker.id_number_masked and rows[1][5] == "138****0009"
    event = AuditEvent.objects.get(action="export")
    assert event.details["unmasked"] is False and "reason" not in event.details


def test_the_full_export_page_names_the_count_and_asks_a_reason(client, users):
    for _ in range(3):
        make_worker(users["tongmu"])
    client.force_login(users["jinxiu"])
    page = client.get("/ledger/export-full/").content.decode()
    assert "将导出 3 人的完整身份证号和手机号" in page and "导出事由" in page


def test_the_count_is_written_with_thousands_separators(client, users, monkeypatch):
    from laborbridge.ledger import views

    class Many:
        def count(self):
            return 15006

    monkeypatch.setattr(views, "worker_list", lambda **kwargs: Many())
    client.force_login(users["jinxiu"])
    assert "将导出 15,006 人" in client.get("/ledger/export-full/").content.decode()


def test_a_full_export_without_a_reason_is_refused_in_chinese_and_exports_nothing(client, users, full):
    make_worker(users["tongmu"])
    client.force_login(users["jinxiu"])
    response = full(client, confirm="on", reason="")
    assert response.status_code == 422
    assert "请填写导出完整号码的事由" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_full_export_without_the_confirmation_exports_nothing(client, users, full):
    make_worker(users["tongmu"])
    client.force_login(users["jinxiu"])
    response = full(client, reason=REASON)
    assert response.status_code == 422 and "请勾选确认" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_empty_full_export_form_names_both_missing_answers_at_once(client, users, full):
    client.force_login(users["jinxiu"])
    html = full(client, reason="").content.decode()  # what a browser sends for the untouched form
    assert "请勾选确认" in html and "请填写导出完整号码的事由" in html


def test_a_reason_holding_a_phone_number_is_refused(client, users, full):
    client.force_login(users["jinxiu"])
    response = full(client, confirm="on", reason="应13800000009本人要求导出")
    assert response.status_code == 422
    assert "请不要在事由中填写身份证号或手机号" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_full_export_with_a_reason_gives_full_numbers_and_records_the_reason(client, users, full):
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000009")
    client.force_login(users["jinxiu"])
    response = full(client, "?q=黄秀英", confirm="on", reason=f"  {REASON} ")
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[1][1] == worker.id_number and rows[1][5] == "13800000009"
    event = AuditEvent.objects.get(action="export")
    assert event.success and event.details["unmasked"] is True
    assert event.details["reason"] == REASON and event.details["rows"] == 1
    assert event.details["filters"] == {"q": "黄秀英"}


def test_an_office_granted_the_unmask_permission_may_export_full_numbers_with_a_reason(client, users, full):
    worker = make_worker(users["tongmu"], phone="13800000009")
    users["xiezuo"].user_permissions.add(*_unmask_permission())
    client.force_login(users["xiezuo"])
    rows = rows_of(full(client, confirm="on", reason=REASON))
    assert [r[1] for r in rows[1:]] == [worker.id_number]
    assert AuditEvent.objects.get(action="export").details["reason"] == REASON


def _unmask_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="unmask_worker")


@pytest.mark.parametrize("name", ["tongmu", "xiezuo"])
def test_a_role_without_unmask_cannot_get_full_numbers_even_by_crafting_the_post(
    client, users, name, full, masked
):
    worker = make_worker(users["tongmu"], phone="13800000009")
    client.force_login(users[name])
    assert client.get("/ledger/export-full/").status_code == 403
    response = full(client, confirm="on", reason=REASON)
    assert response.status_code == 403
    assert worker.id_number.encode() not in response.content
    assert not AuditEvent.objects.filter(action="export", success=True).exists()
    rows = rows_of(masked())  # the masked export stays theirs
    assert rows[1][1] == worker.id_number_masked


def test_a_worker_list_offers_the_full_export_only_to_those_who_may_unmask(client, users):
    client.force_login(users["jinxiu"])
    assert "/ledger/export-full/" in client.get("/workers/").content.decode()
    client.force_login(users["tongmu"])
    assert "/ledger/export-full/" not in client.get("/workers/").content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="0123456789 报送名单", max_size=30))
def test_an_accepted_reason_never_holds_a_full_id_number_or_phone(text):
    from django.core.exceptions import ValidationError

    from laborbridge.core.redaction import contains_personal_numbers

    try:
        cleaned = export_reason_clean(text)
    except ValidationError:
        return
    assert len(cleaned) >= 5 and not contains_personal_numbers(cleaned)


def test_an_export_is_built_in_the_background_and_the_request_only_queues_it(client, users, monkeypatch):
    from laborbridge.ledger import tasks

    queued = []
    # No worker takes it: the job waits in the queue.
    monkeypatch.setattr(tasks, "export_build", queued.append)
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    response = client.post("/ledger/export/?poverty_status=alleviated")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ledger/export/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert (
        "排队中" in page
        and f"/ledger/export/{job.pk}/progress/" in page
        and 'data-testid="download"' not in page
    )
    assert client.get(f"/ledger/export/{job.pk}/progress/").status_code == 200
    assert client.get(f"/ledger/export/{job.pk}/download.xlsx").status_code == 404  # nothing built yet
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_built_export_reloads_the_polling_page_and_names_its_rows(client, users, masked):
    for _ in range(3):
        make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked()
    job = ExportJob.objects.get()
    assert (job.status, job.progress, job.rows) == ("done", 100, 3)
    progress = client.get(f"/ledger/export/{job.pk}/progress/")
    assert progress.status_code == 204 and progress["HX-Refresh"] == "true"
    assert "共 3 人" in client.get(f"/ledger/export/{job.pk}/").content.decode()


def test_the_kept_file_is_encrypted_and_the_filters_too(client, users, masked):
    from laborbridge.ledger import storage

    make_worker(users["tongmu"], name="黄秀英")
    client.force_login(users["tongmu"])
    masked("?q=黄秀英")
    job = ExportJob.objects.get()
    with storage.private().open(job.file_path, "rb") as handle:
        kept = handle.read()
    assert not kept.startswith(b"PK") and "黄秀英".encode() not in bytes(job.filters)


def test_an_export_is_downloaded_only_by_whoever_asked_for_it(client, users, masked):
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked()
    job = ExportJob.objects.get()
    for other in ("jinxiu", "admin"):  # the county above, and the administrator, are not the asker
        client.force_login(users[other])
        for path in ("", "progress/", "download.xlsx"):
            assert client.get(f"/ledger/export/{job.pk}/{path}").status_code == 404, (other, path)


def test_an_export_never_holds_another_regions_workers_whatever_the_filters(client, users, masked):
    from laborbridge.factories import XINCHENG_TOWNSHIP

    make_worker(users["tongmu"], name="黄秀英")
    make_worker(users["admin"], name="韦小红", township=XINCHENG_TOWNSHIP)
    client.force_login(users["tongmu"])
    assert [r[0] for r in rows_of(masked(f"?township={XINCHENG_TOWNSHIP}"))[1:]] == []
    assert [r[0] for r in rows_of(masked())[1:]] == ["黄秀英"]


def test_an_expired_export_is_removed_and_answers_404(client, users, masked):
    from django.utils import timezone

    from laborbridge.ledger import storage
    from laborbridge.ledger.tasks import export_jobs_tidy_task

    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked()
    job = ExportJob.objects.get()
    kept = job.file_path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    export_jobs_tidy_task.call_local()
    job.refresh_from_db()
    assert job.status == "expired" and not storage.private().exists(kept)
    # The asker is sent to the job's page, which says why; anyone else still gets 404.
    assert client.get(f"/ledger/export/{job.pk}/download.xlsx")["Location"] == f"/ledger/export/{job.pk}/"
    assert "文件已过期删除" in client.get(f"/ledger/export/{job.pk}/").content.decode()
    client.force_login(users["jinxiu"])
    assert client.get(f"/ledger/export/{job.pk}/download.xlsx").status_code == 404


def test_an_export_past_its_time_shows_as_expired_at_once_without_waiting_for_the_clean_up(
    client, users, masked
):
    from django.utils import timezone

    from laborbridge.ledger import storage

    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked()
    job = ExportJob.objects.get()
    kept = job.file_path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(f"/ledger/export/{job.pk}/").content.decode()
    assert "文件已过期删除" in page and "下载Excel" not in page
    assert not storage.private().exists(kept)


def test_the_lists_export_button_leads_to_the_export_page_which_names_the_count_before_anything_starts(
    client, users
):
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    listing = client.get("/workers/?poverty_status=alleviated").content.decode()
    assert 'href="/ledger/export/?poverty_status=alleviated"' in listing
    assert not ExportJob.objects.exists()


def test_an_export_page_with_no_one_to_export_offers_nothing_to_start(client, users):
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    page = client.get("/ledger/export/?q=没有这个人").content.decode()
    assert "将导出 0 人" in page and 'data-testid="nothing-to-export"' in page
    assert 'data-testid="start-export"' not in page


def test_the_export_pages_help_is_the_registrys_chapter(client, users):
    client.force_login(users["tongmu"])
    assert 'href="/help/workers/' in client.get("/ledger/export/").content.decode()


def test_an_export_whose_worker_died_is_failed_with_a_reason(client, users):
    from django.utils import timezone

    client.force_login(users["tongmu"])
    job = ExportJob.objects.create(actor=users["tongmu"], filters=b"", status=ExportJob.Status.RUNNING,
                                   heartbeat_at=timezone.now() - datetime.timedelta(hours=2))  # fmt: skip
    page = client.get(f"/ledger/export/{job.pk}/").content.decode()
    assert "后台任务意外中止" in page


def test_an_export_no_worker_took_up_is_failed_with_a_reason_and_a_late_task_does_nothing(client, users):
    from django.utils import timezone

    from laborbridge.ledger import exports

    client.force_login(users["tongmu"])
    job = ExportJob.objects.create(actor=users["tongmu"], filters=b"", status=ExportJob.Status.QUEUED)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(f"/ledger/export/{job.pk}/").content.decode()
    assert "排队超过" in page and "仍未开始" in page
    exports.export_build(job.pk)  # the lost task, arriving after all
    job.refresh_from_db()
    assert job.status == "failed" and not job.file_path


def test_an_export_waiting_in_the_queue_for_a_moment_is_left_waiting(client, users):
    client.force_login(users["tongmu"])
    job = ExportJob.objects.create(actor=users["tongmu"], filters=b"", status=ExportJob.Status.QUEUED)
    client.get(f"/ledger/export/{job.pk}/")
    job.refresh_from_db()
    assert job.status == "queued"


def test_an_account_closed_before_its_export_was_built_exports_nothing(client, users, monkeypatch):
    from laborbridge.ledger import exports, tasks

    monkeypatch.setattr(tasks, "export_build", lambda pk: None)
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    client.post("/ledger/export/")
    job = ExportJob.objects.get()
    users["tongmu"].is_active = False
    users["tongmu"].save()
    exports.export_build(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and not job.file_path
    assert not AuditEvent.objects.filter(action="export", success=True).exists()


def test_the_export_page_names_the_count_before_asking(client, users):
    for _ in range(2):
        make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    assert "将导出 2 人" in client.get("/ledger/export/").content.decode()
    assert not ExportJob.objects.exists()


def test_the_export_page_lists_the_askers_own_exports_to_come_back_to(client, users, masked):
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked()
    job = ExportJob.objects.get()
    assert f"/ledger/export/{job.pk}/" in client.get("/ledger/export/").content.decode()
    client.force_login(users["jinxiu"])
    assert f"/ledger/export/{job.pk}/" not in client.get("/ledger/export/").content.decode()


def test_an_export_names_its_filters_in_words_on_its_page_and_in_the_askers_list(client, users, masked):
    make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    masked("?poverty_status=alleviated&sex=F&age_min=30")
    job = ExportJob.objects.get()
    page = client.get(f"/ledger/export/{job.pk}/").content.decode()
    assert "脱贫" in page and "女" in page and "30 岁及以上" in page
    assert "脱贫" in client.get("/ledger/export/").content.decode()


def test_an_export_searched_by_an_id_number_does_not_repeat_the_number_on_its_page(client, users):
    from laborbridge.ledger.exports import filters_sealed
    from laborbridge.workers.selectors import WorkerFilters

    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    job = ExportJob.objects.create(
        actor=users["tongmu"], filters=filters_sealed(WorkerFilters(q=worker.id_number))
    )
    page = client.get(f"/ledger/export/{job.pk}/").content.decode()
    assert "按身份证号或手机号搜索" in page and worker.id_number not in page
