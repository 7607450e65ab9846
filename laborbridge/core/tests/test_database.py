import pytest
from django.db import connection

from laborbridge.core.database import refresh_planner_statistics
from laborbridge.factories import make_worker

pytestmark = pytest.mark.django_db


def analysed_rows(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


def test_statistics_are_taken_after_a_bulk_write(users):
    for index in range(3):
        make_worker(users["tongmu"], name=f"盘{'甲乙丙'[index]}")
    refresh_planner_statistics("workers_worker", changed_rows=3)
    assert analysed_rows("workers_worker") == 3
