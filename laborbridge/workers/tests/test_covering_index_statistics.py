"""The migrations that add the indicators' covering indexes (`worker_household`, `employment_worker_end`,
docs/decisions/0013) give them SQLite's planner statistics where their table already has some: without, SQLite
keeps to the indexes it has figures for. A database without statistics is left without (a partial set would
mislead the planner more than none)."""

import datetime
import importlib
import types

import pytest
from django.db import connection

from laborbridge.employment.services import employment_start
from laborbridge.factories import make_worker

pytestmark = pytest.mark.django_db

MIGRATIONS = [
    ("laborbridge.workers.migrations.0006_worker_household_index", "workers_worker", "worker_household"),
    ("laborbridge.employment.migrations.0008_spell_worker_end_index", "employment_employment",
     "employment_worker_end"),
]  # fmt: skip


def statistics_of(index: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return []
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [index])
        return cursor.fetchall()


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL needs no statistics of a plain index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")


@pytest.fixture
def a_worker_at_work(users):
    worker = make_worker(users["jinxiu"])
    employment_start(actor=users["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 2, 1))


def run(module: str) -> None:
    importlib.import_module(module).analyse_where_analysed(None, types.SimpleNamespace(connection=connection))


@pytest.mark.parametrize(("module", "table", "index"), MIGRATIONS)
def test_a_new_index_gets_statistics_where_its_table_has_them(a_worker_at_work, module, table, index):
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = %s", [index])  # as before the index existed
    run(module)
    assert statistics_of(index)


@pytest.mark.parametrize(("module", "table", "index"), MIGRATIONS)
def test_a_database_without_statistics_is_left_without(a_worker_at_work, module, table, index):
    run(module)
    assert statistics_of(index) == []
