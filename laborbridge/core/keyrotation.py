"""Rewrite every encrypted value and blind index with the current field key, in batches, resumably.

Which columns: every EncryptedTextField of every model; a sibling column named `<field>_bidx` is its
blind index, the keyed hash of the same plaintext under the field's context, and one named
`<field>_tail_bidx` the keyed hash of its last characters (`crypto.blind_index_tail`). Each batch is its own
transaction, and a value already made with the current key is left alone, so a run that stops (a
crash, Ctrl-C) is resumed by running the command again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction

from laborbridge.core import crypto
from laborbridge.core.fields import EncryptedTextField


@dataclass
class TableRotation:
    label: str
    rows: int = 0  # rows looked at
    rewritten: int = 0  # rows with at least one value rewritten
    remaining: int = 0  # rows still holding a value of an older key (check only)


def encrypted_fields(model) -> tuple[list[EncryptedTextField], dict[str, str]]:
    """The model's encrypted fields, and {field name: its blind-index column} for those that have one."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    indexes = {}
    for field in fields:
        try:
            indexes[field.name] = model._meta.get_field(f"{field.name}_bidx").column
        except FieldDoesNotExist:
            pass
    return fields, indexes


def _tail_columns(model, fields) -> dict[str, str]:
    """{field name: its tail-index column} for the encrypted fields that have one."""
    tails = {}
    for field in fields:
        try:
            tails[field.name] = model._meta.get_field(f"{field.name}_tail_bidx").column
        except FieldDoesNotExist:
            pass
    return tails


def encrypted_models() -> list[tuple[type, list[EncryptedTextField], dict[str, str]]]:
    """Each model with encrypted fields, those fields, and their blind-index columns."""
    found = []
    for model in apps.get_models():
        fields, indexes = encrypted_fields(model)
        if fields and not model._meta.proxy:
            found.append((model, fields, indexes))
    return found


def _stale(token: str | None) -> bool:
    return bool(token) and crypto.key_version(token) != crypto.current_version()


def rotate_table(
    model, fields, indexes, *, batch_size: int, check: bool, report: Callable[[TableRotation], None]
) -> TableRotation:
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(f.column) for f in fields]
    select = f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
    tails = _tail_columns(model, fields)
    targets = [f.column for f in fields] + [indexes[f.name] for f in fields if f.name in indexes]
    targets += [tails[f.name] for f in fields if f.name in tails]
    update = f"UPDATE {table} SET {', '.join(f'{quote(c)} = %s' for c in targets)} WHERE {pk} = %s"
    outcome = TableRotation(label=model._meta.label)
    last = None
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if last is None:
                    cursor.execute(select.replace(f"WHERE {pk} > %s ", ""), [batch_size])
                else:
                    cursor.execute(select, [last, batch_size])
                rows = cursor.fetchall()
                if not rows:
                    return outcome
                changes = []
                for pk_value, *tokens in rows:
                    if not any(_stale(token) for token in tokens):
                        continue
                    if check:
                        outcome.remaining += 1
                        continue
                    values, index_values, tail_values = [], [], []
                    for field, token in zip(fields, tokens, strict=True):
                        plain = crypto.decrypt(token, context=field.context) if token else token
                        values.append(crypto.encrypt(plain, context=field.context) if plain else token)
                        if field.name in indexes:
                            index_values.append(
                                crypto.blind_index(plain, context=field.context) if plain else ""
                            )
                        if field.name in tails:
                            tail_values.append(
                                crypto.blind_index_tail(plain, context=field.context) if plain else ""
                            )
                    changes.append([*values, *index_values, *tail_values, pk_value])
                if changes:
                    cursor.executemany(update, changes)
        outcome.rows += len(rows)
        outcome.rewritten += len(changes)
        last = rows[-1][0]
        report(outcome)
