"""The audit trail, filtered, to .xlsx in the words of the page; the export is itself an audit event."""

import tempfile

import xlsxwriter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laborbridge.accounts.audit_display import audit_rows
from laborbridge.accounts.selectors import AuditFilters, audit_event_list
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import escape_cell

CHUNK = 2000
LIMIT = 200_000  # a year of a county's work; beyond it the auditor narrows the dates
COLUMNS = [
    (_("时间"), 20),
    (_("操作人"), 14),
    (_("角色"), 14),
    (_("地区"), 20),
    (_("操作"), 16),
    (_("对象"), 30),
    (_("结果"), 8),
    (_("IP地址"), 16),
    (_("详情"), 80),
]


def audit_export(*, actor, filters: AuditFilters, request=None):
    """Write the filtered trail to a temporary .xlsx; return (file, row count). Audited."""
    qs = audit_event_list(actor=actor, filters=filters)
    total = qs.order_by()[: LIMIT + 1].count()
    if total > LIMIT:
        raise ValidationError(
            _("符合条件的记录超过 %(n)s 条，请缩小日期范围或增加筛选条件后再导出") % {"n": f"{LIMIT:,}"}
        )
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(
        handle.name, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(_("审计记录"))
    for col, (text, width) in enumerate(COLUMNS):
        sheet.write_string(0, col, str(text), header)
        sheet.set_column(col, col, width)
    count, chunk = 0, []

    def flush():
        nonlocal count
        for row in audit_rows(actor=actor, events=chunk):
            count += 1
            sheet.write_datetime(count, 0, row.time.replace(tzinfo=None), when)
            cells = [
                row.actor,
                row.role,
                row.region,
                row.action,
                row.target,
                _("成功") if row.success else _("失败"),
                row.event.ip or "",
                "\n".join(row.lines),
            ]
            for col, value in enumerate(cells, start=1):
                if value:
                    sheet.write_string(count, col, escape_cell(str(value)), wrap if col == 8 else None)
        chunk.clear()

    for event in qs.iterator(chunk_size=CHUNK):
        chunk.append(event)
        if len(chunk) >= CHUNK:
            flush()
    flush()
    sheet.freeze_panes(1, 1)
    book.close()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        request=request,
        object_type="core.auditevent",
        details={"rows": count, "filters": filters.as_details()},
    )
    return handle, count
