"""Plain-SQL bulk writes for the paths that move many rows at once (a ledger of 100,000 people).

At that volume the ORM's per-object work costs more than the database's. Statements are built from
the models' own table and column names, so they follow the schema: COPY on PostgreSQL (one stream
instead of a statement a row), executemany on SQLite. The callers are services that have applied
their rules first; this module only moves rows.
"""

from django.db import connection
from django.utils import timezone

CHUNK = 900  # stays under SQLite's limit of bound parameters per query


class BulkSql:
    """INSERT and UPDATE statements for one model's table, run in batches."""

    def __init__(self):
        self.ops = connection.ops
        self.now = self.ops.adapt_datetimefield_value(timezone.now())

    def date(self, value):
        return self.ops.adapt_datefield_value(value)

    def run(self, sql: str, rows: list) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])

    def insert(self, model, columns: list[str], rows: list) -> None:
        """Insert rows: COPY on PostgreSQL, executemany elsewhere."""
        if not rows:
            return
        if connection.vendor != "postgresql":
            self.run(self.insert_sql(model, columns), rows)
            return
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        # The driver's own COPY bypasses Django's cursor: wrap it so a violated constraint is an IntegrityError.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(
                f"COPY {self.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)

    def insert_sql(self, model, columns: list[str]) -> str:
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {self.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"

    def update(self, model, columns: list[str], rows: list) -> None:
        """Update rows by id: each row is the new values of `columns`, then the id."""
        sets = ", ".join(f"{self.ops.quote_name(c)} = %s" for c in columns)
        table = self.ops.quote_name(model._meta.db_table)
        self.run(f"UPDATE {table} SET {sets} WHERE {self.ops.quote_name('id')} = %s", rows)
