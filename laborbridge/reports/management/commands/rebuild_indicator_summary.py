import time

from django.core.management.base import BaseCommand

from laborbridge.core.database import refresh_planner_statistics
from laborbridge.employment.summary import indicator_summary_rebuild
from laborbridge.workers.models import IndicatorSummary


class Command(BaseCommand):
    help = (
        "Rebuild the indicator summary from the workers and their spells (docs/decisions/0013): after "
        "changing EMPLOYED_MIN_DAYS, after rows were written without the services, or on a database filled "
        "before the summary existed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=20_000, help="workers read and written at a time")

    def handle(self, *args, batch, verbosity=1, **options):
        started = time.perf_counter()
        shown = [0.0]

        def progress(done: int, total: int) -> None:
            if verbosity and (time.perf_counter() - shown[0] > 2 or done == total):
                shown[0] = time.perf_counter()
                self.stderr.write(f"指标汇总：{done:,} / {total:,} 名劳动力")

        rows = indicator_summary_rebuild(batch=batch, progress=progress)
        refresh_planner_statistics(IndicatorSummary._meta.db_table, changed_rows=rows)
        if verbosity:
            self.stdout.write(f"指标汇总已重建：{rows:,} 行，用时 {time.perf_counter() - started:.1f} 秒")
