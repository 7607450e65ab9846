"""Erasing a person: gone from every table and kept file; the audit trail keeps only a masked trace."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Employment, FollowUp, Referral, ReferralStep
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.factories import make_employer, make_vacancy, make_worker
from laborbridge.ledger import storage
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.workbooks import error_workbook
from laborbridge.privacy.services import worker_erase
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def hired(users):
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000001")
    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    referral = referral_create(
        actor=users["tongmu"], worker=worker, vacancy=vacancy, on=datetime.date(2024, 3, 1)
    )
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=datetime.date(2024, 3, 5))
    return worker


def kept_error_workbook(users, *numbers):
    from laborbridge.ledger.rows import ImportResult

    result = ImportResult(header=["姓名", "公民身份号码"])
    result.rejected_rows = [(row, ["某人", number]) for row, number in enumerate(numbers, start=2)]
    name, _digest = storage.store(error_workbook(result), suffix=".xlsx")
    return LedgerImport.objects.create(
        county_id="451324", actor=users["tongmu"], actor_label="tongmu", file_name="台账.xlsx", file_path="",
        file_sha256="0" * 64, as_of=datetime.date(2024, 10, 31), status=LedgerImport.Status.DONE,
        errors_file=name, errors=[{"row": r, "column": "民族", "message": "不在可选范围内"} for r in (2, 3)],
    )  # fmt: skip


def test_an_administrator_erases_a_person_and_everything_that_hangs_on_them(users, hired):
    worker = hired
    counts = worker_erase(actor=users["admin"], worker=worker, reason="本人申请删除")
    assert not Worker.objects.filter(pk=worker.pk).exists()
    assert not Employment.objects.filter(worker_id=worker.pk).exists()
    assert not Referral.objects.filter(worker_id=worker.pk).exists()
    assert ReferralStep.objects.count() == 0 and FollowUp.objects.count() == 0
    assert counts["spells"] == 1 and counts["referrals"] == 1 and counts["follow_ups"] == 3


def test_the_audit_trail_keeps_the_masked_number_and_the_reason_but_no_name(users, hired):
    worker = hired
    number, masked = worker.id_number, worker.id_number_masked
    worker_erase(actor=users["admin"], worker=worker, reason="本人申请删除")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).latest("id")
    text = f"{event.object_repr} {event.details}"
    assert masked in text and "本人申请删除" in text
    assert number not in text and "黄秀英" not in text


def test_the_person_is_removed_from_kept_error_workbooks_and_their_reasons(users, hired):
    from laborbridge.core.spreadsheets import read_workbook

    worker = hired
    other = make_worker(users["tongmu"], name="蓝秀梅")
    job = kept_error_workbook(users, worker.id_number, other.id_number)
    worker_erase(actor=users["admin"], worker=worker, reason="本人申请删除")
    job.refresh_from_db()
    with storage.plaintext_copy(job.errors_file, ".xlsx") as path:
        cells = [str(c) for sheet in read_workbook(path) for row in sheet.rows for c in row]
    assert worker.id_number not in cells and other.id_number in cells
    assert [e["row"] for e in job.errors] == [3]


def test_only_an_administrator_may_erase_and_a_reason_is_required(users, hired):
    with pytest.raises(PermissionDenied):
        worker_erase(actor=users["jinxiu"], worker=hired, reason="本人申请删除")
    with pytest.raises(ValidationError):
        worker_erase(actor=users["admin"], worker=hired, reason="")
    assert Worker.objects.filter(pk=hired.pk).exists()


def test_the_page_asks_for_a_reason_and_a_confirmation(users, hired, client):
    client.force_login(users["admin"])
    url = f"/privacy/workers/{hired.pk}/erase/"
    assert "删除原因" in client.get(url).content.decode()
    assert client.post(url, {"reason": "本人申请删除"}).status_code == 422
    assert Worker.objects.filter(pk=hired.pk).exists()
    assert client.post(url, {"reason": "本人申请删除", "confirm": "on"}).status_code == 302
    assert not Worker.objects.filter(pk=hired.pk).exists()
    client.force_login(users["jinxiu"])
    assert client.get(f"/privacy/workers/{make_worker(users['jinxiu']).pk}/erase/").status_code == 403


def test_the_command_erases_as_the_named_administrator(users, hired):
    call_command("erase_worker", str(hired.pk), "--reason", "重复登记", "--user", "admin")
    assert not Worker.objects.filter(pk=hired.pk).exists()
