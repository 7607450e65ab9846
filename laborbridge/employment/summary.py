"""The spells' side of the indicator summary (docs/decisions/0013): for each worker, the periods [S, E] in
which the worker counts as employed (in the place class of the latest spell) and as stably employed, as
disjoint rectangles of (S, E), computed from the worker's spells with the rules of `reports.indicators`.

`indicator_summary_refresh` rewrites the rows of some workers from the live tables; every service that
writes spells calls it in its own transaction. `indicator_summary_rebuild` rewrites them all.
"""

import datetime
import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from laborbridge.core.bulk_sql import CHUNK, BulkSql, Sized
from laborbridge.employment.calendar import STABLE_MONTHS, add_months
from laborbridge.employment.models import Employment
from laborbridge.workers.models import IndicatorSummary, IndicatorSummaryState, Worker
from laborbridge.workers.summary import created_day

LOW = 1  # date.min.toordinal(): no lower bound
HIGH = datetime.date.max.toordinal()  # no upper bound (an open spell)

Rect = tuple[int, int, int, int]  # a <= S <= b and c <= E <= d

COLUMNS = [
    "worker_id",
    "county",
    "township",
    "poverty",
    "created",
    "place_class",
    "ea",
    "eb",
    "ec",
    "ed",
    "sa",
    "sb",
    "sc",
    "sd",
]


def subtract(rect: Rect, other: Rect) -> list[Rect]:
    """`rect` without `other`, as disjoint rectangles."""
    a, b, c, d = rect
    oa, ob, oc, od = other
    if ob < a or oa > b or od < c or oc > d:
        return [rect]
    pieces = []
    if a < oa:
        pieces.append((a, oa - 1, c, d))
    if ob < b:
        pieces.append((ob + 1, b, c, d))
    low, high = max(a, oa), min(b, ob)
    if c < oc:
        pieces.append((low, high, c, oc - 1))
    if od < d:
        pieces.append((low, high, od + 1, d))
    return pieces


def minus(rect: Rect, others: Iterable[Rect]) -> list[Rect]:
    pieces = [rect]
    for other in others:
        pieces = [piece for p in pieces for piece in subtract(p, other)]
    return pieces


@functools.lru_cache(maxsize=8192)  # a bulk write asks of the same few hundred days again and again
def stable_from(day: datetime.date) -> datetime.date | None:
    """The last of STABLE_MONTHS calendar months at work from `day` (`employment.calendar.is_stable`)."""
    try:
        return add_months(day, STABLE_MONTHS) - datetime.timedelta(days=1)
    except (ValueError, OverflowError):
        return None


@functools.lru_cache(maxsize=8192)
def latest_stable_start(last: datetime.date) -> datetime.date:
    """The latest first day from which STABLE_MONTHS months at work end on or before `last`."""
    day = max(datetime.date.min, add_months(last, -STABLE_MONTHS))
    while (after := stable_from(day + datetime.timedelta(days=1))) is not None and after <= last:
        day += datetime.timedelta(days=1)
    while (until := stable_from(day)) is None or until > last:
        day -= datetime.timedelta(days=1)
    return day


def spell_rects(
    spells: list[tuple[int, datetime.date, datetime.date | None, str]],
) -> tuple[list[tuple[str, Rect]], list[Rect]]:
    """A worker's counting periods from their spells (id, start, end, place class), the minimum length
    already applied: employed by the place class of the latest spell overlapping [S, E] (by start, then id);
    stable when some spell, clipped to [S, E], lasts STABLE_MONTHS calendar months (besides the period's own
    length, which `reports.summary` checks)."""
    # In one order whatever order the spells come in (a query's, or a write's in memory): the rectangles
    # then come out the same, not only covering the same periods.
    spells = sorted(spells, key=lambda s: (s[1], s[0]))
    employed: list[tuple[str, Rect]] = []
    later: list[Rect] = []
    for _pk, start, end, place_class in reversed(spells):
        overlap = (LOW, end.toordinal() if end else HIGH, start.toordinal(), HIGH)
        employed.extend((place_class, piece) for piece in minus(overlap, later))
        later.append(overlap)
    stable: list[Rect] = []
    seen: list[Rect] = []
    for _pk, start, end, _class in spells:
        # Clipped to [S, E]: t(max(start, S)) <= min(end, E), with t monotone; t(S) <= E is the period's.
        until = stable_from(start)
        if until is None or (end is not None and until > end):
            continue
        rect = (LOW, latest_stable_start(end).toordinal() if end else HIGH, until.toordinal(), HIGH)
        stable.extend(minus(rect, seen))
        seen.append(rect)
    return employed, stable


def worker_rows(worker: tuple, spells: list[tuple]) -> list[list]:
    """A worker's summary rows: (id, county, township, poverty status, created_at) and qualifying spells."""
    pk, county, township, poverty, created_at = worker
    employed, stable = spell_rects(spells)
    rows = []
    for index in range(max(1, len(employed), len(stable))):
        place_class, (ea, eb, ec, ed) = employed[index] if index < len(employed) else ("", (None,) * 4)
        sa, sb, sc, sd = stable[index] if index < len(stable) else (None,) * 4
        created = created_day(created_at) if index == 0 else None
        rows.append([pk, county, township, poverty, created, place_class, ea, eb, ec, ed, sa, sb, sc, sd])
    return rows


def summary_min_days() -> int:
    """The minimum spell length the summary holds: the one it was built for, else the setting's."""
    state = IndicatorSummaryState.objects.order_by("-pk").first()
    return state.min_days if state else getattr(settings, "EMPLOYED_MIN_DAYS", 0)


def _qualifies(start: datetime.date, end: datetime.date | None, min_days: int) -> bool:
    return end is None or end >= start + datetime.timedelta(days=min_days)


def _rows_for(workers: list[tuple], spells: Iterable[tuple], min_days: int) -> list[list]:
    by_worker: dict[int, list] = {w[0]: [] for w in workers}
    for worker_id, pk, start, end, place_class in spells:
        if worker_id in by_worker and _qualifies(start, end, min_days):
            by_worker[worker_id].append((pk, start, end, place_class))
    return [row for worker in workers for row in worker_rows(worker, by_worker[worker[0]])]


WORKER_FIELDS = ("pk", "county_id", "township_id", "poverty_status", "created_at")
SPELL_FIELDS = ("worker_id", "pk", "start", "end", "place_class")


def indicator_summary_refresh(worker_ids: Iterable[int]) -> None:
    """Rewrite these workers' summary rows from their record and spells (in the caller's transaction)."""
    ids = sorted(set(worker_ids))
    if not ids:
        return
    min_days, sql = summary_min_days(), BulkSql()
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first : first + CHUNK]
        IndicatorSummary.objects.filter(worker_id__in=chunk).delete()
        workers = list(Worker.objects.filter(pk__in=chunk).values_list(*WORKER_FIELDS))
        spells = Employment.objects.filter(worker_id__in=chunk).values_list(*SPELL_FIELDS)
        sql.insert(IndicatorSummary, COLUMNS, _rows_for(workers, spells, min_days))


def indicator_summary_add(registered: Sized, touched: set[int]) -> None:
    """Write the rows of workers registered in this transaction without any (`worker_write_bulk(summary=False)`),
    from the spells opened for them in this same write, as they are in memory: nothing is read back.

    `registered` gives each worker as ((id, county, township, poverty status, created_at), their spell
    drafts in the order they were inserted), and its length (at least one row each). That order stands
    for the spells' ids (they rise with it), which break ties between spells starting on the same day; a
    new worker has no other spells. Each worker written is taken out of `touched`.
    """
    min_days = summary_min_days()

    def rows():
        for worker, drafts in registered:
            touched.discard(worker[0])
            spells = [
                (order, d.start, d.end, d.place_class)
                for order, d in enumerate(drafts)
                if _qualifies(d.start, d.end, min_days)
            ]
            yield from worker_rows(worker, spells)

    BulkSql().insert(IndicatorSummary, COLUMNS, Sized(rows(), len(registered)))


@transaction.atomic
def indicator_summary_rebuild(
    *, batch: int = 20_000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rewrite the whole summary from the live tables, for the current `EMPLOYED_MIN_DAYS`; return its rows.

    `progress(done, total)` is told after each batch of workers."""
    min_days = getattr(settings, "EMPLOYED_MIN_DAYS", 0)
    IndicatorSummaryState.objects.all().delete()
    IndicatorSummary.objects.all().delete()
    total, done, written, sql = Worker.objects.count(), 0, 0, BulkSql()
    last = 0
    while True:
        workers = list(Worker.objects.filter(pk__gt=last).order_by("pk").values_list(*WORKER_FIELDS)[:batch])
        if not workers:
            break
        low, last = workers[0][0], workers[-1][0]
        spells = Employment.objects.filter(worker_id__gte=low, worker_id__lte=last).values_list(*SPELL_FIELDS)
        rows = _rows_for(workers, spells.iterator(chunk_size=10_000), min_days)
        sql.insert(IndicatorSummary, COLUMNS, rows)
        done, written = done + len(workers), written + len(rows)
        if progress:
            progress(done, total)
    IndicatorSummaryState.objects.create(min_days=min_days)
    return written
