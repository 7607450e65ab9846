"""Database housekeeping shared by the bulk writers."""

from django.db import connection


def refresh_planner_statistics(*tables: str) -> None:
    """After a bulk write, refresh the statistics the query planner relies on.

    Without them neither SQLite nor PostgreSQL can tell a selective index (name initials) from a broad
    one (county), and a list page may scan a million rows (see docs/performance.md). PostgreSQL's
    autovacuum would catch up, but only minutes later. Pass the tables written (PostgreSQL).
    """
    if connection.in_atomic_block:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Sample at most 2,000 rows an index (fast at any size); 0x10002: look at every table.
            cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("PRAGMA optimize(0x10002)")
