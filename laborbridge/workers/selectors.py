"""Reads of the registry, always through the actor's scope."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.core import idnumber, phone
from laborbridge.core.database import prefix_q
from laborbridge.core.pinyin import name_keys, pinyin_query_key
from laborbridge.workers.derived import id_number_index, id_number_tail_index, phone_index
from laborbridge.workers.models import Worker


@dataclass
class WorkerFilters:
    township: str = ""
    village: str = ""
    poverty_status: str = ""
    sex: str = ""
    age_min: int | None = None
    age_max: int | None = None
    employed: str = ""  # "yes" employed now, "no" not employed now
    place_class: str = ""  # of the open spell
    q: str = ""


def _birth_bounds(age_min, age_max, today: datetime.date) -> Q:
    query = Q()
    # Age by year of birth (按出生年份计算): only the year is kept in the clear (see Worker.birth_year).
    if age_min is not None:
        query &= Q(birth_year__lte=today.year - age_min)
    if age_max is not None:
        query &= Q(birth_year__gte=today.year - age_max)
    return query


TAIL_CANDIDATES = 5000  # workers in scope sharing a number's last four characters, read to confirm 5 or 6


def _is_tail(folded: str) -> bool:
    """The last 4-6 characters of an ID number: digits, the last one possibly X."""
    return 4 <= len(folded) <= 6 and (folded[:-1] + folded[-1].replace("X", "0")).isdigit()


def _tail_search(qs: QuerySet[Worker], tail: str) -> QuerySet[Worker]:
    """Workers of `qs` whose ID number ends with `tail`: by the keyed index of the last four characters,
    then, for a longer tail, by the few candidates' own numbers (decrypted here, never stored in clear)."""
    candidates = qs.filter(id_number_tail_bidx=id_number_tail_index(tail[-4:]))
    if len(tail) == 4:
        return candidates
    pks = [
        pk
        for pk, number in candidates.order_by().values_list("pk", "id_number")[:TAIL_CANDIDATES]
        if (number or "").endswith(tail)
    ]
    return qs.filter(pk__in=pks)


def _search(qs: QuerySet[Worker], text: str) -> QuerySet[Worker]:
    text = text.strip()
    if not text:
        return qs
    key = pinyin_query_key(text)
    if key:
        return qs.filter(prefix_q("name_pinyin", key) | prefix_q("name_initials", key))
    folded = idnumber.normalise(text)
    if _is_tail(folded):
        return _tail_search(qs, folded)
    if len(folded) in (15, 18) and folded[:15].isdigit():
        try:
            return qs.filter(id_number_bidx=id_number_index(idnumber.parse(folded).number))
        except Exception:  # not a valid ID: nothing can match it exactly
            return qs.none()
    number = phone.normalise(text)
    if number.isdigit() and len(number) == 11:
        return qs.filter(phone_bidx=phone_index(number))
    return _name_search(qs, text)


def _name_search(qs: QuerySet[Worker], text: str) -> QuerySet[Worker]:
    """Workers whose name begins with `text` (a name, a surname, the start of a name); when none does, those
    whose name contains it (a given name alone).

    "Begins with" is served by the full-pinyin index: a name that begins with the text has a pinyin key that
    begins with the text's key (both are read character by character, the first as a surname), so the index
    narrows the registry to a few candidates and the name itself decides. "Contains" reads every name in
    scope — fast in a county, slow at a million — so it is only the fallback (docs/performance.md).
    """
    key = name_keys(text)[0]
    if key:
        starts = qs.filter(prefix_q("name_pinyin", key), name__startswith=text)
        if starts.exists():
            return starts
    return qs.filter(name__contains=text)


def _open_spells():
    """Open employment spells of the outer worker (the employment app's model, reached by relation)."""
    return Worker.employments.rel.related_model.objects.filter(worker=OuterRef("pk"), end__isnull=True)


def with_employed_now(qs: QuerySet[Worker]) -> QuerySet[Worker]:
    """Annotate each worker with `employed_now`: has an open spell."""
    return qs.annotate(employed_now=Exists(_open_spells()))


def worker_queryset(*, actor) -> QuerySet[Worker]:
    """Every worker the actor may see, and no other."""
    return Worker.objects.filter(policy.worker_scope(actor).worker_q())


def worker_list(*, actor, filters: WorkerFilters | None = None, today: datetime.date | None = None):
    """Workers in scope matching the filters, newest first."""
    filters = filters or WorkerFilters()
    today = today or datetime.date.today()
    qs = worker_queryset(actor=actor).select_related("township", "village")
    if filters.township:
        qs = qs.filter(township_id=filters.township)
    if filters.village:
        qs = qs.filter(village_id=filters.village)
    if filters.poverty_status:
        qs = qs.filter(poverty_status=filters.poverty_status)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    qs = qs.filter(_birth_bounds(filters.age_min, filters.age_max, today))
    if filters.employed or filters.place_class:
        open_spells = _open_spells()
        if filters.place_class:
            open_spells = open_spells.filter(place_class=filters.place_class)
        qs = qs.filter(~Exists(open_spells) if filters.employed == "no" else Exists(open_spells))
    return _search(qs, filters.q).order_by("-id")


def worker_get(*, actor, pk) -> Worker:
    """One worker in the actor's scope, or 404 — the same answer whether it exists elsewhere or not."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    worker = worker_queryset(actor=actor).select_related("township", "village").filter(pk=pk).first()
    if worker is None:
        raise Http404
    return worker


def worker_figures(*, actor) -> dict:
    """Headline counts of the actor's scope, with a township breakdown for a county's staff."""
    from django.db.models import Count

    from laborbridge.regions.models import Region

    scope = policy.worker_scope(actor)
    qs = worker_queryset(actor=actor)
    alleviated = Q(poverty_status="alleviated")
    totals = qs.aggregate(
        total=Count("id"),
        alleviated=Count("id", filter=alleviated),
        monitored=Count("id", filter=Q(poverty_status="monitored")),
    )
    totals["employed"] = qs.filter(employments__end__isnull=True).count()
    rows = []
    if len(scope.prefixes) == 1 and len(scope.prefixes[0]) == 6:
        names = dict(Region.objects.filter(parent_id=scope.prefixes[0]).values_list("code", "name"))
        grouped = qs.values("township_id").annotate(
            total=Count("id"), alleviated=Count("id", filter=alleviated)
        )
        counts = {r["township_id"]: r for r in grouped.order_by()}
        rows = [
            {
                "code": code,
                "name": name,
                "total": counts.get(code, {}).get("total", 0),
                "alleviated": counts.get(code, {}).get("alleviated", 0),
            }
            for code, name in sorted(names.items())
        ]
    return {**totals, "townships": rows}
