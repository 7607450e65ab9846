"""Plain-SQL bulk writes for the paths that move many rows at once (a ledger of 100,000 people).

At that volume the ORM's per-object work costs more than the database's. Statements are built from
the models' own table and column names, so they follow the schema: COPY on PostgreSQL (one stream
instead of a statement a row), executemany on SQLite. The callers are services that have applied
their rules first; this module only moves rows.
"""

import contextlib
import datetime
import itertools
from collections.abc import Iterable, Iterator

from django.db import connection
from django.utils import timezone

CHUNK = 900  # stays under SQLite's limit of bound parameters per query
APPEND_CACHE_KB = -4096  # SQLite's page cache while a large insert appends to a table (negative: KiB)


class Sized:
    """Items made one at a time while a bulk write consumes them, with their number known up front.

    The bulk writes need the number first (an empty write does nothing; SQLite defers its indexes
    for a large insert), but not every item at once: at 100,000 rows, holding them all was ~50 MB.
    Iterated once. For an insert, the number may be a lower bound ("at least this many rows"): it
    only decides whether anything is written and whether SQLite defers its indexes.
    """

    __slots__ = ("_count", "_items")

    def __init__(self, items: Iterable, count: int):
        self._items, self._count = items, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        return iter(self._items)


def as_date(value) -> datetime.date | None:
    """A date column read with plain SQL: a date on PostgreSQL, ISO text on SQLite."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def select_in(model, columns: list[str], key: str, values: list, where: str = "") -> list[tuple]:
    """`columns` of the rows of `model` whose `key` is one of `values` (and `where`), CHUNK values a query.

    The ORM prepares every value of an IN list one by one; at 100,000 keys that costs more than the query.
    """
    quote = connection.ops.quote_name
    select = ", ".join(quote(c) for c in columns)
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), CHUNK):
            part = values[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(part))
            sql = f"SELECT {select} FROM {quote(model._meta.db_table)} WHERE {quote(key)} IN ({marks})"
            cursor.execute(f"{sql} AND {where}" if where else sql, part)
            found.extend(cursor.fetchall())
    return found


class BulkSql:
    """INSERT and UPDATE statements for one model's table, run in batches."""

    def __init__(self):
        self.ops = connection.ops
        self.moment = timezone.now()  # one time stamp for everything this write creates
        self.now = self.ops.adapt_datetimefield_value(self.moment)

    def date(self, value):
        return self.ops.adapt_datefield_value(value)

    def run(self, sql: str, rows: Iterable) -> None:
        """Run sql for each row, 2,000 rows a call: rows may be a generator, consumed as it goes."""
        rows = iter(rows)
        chunk = list(itertools.islice(rows, 2000))
        if not chunk:
            return
        with connection.cursor() as cursor:
            while chunk:
                cursor.executemany(sql, chunk)
                chunk = list(itertools.islice(rows, 2000))

    def insert(self, model, columns: list[str], rows: "list | Sized") -> None:
        """Insert rows: COPY on PostgreSQL, executemany elsewhere.

        `rows` is a list, or a `Sized` whose rows are made one by one as they are written (so that a
        100,000-row insert never holds all its rows at once).
        """
        if not len(rows):
            return
        if connection.vendor == "sqlite":
            with self._indexes_deferred(model, len(rows)):
                self.run(self.insert_sql(model, columns), rows)
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

    @contextlib.contextmanager
    def small_cache(self):
        """On SQLite, a 16 MB page cache for a bulk write that appends (a first import), restored after.

        The connection's 64 MB cache (config.py) fills with pages written once and not read again, and
        counts in the importing process's peak memory. Elsewhere nothing changes.
        """
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {APPEND_CACHE_KB}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")

    @contextlib.contextmanager
    def _indexes_deferred(self, model, adding: int):
        """On SQLite, when the rows added are at least as many as the table holds (a first import), drop
        the table's plain indexes for the insert and build them again after it, in the same transaction.

        Building an index from sorted rows costs less than half of keeping it up to date row by row
        (100,000 workers: 1.6 s of CPU instead of 2.9 s). Unique indexes stay, so a duplicate fails
        where it did. Readers see the table as it was until the commit (WAL); on a table already larger
        than the batch, rebuilding would cost more than it saves, so nothing is dropped.
        """
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.ops.quote_name(table)} LIMIT %s)", [adding]
            )
            if cursor.fetchone()[0] >= adding:
                yield
                return
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql LIKE 'CREATE INDEX%%'",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {self.ops.quote_name(name)}")
            # Without its plain indexes the insert appends, and each index is then built in one pass:
            # pages written are not read again, so the 64 MB cache (config.py) would only hold them.
            # A small one for the insert and the builds keeps the import's peak memory down (100,000
            # workers: ~55 MB less) at no measured cost; pages beyond it go to the WAL early.
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {APPEND_CACHE_KB}")
        try:
            yield
            with connection.cursor() as cursor:
                for _name, sql in indexes:
                    cursor.execute(sql)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")

    def insert_sql(self, model, columns: list[str]) -> str:
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {self.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"

    def update(self, model, columns: list[str], rows: list) -> None:
        """Update rows by id: each row is the new values of `columns`, then the id."""
        sets = ", ".join(f"{self.ops.quote_name(c)} = %s" for c in columns)
        table = self.ops.quote_name(model._meta.db_table)
        self.run(f"UPDATE {table} SET {sets} WHERE {self.ops.quote_name('id')} = %s", rows)
