"""The registry's and employment's indicators for any period, read from the indicator summary in one scan
(docs/decisions/0013) instead of one query over the spells each. Exactly the numbers of their `records`
queries: `tests/test_indicator_summary.py` compares them on random workers and spells."""

from django.db.models import Count, Q

from laborbridge.employment.summary import stable_from
from laborbridge.regions.models import Region
from laborbridge.workers.choices import PlaceClass, PovertyStatus
from laborbridge.workers.models import IndicatorSummary, IndicatorSummaryState

PLACE_KEYS = {
    PlaceClass.IN_COUNTY: "employed_in_county",
    PlaceClass.IN_PROVINCE: "employed_in_province",
    PlaceClass.PARTNER_PROVINCE: "employed_partner_province",
    PlaceClass.OTHER_PROVINCE: "employed_other_province",
}
SUMMARY_KEYS = frozenset(
    {
        "workers_registered",
        "workers_alleviated",
        "workers_monitored",
        "employed",
        "employed_alleviated",
        "employed_stable",
        "employed_stable_alleviated",
        *PLACE_KEYS.values(),
    }
)


def summary_ready(ctx) -> bool:
    """Whether the summary is complete for the context's minimum spell length."""
    return IndicatorSummaryState.objects.filter(min_days=ctx.min_days).exists()


def summary_rows(ctx):
    if ctx.region.level == Region.Level.TOWNSHIP:
        return IndicatorSummary.objects.filter(county=ctx.region.code[:6], township=ctx.region.code)
    return IndicatorSummary.objects.filter(county=ctx.region.code)


def summary_counts(ctx) -> dict[str, int] | None:
    """The summary's indicators for the context, or None when the summary cannot answer (not built, or built
    for another minimum spell length): the caller then counts the records."""
    if not summary_ready(ctx):
        return None
    s, e = ctx.start.toordinal(), ctx.end.toordinal()
    until = stable_from(ctx.start)
    period_long_enough = until is not None and until <= ctx.end  # the period itself spans the months
    # Grouped in the covering index's own order (county, township, poverty, place class): no sort.
    groups = (
        summary_rows(ctx)
        .values("township", "poverty", "place_class")
        .annotate(
            registered=Count("pk", filter=Q(created__lte=e)),
            employed=Count("pk", filter=Q(ea__lte=s, eb__gte=s, ec__lte=e, ed__gte=e)),
            stable=Count("pk", filter=Q(sa__lte=s, sb__gte=s, sc__lte=e, sd__gte=e)),
        )
        .order_by()
    )
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    for row in groups:
        alleviated = row["poverty"] == PovertyStatus.ALLEVIATED
        counts["workers_registered"] += row["registered"]
        counts["workers_alleviated"] += row["registered"] if alleviated else 0
        counts["workers_monitored"] += row["registered"] if row["poverty"] == PovertyStatus.MONITORED else 0
        counts["employed"] += row["employed"]
        counts["employed_alleviated"] += row["employed"] if alleviated else 0
        if row["place_class"] in PLACE_KEYS:
            counts[PLACE_KEYS[row["place_class"]]] += row["employed"]
        if period_long_enough:
            counts["employed_stable"] += row["stable"]
            counts["employed_stable_alleviated"] += row["stable"] if alleviated else 0
    return counts
