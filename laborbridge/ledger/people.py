"""The registry's view of the people of one ledger while it is applied, read with plain SQL.

At 100,000 rows the ORM's per-value work costs more than the query, so the people of a file and
their open spells are read into plain objects; `ledger.applying` changes them row by row and then
hands them to the bulk forms of the worker and employment services.
"""

import json
from dataclasses import dataclass, field

from django.db import connection

from laborbridge.core.bulk_sql import CHUNK, as_date
from laborbridge.employment.models import Employment
from laborbridge.employment.services import SpellDraft
from laborbridge.workers.models import Worker, WorkerPreference

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

# A worker's wishes as a ledger states them (occupations by id, regions by code), and when none are stored.
WISH_FIELDS = (
    "wanted_occupations",
    "wanted_place_classes",
    "wanted_regions",
    "wanted_pay",
    "needs_lodging",
    "available_from",
)
NO_WISHES = {
    "wanted_occupations": (),
    "wanted_place_classes": (),
    "wanted_regions": (),
    "wanted_pay": None,
    "needs_lodging": False,
    "available_from": None,
}


@dataclass(slots=True)
class Person:
    """One person of the file, row after row."""

    state: dict  # STATE_FIELDS of the worker, as stored (codes for regions)
    is_new: bool
    pk: int | None = None
    id_number: object = None  # idnumber.CitizenId of a new worker
    identity: dict | None = None  # a new worker's columns derived from the ID number (handed to its draft)
    before: tuple = ()  # the registry's state of this person before the file, to detect no net change
    outcomes: list = field(default_factory=list)  # [outcome] of each accepted row, in file order
    changed: bool = False
    open_spell: SpellDraft | None = None
    spells_to_create: list = field(default_factory=list)
    spells_to_update: dict = field(default_factory=dict)  # id(spell) -> spell
    # WISH_FIELDS as stored (or stated); the shared NO_WISHES is never changed (see own_wishes)
    wishes: dict = field(default_factory=lambda: NO_WISHES)
    wishes_changed: bool = False
    name_keys: tuple = ()  # (name, pinyin, initials) computed while checking, for the name it was made from


def chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def snapshot(person: Person) -> tuple:
    """What a ledger can change of a person: their fields and their open spell."""
    spell = person.open_spell
    job = (
        (
            spell.place_class,
            spell.place_id,
            spell.place_text,
            spell.channel,
            spell.occupation_id,
            spell.employer_name,
            spell.monthly_income,
            spell.start,
            spell.end,
        )
        if spell
        else None
    )
    return tuple(person.state[name] for name in STATE_FIELDS), job, tuple(person.wishes.values())


def people_load(keys: set[str], *, wishes: bool = False) -> dict[str, Person]:
    """The people of the file already in the registry (by ID blind index), with their open spells, and
    their wishes when the file has a wish column.

    The phone is compared by its blind index and kept as ciphertext, so nothing is decrypted.
    """
    people: dict[str, Person] = {}
    ops, worker_table = connection.ops, Worker._meta.db_table
    columns = ("id", "id_number_bidx", "phone", *STATE_FIELDS)
    select = ", ".join(ops.quote_name(c) for c in columns)
    for bidx_chunk in chunks(sorted(keys)):
        marks = ", ".join(["%s"] * len(bidx_chunk))
        sql = f"SELECT {select} FROM {ops.quote_name(worker_table)} WHERE {ops.quote_name('id_number_bidx')} IN ({marks})"
        with connection.cursor() as cursor:
            cursor.execute(sql, bidx_chunk)
            for pk, bidx, cipher, *values in cursor.fetchall():
                state = dict(zip(STATE_FIELDS, values, strict=True))
                state["phone_cipher"] = cipher
                people[bidx] = Person(state=state, is_new=False, pk=pk)
    by_id = {p.pk: p for p in people.values()}
    spell_columns = (
        "worker_id",
        "id",
        "place_class",
        "employer_name",
        "monthly_income",
        "start",
        "end",
        "place_id",
        "place_text",
        "channel",
        "occupation_id",
    )
    select = ", ".join(ops.quote_name(c) for c in spell_columns)
    for id_chunk in chunks(sorted(by_id)):
        marks = ", ".join(["%s"] * len(id_chunk))
        sql = (
            f"SELECT {select} FROM {ops.quote_name(Employment._meta.db_table)} "
            f"WHERE {ops.quote_name('worker_id')} IN ({marks}) AND {ops.quote_name('end')} IS NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, id_chunk)
            for row in cursor.fetchall():
                worker_id, pk, place_class, employer, income, start, end, place, text, channel, occupation = (
                    row
                )
                by_id[worker_id].open_spell = SpellDraft(
                    pk=pk,
                    worker_id=worker_id,
                    home_township=by_id[worker_id].state["township_id"],
                    place_class=place_class,
                    employer_name=employer,
                    monthly_income=income,
                    start=as_date(start),
                    end=as_date(end),
                    place_id=place,
                    place_text=text,
                    channel=channel,
                    occupation_id=occupation,
                )
    if wishes:
        _wishes_load(by_id)
    for person in people.values():
        person.before = snapshot(person)
    return people


def _wishes_load(by_id: dict[int, Person]) -> None:
    """The stored wishes of these people, in WISH_FIELDS' form: plain SQL, three queries a chunk."""
    ops = connection.ops
    table = ops.quote_name(WorkerPreference._meta.db_table)
    occupations = WorkerPreference.occupations.through._meta
    regions = WorkerPreference.regions.through._meta
    owner = ops.quote_name("workerpreference_id")
    columns = ", ".join(
        ops.quote_name(c)
        for c in ("worker_id", "place_classes", "pay_min", "needs_lodging", "available_from")
    )
    for id_chunk in chunks(sorted(by_id)):
        marks = ", ".join(["%s"] * len(id_chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {ops.quote_name('worker_id')} IN ({marks})", id_chunk
            )
            for worker_id, place_classes, pay, lodging, available in cursor.fetchall():
                if isinstance(place_classes, str):  # SQLite gives the JSON as text
                    place_classes = json.loads(place_classes)
                by_id[worker_id].wishes = dict(
                    NO_WISHES,
                    wanted_place_classes=tuple(place_classes),
                    wanted_pay=pay,
                    needs_lodging=bool(lodging),
                    available_from=as_date(available),
                )
            for meta, column, field in (
                (occupations, "occupation_id", "wanted_occupations"),
                (regions, "region_id", "wanted_regions"),
            ):
                cursor.execute(
                    f"SELECT {owner}, {ops.quote_name(column)} FROM {ops.quote_name(meta.db_table)} "
                    f"WHERE {owner} IN ({marks})",
                    id_chunk,
                )
                found: dict[int, list] = {}
                for worker_id, value in cursor.fetchall():
                    found.setdefault(worker_id, []).append(value)
                for worker_id, values in found.items():
                    own_wishes(by_id[worker_id])[field] = tuple(sorted(values))


def own_wishes(person: Person) -> dict:
    """The person's own wishes to change (a copy of NO_WISHES the first time)."""
    if person.wishes is NO_WISHES:
        person.wishes = dict(NO_WISHES)
    return person.wishes
