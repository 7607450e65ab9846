"""Write an applied ledger with plain SQL: executemany on SQLite, COPY on PostgreSQL.

At 100,000 rows the ORM's per-object work costs more than the database's; the statements are built
from the models' own table and column names, so they follow the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from laborbridge.core import crypto
from laborbridge.core.pinyin import name_keys
from laborbridge.employment.models import Employment, Source
from laborbridge.workers.models import Worker
from laborbridge.workers.services import ID_CONTEXT, PHONE_CONTEXT

if TYPE_CHECKING:
    from laborbridge.ledger.importing import _Person, _Spell

CHUNK = 900  # stays under SQLite's limit of bound parameters per query
# What a ledger row can set on a worker, by column as stored (regions by code, the phone by blind index).
STATE_FIELDS = (
    "name",
    "phone_bidx",
    "township_id",
    "village_id",
    "county_id",
    "poverty_status",
    "education",
    "ethnicity",
    "skills",
    "notes",
)


class LedgerWriter:
    """INSERT and UPDATE statements built from the models' own table and column names."""

    def __init__(self, *, actor_id):
        self.actor_id = actor_id
        self.ops = connection.ops
        self.now = self.ops.adapt_datetimefield_value(timezone.now())

    def _date(self, value):
        return self.ops.adapt_datefield_value(value)

    def _run(self, sql: str, rows: list) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])

    def _insert(self, model, columns: list[str], rows: list) -> None:
        """Insert rows: COPY on PostgreSQL (one stream instead of a statement a row), executemany on SQLite."""
        if not rows:
            return
        if connection.vendor != "postgresql":
            self._run(self._insert_sql(model, columns), rows)
            return
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                f"COPY {self.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)

    def _insert_sql(self, model, columns: list[str]) -> str:
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {self.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"

    def _update_sql(self, model, columns: list[str]) -> str:
        sets = ", ".join(f"{self.ops.quote_name(c)} = %s" for c in columns)
        return f"UPDATE {self.ops.quote_name(model._meta.db_table)} SET {sets} WHERE {self.ops.quote_name('id')} = %s"

    # The columns _worker_values fills: the name with its pinyin keys, the phone's ciphertext, then the rest.
    WORKER_COLUMNS = ["name", "name_pinyin", "name_initials", "phone", *STATE_FIELDS[1:]]

    @staticmethod
    def _worker_values(state: dict) -> list:
        full, initials = name_keys(state["name"])
        phone = state.get("phone") or ""
        cipher = state["phone_cipher"] or (crypto.encrypt(phone, context=PHONE_CONTEXT) if phone else "")
        return [state["name"], full, initials, cipher, *(state[name] for name in STATE_FIELDS[1:])]

    def insert_workers(self, new: list[tuple[str, _Person]]) -> None:
        columns = [
            *self.WORKER_COLUMNS,
            "id_number",
            "id_number_bidx",
            "sex",
            "birth_date",
            "created_at",
            "updated_at",
            "created_by_id",
            "updated_by_id",
        ]
        rows = []
        for bidx, person in new:
            ident = person.id_number
            rows.append(
                [
                    *self._worker_values(person.state),
                    crypto.encrypt(ident.number, context=ID_CONTEXT),
                    bidx,
                    ident.sex,
                    self._date(ident.birth_date),
                    self.now,
                    self.now,
                    self.actor_id,
                    self.actor_id,
                ]
            )
        self._insert(Worker, columns, rows)

    def worker_ids(self, keys: list[str]):
        for start in range(0, len(keys), CHUNK):
            yield from Worker.objects.filter(id_number_bidx__in=keys[start : start + CHUNK]).values_list(
                "id_number_bidx", "pk"
            )

    def update_workers(self, changed: list[_Person]) -> None:
        sql = self._update_sql(Worker, [*self.WORKER_COLUMNS, "updated_at", "updated_by_id"])
        self._run(sql, [[*self._worker_values(p.state), self.now, self.actor_id, p.pk] for p in changed])

    def update_spells(self, spells: list[_Spell]) -> None:
        sql = self._update_sql(Employment, ["end", "monthly_income", "start", "updated_at"])
        rows = [[self._date(s.end), s.monthly_income, self._date(s.start), self.now, s.pk] for s in spells]
        self._run(sql, rows)

    def insert_spells(self, spells: list[tuple[int, _Spell]]) -> None:
        columns = [
            "worker_id",
            "employer_name",
            "place_id",
            "place_class",
            "start",
            "end",
            "monthly_income",
            "channel",
            "source",
            "created_at",
            "updated_at",
            "created_by_id",
            "employer_id",
        ]
        rows = [
            [
                worker_id,
                s.employer_name,
                s.place_id,
                s.place_class,
                self._date(s.start),
                self._date(s.end),
                s.monthly_income,
                "",
                Source.LEDGER,
                self.now,
                self.now,
                self.actor_id,
                s.employer_id,
            ]
            for worker_id, s in spells
        ]
        self._insert(Employment, columns, rows)
