"""The official report workbook: the layout a bureau sends upward."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from laborbridge.reports.indicators import REGISTRY, Context
from laborbridge.reports.periods import reporting_today

COLUMNS = [
    ("registered", _("登记农村劳动力")),
    ("employed", _("实现务工就业")),
    ("alleviated", _("其中脱贫劳动力")),
]


def official_workbook(*, ctx: Context, unit: str, figures: dict[str, int], rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    head = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#EEF2F7",
        }
    )
    cell = book.add_format({"border": 1})
    total = book.add_format({"border": 1, "bold": True})
    sheet = book.add_worksheet(_("务工就业统计"))
    width = len(COLUMNS) + 1
    sheet.merge_range(
        0, 0, 0, width - 1, _("%(region)s农村劳动力务工就业情况统计表") % {"region": ctx.region.name}, title
    )
    sheet.write_string(1, 0, _("填报单位：%(unit)s") % {"unit": unit})
    sheet.write_string(1, width - 1, _("统计期：%(a)s 至 %(b)s") % {"a": ctx.start, "b": ctx.end})
    sheet.write_string(3, 0, _("乡镇（街道）"), head)
    for col, (_key, label) in enumerate(COLUMNS, start=1):
        sheet.write_string(3, col, label, head)
    for r, row in enumerate(rows, start=4):
        sheet.write_string(r, 0, row["name"], cell)
        for col, (key, _label) in enumerate(COLUMNS, start=1):
            sheet.write_number(r, col, row[key], cell)
    last = 4 + len(rows)
    sheet.write_string(last, 0, _("合计"), total)
    for col, (key, _label) in enumerate(COLUMNS, start=1):
        sheet.write_number(last, col, sum(row[key] for row in rows), total)
    r = last + 2
    sheet.write_string(r, 0, _("主要指标"), head)
    sheet.write_string(r, 1, _("数值"), head)
    for offset, (key, value) in enumerate(figures.items(), start=1):
        sheet.write_string(r + offset, 0, REGISTRY[key].name + f"（{key}）", cell)
        sheet.write_number(r + offset, 1, value, cell)
    r += len(figures) + 2
    sheet.write_string(r, 0, _("填表人："))
    sheet.write_string(r, 1, _("审核人："))
    sheet.write_string(r, 2, _("填报日期：%(d)s") % {"d": reporting_today().isoformat()})
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, width, 16)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()
