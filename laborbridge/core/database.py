"""Database housekeeping shared by the bulk writers."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """After a bulk write, let SQLite refresh the statistics its query planner relies on.

    Without them SQLite cannot tell a selective index (name initials) from a broad one (county) and
    may scan a million rows; PostgreSQL's autovacuum keeps its own statistics.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # Sample at most 2,000 rows an index (fast at any size); 0x10002: look at every table.
            cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("PRAGMA optimize(0x10002)")
