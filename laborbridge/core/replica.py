"""Reports and exports read from the read replica; everything else, and anything in a write transaction, from
the primary.

A view or command opts in with `@reads_from_replica` (or `with replica_reads():`). Inside, the router sends
reads to the `replica` alias (settings: REPLICA_DATABASE_URL) unless the primary is inside a transaction — a
service reading what it is about to change must see its own writes and hold its locks there. Without a
replica configured everything reads from `default`, as before. Writes always go to `default`: a model
instance read from the replica and saved is written to the primary.

What a report shows may lag the primary by the replica's delay (seconds); nothing is decided on it.
"""

import contextlib
import contextvars
import functools

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading = contextvars.ContextVar("laborbridge_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    """Send the reads inside the block to the replica, where one is configured."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """Run the view (and render its response) with its reads on the replica."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


def in_write_transaction() -> bool:
    """Whether the code is inside a transaction on the primary. The one a test case wraps each test in is
    not the code's own (Django's check of durable blocks reads it the same way)."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def read_alias() -> str:
    """The alias a read made now goes to."""
    if _reading.get() and REPLICA in connections and not in_write_transaction():
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django's database router for the rule above (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints):
        # Said explicitly, not left to Django: an object read from the replica would otherwise keep
        # reading (and writing) there outside the block.
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
