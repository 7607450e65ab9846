"""Database housekeeping shared by the bulk writers."""

from django.db import connection
from django.db.models import Q


def refresh_planner_statistics(*tables: str, changed_rows: int) -> None:
    """After a bulk write, refresh the statistics the query planner relies on, when they are stale.

    Without them neither SQLite nor PostgreSQL can tell a selective index (name initials) from a broad
    one (county), and a list page may scan a million rows (docs/performance.md). PostgreSQL's
    autovacuum would catch up, but only minutes later. A table is analysed when it has no statistics
    yet or the write changed at least a tenth of the rows they were taken from. (A sampled analysis
    misjudges the county column as selective, so SQLite analyses fully: about 3 s a million rows.)
    """
    if not changed_rows:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
                rows_then = 0
                if cursor.fetchone():
                    cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
                    stat = cursor.fetchone()
                    rows_then = int(stat[0].split()[0]) if stat else 0
                if rows_then and changed_rows * 10 < rows_then:
                    continue
            cursor.execute(f"ANALYZE {quote(table)}")


def prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range so both SQLite and PostgreSQL use the index.

    (LIKE 'x%' is case-insensitive on SQLite and collation-bound on PostgreSQL: neither uses a plain index.)
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
