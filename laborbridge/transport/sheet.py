"""Read a sign-up sheet for the planner (`laborbridge plan_trips`): one row a passenger.

Columns (the header row names them, in any order; Chinese names accepted too): passenger, date, pickup,
destination, destination_city and, optionally, seats (the worker and companions, default 1). The file is
read by the project's hostile-file-safe reader (`core.spreadsheets.read_workbook`); every row that cannot
be planned is reported with its row number and the reason, and the others are planned.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from laborbridge.core.spreadsheets import SpreadsheetError, read_workbook
from laborbridge.transport.planning import Passenger

__all__ = ["COLUMNS", "SheetRows", "read_signup_sheet"]

COLUMNS = {
    "passenger": ("passenger", "乘客", "姓名"),
    "date": ("date", "日期", "出发日期"),
    "pickup": ("pickup", "上车点"),
    "destination": ("destination", "目的地", "用工单位"),
    "destination_city": ("destination_city", "目的城市", "城市"),
    "seats": ("seats", "座位数", "人数"),
}
REQUIRED = ("passenger", "date", "pickup", "destination", "destination_city")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MAX_SEATS = 100


@dataclass
class RowError:
    row: int
    reason: str


@dataclass
class SheetRows:
    passengers: list[Passenger] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:100]


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    match = DATE.match(_text(value))
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValueError(_("日期“%(v)s”无法识别，请写成 YYYY-MM-DD") % {"v": _text(value)})


def _header(row: list) -> dict[str, int]:
    names = [_text(cell).lower() for cell in row]
    found = {}
    for key, words in COLUMNS.items():
        for index, name in enumerate(names):
            if name in words:
                found[key] = index
                break
    return found


def read_signup_sheet(path: str | Path, *, seats: int) -> SheetRows:
    """The sheet's passengers, and each row refused with its reason; a file not read raises SpreadsheetError."""
    sheets = read_workbook(path)
    rows = sheets[0].rows if sheets else []
    if not rows:
        raise SpreadsheetError(_("文件是空的"))
    columns = _header(rows[0])
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise SpreadsheetError(_("第1行缺少列：%(c)s") % {"c": "、".join(missing)})
    result = SheetRows()
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: row[index] if index < len(row) else None for key, index in columns.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue  # a blank line between blocks is not an error
        reasons = [_("缺少%(c)s") % {"c": key} for key in REQUIRED if key != "date" and not _text(cells[key])]
        date = None
        if _text(cells["date"]) == "":
            reasons.append(_("缺少date"))
        else:
            try:
                date = _date(cells["date"])
            except ValueError as exc:
                reasons.append(str(exc))
        party = 1
        if "seats" in cells and _text(cells["seats"]):
            try:
                party = int(float(_text(cells["seats"])))
            except ValueError:
                party = 0
            if not 1 <= party <= min(seats, MAX_SEATS):
                reasons.append(_("座位数应为1至%(n)d的整数") % {"n": min(seats, MAX_SEATS)})
        key = _text(cells["passenger"])
        if key and key in seen:
            reasons.append(_("乘客“%(p)s”与第%(r)d行重复") % {"p": key, "r": seen[key]})
        if reasons:
            result.errors.append(RowError(number, "；".join(reasons)))
            continue
        seen[key] = number
        result.passengers.append(
            Passenger(
                key=key,
                date=date,
                pickup=_text(cells["pickup"]),
                destination=_text(cells["destination"]),
                destination_city=_text(cells["destination_city"]),
                seats=party,
            )
        )
    return result
