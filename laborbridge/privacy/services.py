"""Erasure of a person (PIPL art. 47): gone from every table and kept file, one masked trace in the audit trail.

This app sits above the registry, employment and the ledger because a person's data reaches all three.
"""

import io

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import idnumber
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import read_workbook
from laborbridge.employment.models import Employment, FollowUp, Referral, ReferralStep
from laborbridge.ledger import storage
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.workbooks import write_value
from laborbridge.workers.models import Worker

PENDING = (LedgerImport.Status.UPLOADED, LedgerImport.Status.CHECKING, LedgerImport.Status.CHECKED)


def _holds(cells, number: str) -> bool:
    return any(cell is not None and number in idnumber.normalise(cell) for cell in cells)


def _rows(name: str, suffix: str) -> list[list]:
    with storage.plaintext_copy(name, suffix) as path:
        return [row for sheet in read_workbook(path) for row in sheet.rows]


def _without(rows: list[list], number: str) -> tuple[bytes, set]:
    """An error workbook rewritten without the person's rows; returns it and the Excel rows dropped."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = {"date": book.add_format({"num_format": "yyyy-mm-dd"})}
    sheet = book.add_worksheet(_("未导入的行"))
    dropped, out = set(), 0
    for index, row in enumerate(rows):
        if index and _holds(row, number):
            dropped.add(row[0])
            continue
        for col, value in enumerate(row):
            write_value(sheet, out, col, value, formats)
        out += 1
    book.close()
    return buffer.getvalue(), {int(n) for n in dropped if isinstance(n, int | float)}


def _scrub_imports(number: str) -> int:
    """Remove the person from kept ledger files; a pending upload holding them is cancelled. Returns files changed."""
    changed = 0
    for job in LedgerImport.objects.exclude(errors_file="").select_for_update():
        rows = _rows(job.errors_file, ".xlsx")
        if not any(_holds(row, number) for row in rows[1:]):
            continue
        data, dropped = _without(rows, number)
        storage.remove(job.errors_file)
        job.errors_file = storage.store(data, suffix=".xlsx")[0]
        job.errors = [e for e in job.errors if e.get("row") not in dropped and number not in str(e)]
        job.save(update_fields=["errors_file", "errors"])
        changed += 1
    for job in LedgerImport.objects.filter(status__in=PENDING).exclude(file_path="").select_for_update():
        suffix = "." + job.file_name.rsplit(".", 1)[-1].lower() if "." in job.file_name else ".xlsx"
        try:
            holds = any(_holds(row, number) for row in _rows(job.file_path, suffix))
        except Exception:  # an unreadable upload cannot be checked: it is dropped rather than kept unchecked
            holds = True
        if holds:
            storage.remove(job.file_path)
            job.status, job.message = (
                LedgerImport.Status.CANCELLED,
                _("其中有已删除个人信息的人员，本次导入已取消"),
            )
            job.save(update_fields=["status", "message"])
            changed += 1
    return changed


def _deleted(queryset) -> int:
    """Delete; count the rows of the queryset's own model (not the rows that went with them, e.g. sign-ups)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


@transaction.atomic
def worker_erase(*, actor, worker: Worker, reason: str, request=None) -> dict:
    """Erase a person and all that hangs on them; the audit trail keeps the masked ID and the reason only."""
    if not policy.may(actor, "erase_workers"):
        raise PermissionDenied(_("只有系统管理员可以删除个人信息"))
    reason = " ".join((reason or "").split())[:200]
    if len(reason) < 4:
        raise ValidationError({"reason": [_("请填写删除的原因（如本人申请、依法应当删除的情形）")]})
    number, masked, region = worker.id_number, worker.id_number_masked, worker.township_id
    referrals = Referral.objects.filter(worker=worker)
    counts = {
        "follow_ups": _deleted(
            FollowUp.objects.filter(Q(employment__worker=worker) | Q(enrolment__worker=worker))
        ),
        "spells": _deleted(Employment.objects.filter(worker=worker)),
        "steps": _deleted(ReferralStep.objects.filter(referral__in=referrals)),
        "referrals": _deleted(referrals),
    }
    pk = worker.pk
    Worker.objects.filter(pk=pk).delete()
    counts["files"] = _scrub_imports(number)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        request=request,
        region_code=region,
        details={
            "erased": "workers.worker",
            "object_id": pk,
            "id_number": masked,
            "reason": reason,
            **counts,
        },
    )
    return counts
