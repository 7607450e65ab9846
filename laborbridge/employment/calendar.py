"""Calendar maths of employment: months added like a calendar, stable employment, follow-up dates."""

import datetime

from laborbridge.employment.models import Employment

FOLLOW_UP_MONTHS = (1, 3, 6)  # check-ups after a hire (回访)
STABLE_MONTHS = 3  # stable employment (稳定就业): at work at least this long (the common subsidy rule)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stable(spell: Employment, as_of: datetime.date) -> bool:
    """Stable employment (稳定就业): at work at least STABLE_MONTHS months by `as_of`."""
    until = min(spell.end or as_of, as_of)  # the last day at work, inclusive
    return add_months(spell.start, STABLE_MONTHS) - datetime.timedelta(days=1) <= until


DUE_SOON_DAYS = 7  # follow-ups "due this week": from today to six days on (回访任务列出7天内到期的)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from `start` to `end` (0 when `end` is earlier than a month on)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
