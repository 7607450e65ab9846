"""Upload → check → confirm → done, through the pages, with the background queue running each task."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from laborbridge.core.models import AuditEvent
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡(镇)", "联系电话"]


@pytest.fixture
def ledger_bytes(tmp_path):
    bad = make_id("19900101", 51)[:17] + ("0" if make_id("19900101", 51)[17] != "0" else "1")
    rows = [["黄秀英", make_id("19900101", 52), "桐木镇", "13800000001"], ["错号", bad, "桐木镇", ""],
            ["盘志华", make_id("19900101", 54), "桐木镇", ""]]  # fmt: skip
    return write_xlsx(tmp_path / "l.xlsx", HEADER, rows).read_bytes()


def upload(client, data: bytes, name="台账.xlsx", county="451324", as_of="2024-10-31"):
    return client.post(
        "/ledger/import/", {"file": SimpleUploadedFile(name, data), "county": county, "as_of": as_of}
    )


def test_the_whole_road_from_upload_to_registry(
    client, users, ledger_bytes, django_capture_on_commit_callbacks
):
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, ledger_bytes)
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and response.url == f"/ledger/import/{job.pk}/"
    assert job.status == "checked" and (job.rows, job.created, job.rejected) == (3, 2, 1)
    assert not Worker.objects.exists()  # checked, not yet imported
    page = client.get(response.url).content.decode()
    assert "确认导入" in page and "校验位错误" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledger/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and job.created == 2
    assert Worker.objects.count() == 2
    history = client.get("/ledger/import/").content.decode()
    assert "台账.xlsx" in history and "已完成" in history


def test_the_progress_fragment_is_polled_until_the_job_ends(client, users):
    client.force_login(users["tongmu"])
    job = LedgerImport.objects.create(county_id="451324", actor=users["tongmu"], actor_label="tongmu",
                                      file_name="l.xlsx", file_path="x", file_sha256="0", as_of="2024-10-31",
                                      status="importing", progress=40)  # fmt: skip
    fragment = client.get(f"/ledger/import/{job.pk}/progress/")
    assert 'value="40"' in fragment.content.decode() and 'hx-trigger="every 1s"' in fragment.content.decode()
    LedgerImport.objects.filter(pk=job.pk).update(status="done", progress=100)
    finished = client.get(f"/ledger/import/{job.pk}/progress/")
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"


def test_the_error_workbook_goes_only_to_the_uploader_and_is_audited(client, users, ledger_bytes,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, ledger_bytes)
    job = LedgerImport.objects.get()
    response = client.get(f"/ledger/import/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][:2] == [4, "错号"] and "校验位" in rows[1][-1]
    assert AuditEvent.objects.filter(action="export", actor=users["tongmu"]).exists()
    client.force_login(users["jinxiu"])  # sees the county's imports, but the rows are the uploader's
    assert client.get(f"/ledger/import/{job.pk}/").status_code == 200
    assert client.get(f"/ledger/import/{job.pk}/errors.xlsx").status_code == 403
    client.force_login(users["dianbai"])
    assert client.get(f"/ledger/import/{job.pk}/").status_code == 404


def test_an_administrator_downloads_someone_elses_error_rows_only_with_a_reason(
    client, users, ledger_bytes, django_capture_on_commit_callbacks
):
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, ledger_bytes)
    job = LedgerImport.objects.get()
    client.force_login(users["admin"])
    url = f"/ledger/import/{job.pk}/errors.xlsx"
    asked = client.get(url)
    assert asked.status_code == 200 and "下载事由" in asked.content.decode()
    assert asked["Content-Type"].startswith("text/html")
    refused = client.post(url, {"reason": "", "confirm": "on"})
    assert refused.status_code == 422 and "事由" in refused.content.decode()
    assert client.post(url, {"reason": "核对 13800000001 的记录", "confirm": "on"}).status_code == 422
    assert not AuditEvent.objects.filter(action="export", actor=users["admin"]).exists()
    given = client.post(url, {"reason": "核查桐木镇台账导入问题", "confirm": "on"})
    assert (
        given.status_code == 200
        and given["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    event = AuditEvent.objects.get(action="export", actor=users["admin"])
    assert event.details["reason"] == "核查桐木镇台账导入问题"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("l.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"), "密码"),
     ("l.xlsx", b"PK\x03\x04broken", "损坏"),
     ("l.pdf", b"%PDF-1.4", "只能导入"),
     ("l.xlsx", b"\x00\x01\x02\x03" * 100, "无法识别"),
     ("l.xlsx", b"name,id\n", "扩展名不符"),
     ("l.csv", b"", "空")],
)  # fmt: skip
def test_files_that_cannot_be_read_get_a_clear_message_not_a_500(client, users, name, data, message,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data, name=name)
    if response.status_code == 302:  # accepted as a spreadsheet, then failed to read in the background
        job = LedgerImport.objects.get()
        assert job.status == "failed" and message in job.message
        assert message in client.get(response.url).content.decode()
    else:
        assert response.status_code == 422 and message in response.content.decode()
    assert not Worker.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, users, settings):
    settings.LEDGER_MAX_UPLOAD_MB = 0
    client.force_login(users["tongmu"])
    response = upload(client, b"name,id\n1,2\n", name="l.csv")
    assert response.status_code == 422 and "MB" in response.content.decode()


def test_roles_that_cannot_write_cannot_import(client, users):
    for role in ("xiezuo", "auditor", "employer"):
        client.force_login(users[role])
        assert client.get("/ledger/import/").status_code == 403


def test_a_township_cannot_import_into_another_county(client, users, ledger_bytes):
    client.force_login(users["tongmu"])
    response = upload(client, ledger_bytes, county="440904")
    assert response.status_code == 422 and not LedgerImport.objects.exists()


def test_the_template_has_drop_downs_and_text_id_column(client, users):
    client.force_login(users["jinxiu"])
    response = client.get("/ledger/template.xlsx")
    assert response.status_code == 200
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<dataValidation ") >= 6 and "lists!$" in sheet
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(1).to_python()
    assert "桐木镇" in [r[3] for r in rows]  # the township list of the county


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.binary(min_size=1, max_size=1500), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".ods"]))
def test_random_uploads_never_cause_a_server_error_or_a_partial_import(client, users, data, suffix,
                                                                       django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data, name=f"random{suffix}")
    assert response.status_code in (302, 422)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200
        job = LedgerImport.objects.order_by("-pk").first()
        assert job.status in ("failed", "checked")
    assert not Worker.objects.exists()


def test_the_audit_log_names_an_import_by_its_file_not_by_a_status_it_has_since_left(
    client, users, ledger_bytes, django_capture_on_commit_callbacks
):
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, ledger_bytes)
    job = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledger/import/{job.pk}/confirm/")
    event = AuditEvent.objects.get(action="import")
    assert event.object_repr == "台账.xlsx"
