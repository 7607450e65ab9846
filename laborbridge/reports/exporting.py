"""The official report workbook: the layout a bureau sends upward.

One worksheet per table, each printing on one A4 page with its title, the signature lines (填表人、审核人、
负责人、填报日期) and room for the unit's seal, so that every printed page can be signed and stamped as it is.
Names are the indicators' Chinese names only: the sheet is handed in, not read by a program.
"""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from laborbridge.reports.selectors import EMPLOYER_COLUMNS, OFFICIAL_COLUMNS, OfficialReport

A4 = 9  # XlsxWriter's paper code
STAMP_ROWS = 4  # blank rows under 单位（盖章） for the seal


def official_workbook(report: OfficialReport) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    styles = _styles(book)
    region = report.ctx.region.name
    if report.receiving:
        _employers_page(book, styles, report)
        figures_title = _("%(region)s粤桂劳务协作主要指标") % {"region": region}
    else:
        _townships_page(book, styles, report)
        figures_title = _("%(region)s农村劳动力务工就业主要指标") % {"region": region}
    figures = book.add_worksheet(_("主要指标"))
    _table_page(
        figures,
        styles,
        report,
        title=figures_title,
        header=[_("指标"), _("数值")],
        body=[[item.name, value] for item, value in report.figures],
        total=None,
        widths=[40, 28],
    )
    book.close()
    return buffer.getvalue()


def _townships_page(book, styles, report: OfficialReport) -> None:
    townships = book.add_worksheet(_("务工就业统计"))
    header = [_("乡镇（街道）")] + [label for _key, label in OFFICIAL_COLUMNS]
    body = [[row["name"]] + [row[key] for key, _label in OFFICIAL_COLUMNS] for row in report.rows]
    total = [_("合计")] + [report.totals[key] for key, _label in OFFICIAL_COLUMNS]
    _table_page(
        townships,
        styles,
        report,
        title=_("%(region)s农村劳动力务工就业情况统计表") % {"region": report.ctx.region.name},
        header=header,
        body=body,
        total=total,
        widths=[24, 16, 16, 16],
    )


def _employers_page(book, styles, report: OfficialReport) -> None:
    """An eastern district's table: the employers it brought in and what came of them in the period."""
    sheet = book.add_worksheet(_("引进用工单位"))
    header = [_("用工单位")] + [label for _key, label in EMPLOYER_COLUMNS]
    body = [[row["name"]] + [row[key] for key, _label in EMPLOYER_COLUMNS] for row in report.employers]
    total = [_("合计")] + [report.employer_totals[key] for key, _label in EMPLOYER_COLUMNS]
    _table_page(
        sheet,
        styles,
        report,
        title=_("%(region)s粤桂劳务协作引进用工单位情况统计表") % {"region": report.ctx.region.name},
        header=header,
        body=body,
        total=total,
        widths=[32, 14, 12, 12, 16],
    )


def _styles(book) -> dict:
    return {
        "title": book.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}),
        "head": book.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#EEF2F7",
            }
        ),
        "cell": book.add_format({"border": 1}),
        "total": book.add_format({"border": 1, "bold": True}),
        "right": book.add_format({"align": "right"}),
        "sign": book.add_format({"valign": "bottom"}),
    }


def _table_page(sheet, styles, report, *, title, header, body, total, widths) -> None:
    """Write one table as one printed page: title, unit and period, the table, signatures and seal."""
    width = len(header)
    last_col = width - 1
    sheet.merge_range(0, 0, 0, last_col, title, styles["title"])
    sheet.set_row(0, 30)
    sheet.write_string(1, 0, _("填报单位：%(unit)s") % {"unit": report.unit})
    period = _("统计期：%(a)s 至 %(b)s") % {"a": report.ctx.start, "b": report.ctx.end}
    sheet.write_string(1, last_col, period, styles["right"])
    for col, label in enumerate(header):
        sheet.write_string(3, col, label, styles["head"])
    row = 4
    for values in body + ([total] if total else []):
        style = styles["total"] if values is total else styles["cell"]
        sheet.write_string(row, 0, values[0], style)
        for col, value in enumerate(values[1:], start=1):
            sheet.write_number(row, col, value, style)
        row += 1
    last_row = _signatures(sheet, styles, report, row + 1, width)
    for col, chars in enumerate(widths):
        sheet.set_column(col, col, chars)
    # One page: the print area is the table with its signatures, scaled to fit one A4 page, so the
    # signature lines can never fall alone onto a second page.
    sheet.print_area(0, 0, last_row, last_col)
    sheet.set_paper(A4)
    sheet.set_portrait()
    sheet.center_horizontally()
    sheet.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    sheet.fit_to_pages(1, 1)


def _signatures(sheet, styles, report, row: int, width: int) -> int:
    """The signature lines and the seal space, in two columns; answer the last row written."""
    right = max(width // 2, 1)
    sheet.write_string(row, 0, _("填表人："), styles["sign"])
    sheet.write_string(row, right, _("审核人："), styles["sign"])
    sheet.write_string(row + 1, 0, _("负责人："), styles["sign"])
    sheet.write_string(row + 1, right, _("填报日期：%(d)s") % {"d": report.today.isoformat()}, styles["sign"])
    for r in (row, row + 1):
        sheet.set_row(r, 28)
    seal = row + 3
    sheet.write_string(seal, right, _("单位（盖章）："), styles["sign"])
    for r in range(seal + 1, seal + 1 + STAMP_ROWS):
        sheet.write_blank(r, right, None)  # room for the seal, inside the print area
    return seal + STAMP_ROWS
