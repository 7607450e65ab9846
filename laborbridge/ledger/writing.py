"""Write the workers of an applied ledger with plain SQL (see `core.bulk_sql`).

The derived columns (pinyin, sex, birth date, county, blind indexes) come from
`workers.derived.worker_derived`, as for a worker registered on a page.
"""

from laborbridge.core import crypto
from laborbridge.core.bulk_sql import CHUNK, BulkSql
from laborbridge.ledger.people import STATE_FIELDS, Person
from laborbridge.workers.derived import ID_CONTEXT, PHONE_CONTEXT, worker_derived
from laborbridge.workers.models import Worker

# The columns _worker_values fills: the name with its pinyin keys, the phone's ciphertext, then the rest.
WORKER_COLUMNS = ["name", "name_pinyin", "name_initials", "phone", *STATE_FIELDS[1:]]


class WorkerWriter:
    """INSERT and UPDATE of a ledger's workers."""

    def __init__(self, *, actor_id, sql: BulkSql | None = None):
        self.actor_id = actor_id
        self.sql = sql or BulkSql()

    @staticmethod
    def _worker_values(state: dict) -> list:
        derived = worker_derived(name=state["name"], township_code=state["township_id"])
        phone = state.get("phone") or ""
        cipher = state["phone_cipher"] or (crypto.encrypt(phone, context=PHONE_CONTEXT) if phone else "")
        return [
            state["name"],
            derived["name_pinyin"],
            derived["name_initials"],
            cipher,
            *(derived.get(name, state[name]) for name in STATE_FIELDS[1:]),  # county_id derived
        ]

    def insert_workers(self, new: list[Person]) -> None:
        columns = [
            *WORKER_COLUMNS,
            "id_number",
            "id_number_bidx",
            "sex",
            "birth_date",
            "created_at",
            "updated_at",
            "created_by_id",
            "updated_by_id",
        ]
        sql, rows = self.sql, []
        for person in new:
            ident = person.id_number
            derived = worker_derived(id_number=ident)
            rows.append(
                [
                    *self._worker_values(person.state),
                    crypto.encrypt(ident.number, context=ID_CONTEXT),
                    derived["id_number_bidx"],
                    derived["sex"],
                    sql.date(derived["birth_date"]),
                    sql.now,
                    sql.now,
                    self.actor_id,
                    self.actor_id,
                ]
            )
        sql.insert(Worker, columns, rows)

    def worker_ids(self, keys: list[str]):
        for start in range(0, len(keys), CHUNK):
            yield from Worker.objects.filter(id_number_bidx__in=keys[start : start + CHUNK]).values_list(
                "id_number_bidx", "pk"
            )

    def update_workers(self, changed: list[Person]) -> None:
        rows = [[*self._worker_values(p.state), self.sql.now, self.actor_id, p.pk] for p in changed]
        self.sql.update(Worker, [*WORKER_COLUMNS, "updated_at", "updated_by_id"], rows)
