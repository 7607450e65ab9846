"""Check the data rows of a ledger, on both cores when the file is large, and prepare the clean ones for writing.

Checking is pure Python with no database access (`RowParser` read what it needs when it was made), so
a forked process can check the second half of the rows while this one checks the first. Each clean row
is also prepared for the write (pinyin, the phone's blind index, the ciphertexts of the ID number and
the phone): work that used to run inside the write transaction, on one core.

The child is a fork of this process, so it already holds the rows and the parser; it sends back only
the rows it checked, with regions by code (the parent puts its own Region objects back) and without
the raw cells (the parent has them). It never touches the database: the connection it inherited is
the parent's. A child that dies or fails fails the import, and nothing has been written yet.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable

from django.db import connections

from laborbridge.core import crypto
from laborbridge.ledger import cells
from laborbridge.ledger.columns import Header
from laborbridge.ledger.rows import ParsedRow, RowError, RowParser
from laborbridge.regions.models import Region
from laborbridge.workers.derived import ID_CONTEXT, PHONE_CONTEXT, worker_derived

# Below this many rows a second process costs more than it saves (forking, sending rows back).
PARALLEL_MIN_ROWS = 4000
CHILD_SECONDS = 600  # the child's half should take seconds; past this it is stuck, and the import fails
SEND_EVERY = 2000  # rows a message from the child; the parent unpickles one while the child checks on
PLACE_COLUMNS = ("place_class", "wanted_places")  # the cells whose reading may query (see _read_places_here)
Checked = tuple[int, ParsedRow | None, list[RowError]]  # (offset among the data rows, row or None, reasons)


class CheckFailed(RuntimeError):
    """The checking process died or failed; the import stops before writing anything."""


def prepare(row: ParsedRow, seal_id, seal_phone) -> None:
    """Compute what writing the row's person needs beyond the row: pinyin, the phone's index, ciphertexts."""
    name, phone = row.worker["name"], row.worker.get("phone", "")
    derived = worker_derived(name=name, phone=phone)
    row.name_keys = (name, derived["name_pinyin"], derived["name_initials"])
    row.phone_bidx = derived["phone_bidx"]
    row.phone_cipher = seal_phone(phone) if phone else ""
    row.identity["id_number_cipher"] = seal_id(row.id_number.number)


def check_part(
    parser: RowParser,
    header: Header,
    rows: list[list],
    start: int,
    stop: int,
    report: Callable[[int], None] = lambda done: None,
):
    """Check rows[start:stop], yielding (offset, row or None, reasons) for every data row, in order.

    Blank lines and 填表人/审核人 footers (no name and no ID number) are not data rows and yield nothing.
    """
    name_col, id_col = header.columns["name"], header.columns["id_number"]
    seal_id, seal_phone = crypto.sealer(context=ID_CONTEXT), crypto.sealer(context=PHONE_CONTEXT)
    first_number = header.row_index + 2
    text = cells.text
    for offset in range(start, stop):
        if (offset - start) % 2000 == 0:
            report(offset - start)
        raw = rows[offset]
        width = len(raw)
        name = raw[name_col] if name_col < width else None
        ident = raw[id_col] if id_col < width else None
        if text(name) == "" and text(ident) == "":
            continue
        row, errors = parser.parse_row(first_number + offset, raw, header)
        if row is not None:
            prepare(row, seal_id, seal_phone)
        yield offset, row, errors


def check_rows(
    parser: RowParser, header: Header, rows: list[list], *, progress: Callable[[int], None]
) -> list[Checked]:
    """Check every data row (`rows` follow the header); report progress from 0 to 70."""
    total = max(1, len(rows))
    if len(rows) < PARALLEL_MIN_ROWS or not _can_fork():
        return list(check_part(parser, header, rows, 0, len(rows), lambda done: progress(70 * done // total)))
    _read_places_here(parser, header, rows)
    return _check_in_two(parser, header, rows, progress)


def _read_places_here(parser: RowParser, header: Header, rows: list[list]) -> None:
    """Read each distinct place cell (务工地点, 意向地点) once in this process, before forking.

    Reading a place is the one step of checking that may query: a county's townships are loaded when a
    text first names that county (regions.places). Done here, the child inherits them and the answers
    (both readers are memoised per distinct cell).
    """
    for name, parse in parser.cell_parsers:
        column = header.columns.get(name)
        if name not in PLACE_COLUMNS or column is None:
            continue
        seen: set = set()
        for raw in rows:
            value = raw[column] if column < len(raw) else None
            if value in seen:
                continue
            seen.add(value)
            try:
                parse(value)
            except cells.CellError:
                pass


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _check_in_two(parser: RowParser, header: Header, rows: list[list], progress) -> list[Checked]:
    """This process checks the first half while a forked child checks the second half."""
    middle = len(rows) // 2
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sending, parser, header, rows, middle, len(rows)), daemon=True
    )
    child.start()
    sending.close()
    theirs: list = []
    ending: list = []

    def receive() -> None:
        # A thread drains the pipe while this process checks, so the child never waits for room to send.
        try:
            while True:
                message = receiving.recv()
                if message[0] != "rows":
                    ending.append(message)
                    return
                theirs.extend(message[1])
        except (EOFError, OSError):
            ending.append(("died",))

    receiver = threading.Thread(target=receive, daemon=True)
    receiver.start()
    try:
        ours = list(check_part(parser, header, rows, 0, middle, lambda done: progress(70 * done // middle)))
        receiver.join(timeout=CHILD_SECONDS)  # a child stuck for good (a lock inherited mid-use) is given up
    finally:
        if receiver.is_alive():  # this process failed, or the child is stuck: its half is not wanted any more
            child.kill()
        child.join()
        receiver.join()  # the child's end of the pipe is closed now: the thread has seen the end
        receiving.close()
    if not ending or ending[0][0] != "done":
        reason = ending[0][1] if ending and ending[0][0] == "failed" else f"exit code {child.exitcode}"
        raise CheckFailed(f"the process checking the second half of the rows failed: {reason}")
    regions = parser.regions_by_code
    for offset, row, _errors in theirs:
        if row is not None:
            row.raw = rows[offset]
            row.worker = {k: regions[v] if k in ("township", "village") else v for k, v in row.worker.items()}
    return ours + theirs


def _no_database(*args, **kwargs):
    raise RuntimeError("the checking process must not use the database")


def _child(sending, parser, header, rows, start, stop) -> None:
    """In the forked process: check rows[start:stop] and send them back in batches."""
    try:
        # The inherited connection is the parent's: a query here would garble its conversation with the
        # database. Checking needs none (the places were read before the fork); make sure of it.
        for alias in connections:
            connections[alias].execute_wrappers.append(_no_database)
        batch = []
        for offset, row, errors in check_part(parser, header, rows, start, stop):
            if row is not None:
                row.raw = None  # the parent has the cells
                row.worker = {k: v.code if isinstance(v, Region) else v for k, v in row.worker.items()}
            batch.append((offset, row, errors))
            if len(batch) == SEND_EVERY:
                sending.send(("rows", batch))
                batch = []
        sending.send(("rows", batch))
        sending.send(("done",))
    except BaseException as exc:  # whatever it was, the parent must hear of it
        sending.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        sending.close()
