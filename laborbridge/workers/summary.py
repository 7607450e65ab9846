"""The worker's side of the indicator summary (docs/decisions/0013): a registered worker has a first row
(registered from the day of `created_at` in China) and every row carries the household and poverty status as
they are now. The registry's services call these in their own transaction; the spells' side, which rewrites
a worker's rows whole, is `employment.summary`.
"""

import functools
import zoneinfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from laborbridge.core.bulk_sql import CHUNK, BulkSql
from laborbridge.workers.models import IndicatorSummary, Worker

# The reporting day is China's (reports.periods.REPORTING_ZONE, which a test keeps equal to this one).
SUMMARY_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")

FIRST_ROW_COLUMNS = ["worker_id", "county", "township", "poverty", "created", "place_class"]


@functools.lru_cache(maxsize=4096)  # a bulk write stamps all its workers alike
def created_day(created_at) -> int:
    """The day (as an ordinal) a worker counts as registered from: the date of `created_at` in China."""
    return timezone.localtime(created_at, SUMMARY_ZONE).date().toordinal()


def indicator_summary_workers_added(worker_ids) -> None:
    """Give newly registered workers (without spells yet) their first summary row."""
    ids = sorted(set(worker_ids))
    sql = BulkSql()
    for first in range(0, len(ids), CHUNK):
        workers = Worker.objects.filter(pk__in=ids[first : first + CHUNK]).values_list(
            "pk", "county_id", "township_id", "poverty_status", "created_at"
        )
        sql.insert(
            IndicatorSummary,
            FIRST_ROW_COLUMNS,
            [
                [pk, county, township, poverty, created_day(at), ""]
                for pk, county, township, poverty, at in workers
            ],
        )


def indicator_summary_workers_changed(worker_ids) -> None:
    """Carry workers' household and poverty status, as now stored, into their summary rows."""
    ids = sorted(set(worker_ids))
    worker = Worker.objects.filter(pk=OuterRef("worker_id"))
    for first in range(0, len(ids), CHUNK):
        IndicatorSummary.objects.filter(worker_id__in=ids[first : first + CHUNK]).update(
            county=Subquery(worker.values("county_id")[:1]),
            township=Subquery(worker.values("township_id")[:1]),
            poverty=Subquery(worker.values("poverty_status")[:1]),
        )
