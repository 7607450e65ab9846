"""Dates on screen carry their year (YYYY-MM-DD): a referral step dated "03-01" could be any year's."""

import re
from pathlib import Path

import laborbridge

PACKAGE = Path(laborbridge.__file__).parent
DATE_FILTER = re.compile(r"""\|date(?::(["'])(?P<format>.*?)\1)?""")
DAY_OR_MONTH = re.compile(r"[djmnMFNbDlz]")


def dates_without_year(line: str) -> list[str]:
    """The |date filters of a template line that show a day or a month but no year.

    A bare |date takes DATE_FORMAT, YYYY-MM-DD (laborbridge/formats); a time alone ("H:i") is not a date.
    """
    found = []
    for match in DATE_FILTER.finditer(line):
        fmt = match.group("format")
        if fmt is not None and DAY_OR_MONTH.search(fmt) and "Y" not in fmt:
            found.append(match.group(0))
    return found


def test_the_check_tells_a_date_without_its_year_from_one_with_it_and_from_a_time():
    assert dates_without_year('{{ step.on|date:"m-d" }} {{ a|date:"n月j日" }}') == [
        '|date:"m-d"',
        '|date:"n月j日"',
    ]
    assert (
        dates_without_year('{{ a|date:\'Y-m-d\' }} {{ b|date }} {{ c|date:"H:i" }} {{ m|date:"Y-m" }}') == []
    )


def test_every_date_filter_in_the_templates_shows_the_year():
    without_year = [
        f"{path.relative_to(PACKAGE)}:{number}: {found}"
        for path in PACKAGE.glob("**/templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for found in dates_without_year(line)
    ]
    assert without_year == []
