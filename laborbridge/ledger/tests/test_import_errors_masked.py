"""A ledger with its columns misplaced does not leave full ID numbers or phones in the stored error list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from laborbridge.core.redaction import full_numbers
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_phone_in_the_township_column_is_masked_in_the_stored_errors(
    client, users, tmp_path, django_capture_on_commit_callbacks
):
    header = ["姓名", "公民身份号码", "乡(镇)", "联系电话"]
    rows = [["黄秀英", make_id("19900101", 52), "13812345678", make_id("19900101", 54)]]
    data = write_xlsx(tmp_path / "l.xlsx", header, rows).read_bytes()
    client.force_login(users["tongmu"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ledger/import/",
            {"file": SimpleUploadedFile("l.xlsx", data), "county": "451324", "as_of": "2024-10-31"},
        )
    job = LedgerImport.objects.get()
    messages = " ".join(error["message"] for error in job.errors)
    assert "138****5678" in messages
    assert not full_numbers(str(job.errors)) and not full_numbers(
        client.get(f"/ledger/import/{job.pk}/").content.decode()
    )
