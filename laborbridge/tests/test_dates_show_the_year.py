"""Dates on screen carry their year (YYYY-MM-DD): a referral step dated "03-01" could be any year's."""

import re
from pathlib import Path

import laborbridge

TEMPLATES = Path(laborbridge.__file__).parent / "templates"
DATE_FILTER = re.compile(r"""\|date(?::(["'])(?P<format>.*?)\1)?""")


def test_every_date_filter_in_the_templates_shows_the_year():
    without_year = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in DATE_FILTER.finditer(line):
                # A bare |date takes DATE_FORMAT, YYYY-MM-DD (laborbridge/formats); a format of its own needs a Y.
                if match.group("format") is not None and "Y" not in match.group("format"):
                    without_year.append(f"{path.relative_to(TEMPLATES)}:{number}: {match.group(0)}")
    assert without_year == []
