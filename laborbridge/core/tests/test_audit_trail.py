"""Each refused access, upload, check, import, export, login and change writes exactly one audit event
saying when, who (user, role, region), what (object), whether it succeeded and from which address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD, TONGMU, make_id, make_worker
from laborbridge.ledger.jobs import ledger_apply
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.tests.ledgers import make_id as ledger_id
from laborbridge.ledger.tests.ledgers import write_xlsx

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
ADDRESS = "10.20.30.40"


def only(action) -> AuditEvent:
    """The one event of `action`; fails if there are none or several."""
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [str(e) for e in events]
    return events[0]


def assert_complete(event: AuditEvent, *, user, success=True, ip=ADDRESS):
    assert event.time is not None
    assert (event.actor, event.actor_label, event.role) == (user, user.username, user.role)
    assert event.region_code
    assert event.object_type
    assert event.success is success
    assert event.ip == ip


def test_a_refused_worker_page_writes_one_event(users, client):
    elsewhere = make_worker(users["dianbai"], township="440904101")
    client.force_login(users["tongmu"])
    assert client.get(f"/workers/{elsewhere.pk}/", REMOTE_ADDR=ADDRESS).status_code == 404
    event = only(Action.DENIED)
    assert_complete(event, user=users["tongmu"], success=False)
    assert (event.object_type, event.object_id, event.region_code) == (
        "workers:detail",
        str(elsewhere.pk),
        TONGMU,
    )
    assert event.details == {"status": 404, "method": "GET"}


def test_a_refused_api_operation_writes_one_event(users, client):
    elsewhere = make_worker(users["dianbai"], township="440904101")
    client.force_login(users["tongmu"])
    assert client.get(f"/api/v1/workers/{elsewhere.pk}", REMOTE_ADDR=ADDRESS).status_code == 404
    event = only(Action.DENIED)
    assert_complete(event, user=users["tongmu"], success=False)
    assert (event.object_type, event.object_id) == ("api:get_worker", str(elsewhere.pk))


def test_a_refused_export_writes_one_event(users, client):
    client.force_login(users["auditor"])
    assert client.post("/ledger/export/", REMOTE_ADDR=ADDRESS).status_code == 403
    event = only(Action.DENIED)
    assert event.object_type == "ledger:export" and event.details["status"] == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_refused_unmask_is_recorded_once_not_again_by_the_refusal(users, client):
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    assert client.post(f"/workers/{worker.pk}/unmask/", REMOTE_ADDR=ADDRESS).status_code == 403
    assert AuditEvent.objects.filter(success=False).count() == 1
    assert_complete(only(Action.UNMASK), user=users["tongmu"], success=False)


def test_a_missing_page_outside_personal_data_writes_no_event(users, client):
    client.force_login(users["tongmu"])
    assert client.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.exclude(action=Action.LOGIN).exists()


def test_upload_check_and_import_each_write_one_event_from_the_uploaders_address(
    users, client, tmp_path, django_capture_on_commit_callbacks
):
    header = ["姓名", "公民身份号码", "乡(镇)"]
    data = write_xlsx(
        tmp_path / "l.xlsx", header, [["黄秀英", ledger_id("19900101", 52), "桐木镇"]]
    ).read_bytes()
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ledger/import/",
            {"file": SimpleUploadedFile("台账.xlsx", data), "county": "451324", "as_of": "2024-10-31"},
            REMOTE_ADDR=ADDRESS,
        )
    job = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False):  # confirmed; the worker applies it later
        client.post(f"/ledger/import/{job.pk}/confirm/", REMOTE_ADDR=ADDRESS)
    ledger_apply(job.pk)  # the background worker: no request, so the address comes from the upload
    for action in (Action.UPLOAD, Action.CHECK, Action.IMPORT):
        event = only(action)
        assert_complete(event, user=users["tongmu"])
        assert (event.object_type, event.object_id) == ("ledger.ledgerimport", str(job.pk))
        assert event.region_code == "451324"


def test_cancelling_a_checked_import_writes_one_event(
    users, client, tmp_path, django_capture_on_commit_callbacks
):
    header = ["姓名", "公民身份号码", "乡(镇)"]
    data = write_xlsx(
        tmp_path / "l.xlsx", header, [["黄秀英", ledger_id("19900101", 52), "桐木镇"]]
    ).read_bytes()
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ledger/import/",
            {"file": SimpleUploadedFile("台账.xlsx", data), "county": "451324", "as_of": "2024-10-31"},
            REMOTE_ADDR=ADDRESS,
        )
    job = LedgerImport.objects.get()
    client.post(f"/ledger/import/{job.pk}/cancel/", REMOTE_ADDR=ADDRESS)
    event = only(Action.UPDATE)
    assert_complete(event, user=users["tongmu"])
    assert (event.object_id, event.details) == (str(job.pk), {"status": ["checked", "cancelled"]})


def test_a_failed_check_writes_one_failed_event(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ledger/import/",
            {
                "file": SimpleUploadedFile("空.csv", "甲,乙\n".encode()),
                "county": "451324",
                "as_of": "2024-10-31",
            },
            REMOTE_ADDR=ADDRESS,
        )
    assert LedgerImport.objects.get().status == LedgerImport.Status.FAILED
    assert_complete(only(Action.CHECK), user=users["tongmu"], success=False)


def test_an_export_writes_one_event_with_the_address_of_the_request_that_asked(
    users, client, django_capture_on_commit_callbacks
):
    from laborbridge.ledger.tests.exports import export

    make_worker(users["tongmu"])
    client.force_login(users["jinxiu"])
    assert export(client, django_capture_on_commit_callbacks, REMOTE_ADDR=ADDRESS).status_code == 200
    event = only(Action.EXPORT)
    assert_complete(event, user=users["jinxiu"])
    assert event.details["rows"] == 1


def test_a_login_and_a_failed_login_each_write_one_event(users, client):
    client.post("/accounts/login/", {"username": "tongmu", "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    failed = only(Action.LOGIN_FAILED)
    assert (failed.actor_label, failed.success, failed.ip) == ("tongmu", False, ADDRESS)
    client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    login = only(Action.LOGIN)
    assert (login.actor, login.role, login.region_code, login.ip) == (
        users["tongmu"],
        "township",
        TONGMU,
        ADDRESS,
    )


def test_a_change_writes_one_event(users, client):
    client.force_login(users["tongmu"])
    client.post(
        "/workers/new/",
        {"name": "赵明", "id_number": make_id(), "township": TONGMU, "poverty_status": "ordinary"},
        REMOTE_ADDR=ADDRESS,
    )
    assert_complete(only(Action.CREATE), user=users["tongmu"])
    assert AuditEvent.objects.exclude(action=Action.LOGIN).count() == 1
