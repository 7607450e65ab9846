"""In a real browser: a county exports full numbers only with a reason; the auditor finds it by date and
action, reads it in Chinese, and exports the filtered trail (itself audited)."""

import datetime

from django.utils import timezone
from python_calamine import CalamineWorkbook

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.factories import make_worker

REASON = "报送就业补贴名单至县人社局"


def test_a_full_export_takes_a_reason_that_the_auditor_finds_by_date_and_action_and_exports(
    world, open_page, monkeypatch
):
    worker = make_worker(world["tongmu"], name="黄秀英", phone="13800000009")
    with monkeypatch.context() as patch:  # last year's export: outside the dates the auditor asks for
        patch.setattr(timezone, "now", lambda: datetime.datetime(2025, 1, 15, 2, 0, tzinfo=datetime.UTC))
        audit_record(actor=world["jinxiu"], action=AuditEvent.Action.EXPORT, object_type="workers.worker",
                     details={"rows": 1, "unmasked": False})  # fmt: skip

    county = open_page()
    county.login("jinxiu")
    county.goto("/workers/")
    county.page.click("text=含完整身份证号和手机号")
    assert "将导出 1 人的完整身份证号和手机号" in county.page.content()
    county.axe()
    county.page.check("#id_confirm")
    county.page.click("main button[type=submit]")  # no reason: refused, nothing exported
    assert "请填写导出完整号码的事由" in county.page.locator("#id_reason-error").inner_text()
    assert AuditEvent.objects.filter(action="export", actor=world["jinxiu"]).count() == 1  # last year's only
    county.page.fill("#id_reason", REASON)
    county.page.check("#id_confirm")
    county.page.click("main button[type=submit]")  # built in the background; the job's page offers the file
    county.page.wait_for_selector("[data-testid=download]")
    with county.page.expect_download() as download:
        county.page.click("[data-testid=download]")
    book = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    assert book[1][1] == worker.id_number

    auditor = open_page()
    auditor.login("auditor")
    auditor.goto("/accounts/audit/")
    today = timezone.localdate().isoformat()
    auditor.page.fill("#id_date_from", today)
    auditor.page.fill("#id_date_to", today)
    auditor.page.select_option("#id_action", "export")
    auditor.page.click("form[role=search] button[type=submit]")
    table = auditor.page.locator("[data-testid=audit-table] tbody")
    assert table.locator("tr").count() == 1
    row = table.locator("tr").first.inner_text()
    assert "jinxiu" in row and "县（区）人社局" in row and "导出" in row
    assert f"事由: {REASON}" in row and "含完整号码: 是" in row
    assert worker.id_number not in auditor.page.content() and "黄秀英" not in auditor.page.content()
    auditor.axe()
    auditor.fits()

    with auditor.page.expect_download() as export:
        auditor.page.click("[data-testid=audit-export]")
    assert export.value.suggested_filename.endswith(".xlsx")
    rows = CalamineWorkbook.from_path(export.value.path()).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["时间", "操作人", "角色", "地区", "操作"] and len(rows) == 2
    assert REASON in rows[1][8]
    recorded = AuditEvent.objects.get(actor=world["auditor"], action="export")
    assert recorded.object_type == "core.auditevent" and recorded.details["rows"] == 1
    assert recorded.details["filters"] == {"date_from": today, "date_to": today, "action": "export"}
