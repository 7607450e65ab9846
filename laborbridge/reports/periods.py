"""Reporting periods are calendar days in China: a day ends at midnight Asia/Shanghai, not UTC."""

import datetime
import zoneinfo

from django.utils import timezone

# Fixed, not settings.TIME_ZONE: the bureau's reporting day is China's whatever the server's zone.
REPORTING_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def reporting_today() -> datetime.date:
    """Today's date in China."""
    return timezone.localdate(timezone=REPORTING_ZONE)


def period_end_instant(last_day: datetime.date) -> datetime.datetime:
    """The first instant after `last_day` in China: records made before it fall in the period."""
    return datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), REPORTING_ZONE)
