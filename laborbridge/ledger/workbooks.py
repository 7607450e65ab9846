"""The workbooks the ledger hands back: rejected rows with reasons, the blank template, list exports."""

import datetime
import io

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from laborbridge.core.education import EDUCATION
from laborbridge.core.spreadsheets import escape_cell
from laborbridge.core.yes_no import yes_no_word
from laborbridge.employers.models import Occupation
from laborbridge.ledger import cells
from laborbridge.ledger.rows import ImportResult
from laborbridge.ledger.vocabulary import EMPLOYMENT_STATES
from laborbridge.regions.models import Region
from laborbridge.workers.choices import ETHNICITIES
from laborbridge.workers.vocabulary import SEXES

TEMPLATE_COLUMNS = [
    # header, width, drop-down list key or None
    ("姓名", 10, None),
    ("公民身份号码", 22, None),
    ("性别", 6, "sex"),
    ("民族", 8, "ethnicity"),
    ("文化程度", 14, "education"),
    ("手机号码", 14, None),
    ("乡(镇)", 12, "township"),
    ("行政村", 14, None),
    ("是否脱贫劳动力", 10, "yes_no"),
    ("是否监测对象", 10, "yes_no"),
    ("就业状态", 10, "state"),
    ("就业地点", 12, "place"),
    ("就业单位", 24, None),
    ("工种", 14, "occupation"),
    ("月收入(元)", 10, None),
    ("务工时间", 12, None),
    ("技能特长", 14, None),
    ("备注", 20, None),
    # A worker's wishes (求职意愿): optional; a blank cell leaves the stored wish as it is.
    ("期望工种", 16, "occupation"),
    ("意向务工地", 16, "wish_place"),
    ("期望月薪(元)", 10, None),
    ("是否需要住宿", 10, "yes_no"),
    ("可到岗时间", 12, None),
]


# Drop-downs that suggest without refusing other words, with the hint shown on the cell.
OPEN_LISTS = {
    "place": _lazy(
        "可选县内、区内县外、协作省份、其他省份，或直接填写地点，如“深圳市宝安区”“南宁市”“桐木镇”"
    ),
    "state": _lazy("也可填写外出务工、务工、灵活就业、创业、待业等"),
    "occupation": _lazy("可从列表中选择，也可填写常见说法，如普工、厨师、保姆、主播"),
    "wish_place": _lazy(
        "可填写县内、区内、省外、协作地，或地点，如“广东省”“深圳市”；多个用“、”隔开；不限则填“不限”"
    ),
}


def write_value(sheet, row: int, col: int, value, formats: dict) -> None:
    """Write a cell as the type it is; text never becomes a formula."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime.datetime | datetime.date):
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        sheet.write_string(row, col, escape_cell(str(value)))


def _workbook(buffer) -> tuple[xlsxwriter.Workbook, dict]:
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": "@"}),
        "error": book.add_format({"font_color": "#B3261E", "text_wrap": True}),
    }
    return book, formats


def error_workbook(result: ImportResult) -> bytes:
    """The rejected rows exactly as they were, with the row number and the reasons; fix and import again."""
    buffer = io.BytesIO()
    book, formats = _workbook(buffer)
    sheet = book.add_worksheet(_("未导入的行"))
    header = [str(cell) if cell is not None else "" for cell in result.header]
    sheet.write_string(0, 0, _("原行号"), formats["header"])
    for col, text in enumerate(header, start=1):
        sheet.write_string(0, col, text, formats["header"])
    reason_col = len(header) + 1
    sheet.write_string(0, reason_col, _("错误原因"), formats["header"])
    reasons: dict[int, list[str]] = {}
    for error in result.errors:
        reasons.setdefault(error.row, []).append(
            f"{error.column}：{error.message}" if error.column else error.message
        )
    for index, (number, raw) in enumerate(result.rejected_rows, start=1):
        sheet.write_number(index, 0, number)
        for col, value in enumerate(raw, start=1):
            write_value(sheet, index, col, value, formats)
        sheet.write_string(index, reason_col, "；".join(reasons.get(number, [])), formats["error"])
    sheet.set_column(1, len(header), 14, formats["text"])
    sheet.set_column(reason_col, reason_col, 60)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def template_workbook(county: Region, partner_province_names: tuple[str, ...]) -> bytes:
    """A blank ledger for one county, the ID and phone columns as text, drop-downs for closed lists."""
    buffer = io.BytesIO()
    book, formats = _workbook(buffer)
    sheet = book.add_worksheet(_("务工就业台账"))
    lists = book.add_worksheet("lists")
    townships = list(Region.objects.filter(parent=county).order_by("code").values_list("name", flat=True))
    options = {
        "sex": SEXES.labels,
        "ethnicity": ETHNICITIES,
        "education": EDUCATION.labels,
        "township": townships,
        "yes_no": [yes_no_word(True), yes_no_word(False)],
        "state": EMPLOYMENT_STATES.labels,
        "place": cells.place_words(partner_province_names),
        "wish_place": ["县内", "区内", "省外", *partner_province_names, "不限"],
        "occupation": list(Occupation.objects.values_list("name", flat=True)),
    }
    ranges = {}
    for col, (key, values) in enumerate(options.items()):
        lists.write_column(0, col, values)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[key] = f"=lists!${letter}$1:${letter}${len(values)}"
    lists.hide()
    sheet.merge_range(
        0,
        0,
        0,
        len(TEMPLATE_COLUMNS) - 1,
        _("%(county)s农村劳动力务工就业台账") % {"county": county.name},
        formats["title"],
    )
    last = 10_000
    for col, (header, width, choice) in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(1, col, header, formats["header"])
        text_column = header in ("公民身份号码", "手机号码")
        sheet.set_column(col, col, width, formats["text"] if text_column else None)
        if choice in OPEN_LISTS:
            # A suggestion, not a rule: a place may be written as itself (深圳市宝安区), a state in other words.
            sheet.data_validation(
                2,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": ranges[choice],
                    "show_error": False,
                    "input_title": header,
                    "input_message": str(OPEN_LISTS[choice]),
                },
            )
        elif choice:
            sheet.data_validation(
                2,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": ranges[choice],
                    "error_title": header,
                    "error_message": _("请从下拉列表中选择"),
                },
            )
        if header in ("务工时间", "可到岗时间"):
            sheet.set_column(col, col, width, formats["date"])
    sheet.write_comment(1, 1, _("请保持本列为“文本”格式，否则Excel会丢失身份证号后几位"))
    sheet.freeze_panes(2, 2)
    book.close()
    return buffer.getvalue()
