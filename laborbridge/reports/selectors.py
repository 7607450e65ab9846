"""What the dashboard and the reports read: regions the actor may report on, figures, trends, tables."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.employment.calendar import add_months
from laborbridge.employment.models import Employment
from laborbridge.regions.models import Pairing, Region
from laborbridge.reports.indicators import REGISTRY, Context, Indicator, context, employed, spells_in
from laborbridge.reports.periods import reporting_today
from laborbridge.workers.choices import PovertyStatus
from laborbridge.workers.selectors import worker_queryset

HEADLINE = [
    "employed",
    "employed_alleviated",
    "employed_stable",
    "workers_registered",
    "positions_provided",
    "employers_provided_total",
    "employment_bases",
    "partner_workers_taken_in",
]
PLACES = [
    "employed_in_county",
    "employed_in_province",
    "employed_partner_province",
    "employed_other_province",
]


def report_regions(*, actor) -> list[Region]:
    """The counties (and, for township staff, the township) the actor may report on."""
    scope = policy.report_scope(actor)
    if scope.everywhere:
        codes = {code for pair in Pairing.objects.values_list("west_id", "east_id") for code in pair}
    else:
        codes = {p for p in scope.prefixes if len(p) in (6, 9)}
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def report_context(*, actor, region: str, start: datetime.date, end: datetime.date) -> Context:
    allowed = {r.code: r for r in report_regions(actor=actor)}
    if not allowed:
        raise PermissionDenied(_("您的角色不能查看统计报表"))
    place = allowed.get(region) or report_home_region(actor=actor, allowed=list(allowed.values()))
    return context(place, start, end)


def report_home_region(*, actor, allowed: list[Region]) -> Region:
    """The region the dashboard opens on when none is asked for: where the cooperation's work is counted.

    That is the western county of a pairing the actor reports on (金秀 for the cooperation office and the
    administrator), else the actor's own region, else the first one the actor may report on.
    """
    codes = {r.code: r for r in allowed}
    for west in Pairing.objects.order_by("west_id").values_list("west_id", flat=True):
        if west in codes:
            return codes[west]
    return codes.get(actor.region_id) or allowed[0]


def monthly_employed(ctx: Context) -> list[tuple[str, int, int]]:
    """(month, employed, of whom formerly poor) for each month of the period, in one read of the spells."""
    rows = (
        spells_in(ctx)
        .filter(worker__in=employed(ctx))
        .values_list("worker_id", "start", "end", "worker__poverty_status")
    )
    spells = list(rows)
    months, first = [], ctx.start.replace(day=1)
    while first <= ctx.end:
        last = min(add_months(first, 1) - datetime.timedelta(days=1), ctx.end)
        low = max(first, ctx.start)
        at_work = {(w, p) for w, s, e, p in spells if s <= last and (e is None or e >= low)}
        months.append(
            (
                first.strftime("%Y-%m"),
                len({w for w, _p in at_work}),
                len({w for w, p in at_work if p == PovertyStatus.ALLEVIATED}),
            )
        )
        first = add_months(first, 1)
    return months


def poverty_split(ctx: Context) -> dict[str, int]:
    counts = Counter(dict(employed(ctx).values_list("poverty_status").annotate(n=Count("id"))))
    return {label: counts.get(value, 0) for value, label in PovertyStatus.choices}


def township_table(ctx: Context) -> list[dict]:
    """Registered and employed workers of each township of the county (the official table's rows)."""
    county = ctx.region if ctx.region.level == Region.Level.COUNTY else ctx.region.parent
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    if ctx.region.level == Region.Level.TOWNSHIP:
        townships = [ctx.region]
    wide = Context(region=county, start=ctx.start, end=ctx.end, min_days=ctx.min_days)
    by_township = (
        employed(wide)
        .values("township_id")
        .annotate(n=Count("id"), alleviated=Count("id", filter=Q(poverty_status=PovertyStatus.ALLEVIATED)))
    )
    employed_by = {r["township_id"]: r["n"] for r in by_township}
    alleviated_by = {r["township_id"]: r["alleviated"] for r in by_township}
    registered = REGISTRY["workers_registered"].records(wide)
    registered_by = dict(registered.values_list("township_id").annotate(n=Count("id")))
    return [
        {
            "code": t.code,
            "name": t.name,
            "registered": registered_by.get(t.code, 0),
            "employed": employed_by.get(t.code, 0),
            "alleviated": alleviated_by.get(t.code, 0),
        }
        for t in townships
    ]


OFFICIAL_COLUMNS = [
    ("registered", _("登记农村劳动力")),
    ("employed", _("实现务工就业")),
    ("alleviated", _("其中脱贫劳动力")),
]


@dataclass(frozen=True)
class OfficialReport:
    """The official report's content, which the print page and the workbook both lay out: same figures."""

    ctx: Context
    unit: str  # 填报单位: the county's human resources bureau
    rows: list[dict]  # township_table
    totals: dict[str, int]
    figures: list[tuple[Indicator, int]]  # the main indicators, in the dashboard's order
    today: datetime.date


def official_report(ctx: Context) -> OfficialReport:
    rows = township_table(ctx)
    county = ctx.region if ctx.region.level == Region.Level.COUNTY else ctx.region.parent
    return OfficialReport(
        ctx=ctx,
        unit=_("%(region)s人力资源和社会保障局") % {"region": county.name},
        rows=rows,
        totals={key: sum(row[key] for row in rows) for key, _label in OFFICIAL_COLUMNS},
        figures=[(REGISTRY[key], REGISTRY[key].count(ctx)) for key in HEADLINE + PLACES],
        today=reporting_today(),
    )


def drill_records(*, actor, ctx: Context, key: str):
    """The records behind a figure, as the actor may see them (workers are shown masked in the templates)."""
    item = REGISTRY[key]
    records = item.records(ctx)
    if item.subject != "workers":
        return records.order_by("-id")
    own = worker_queryset(actor=actor)
    if key == "partner_workers_taken_in":
        # The partner side's workers at work here: named and masked only where they are placed with us
        # (docs/access.md); their village and poverty status stay with their own county.
        placed = Employment.objects.filter(policy.placed_q(actor)).values("worker_id")
        records = records.filter(Q(pk__in=own.values("pk")) | Q(pk__in=placed))
    else:
        records = records.filter(pk__in=own.values("pk"))
    records = records.annotate(in_registry=Exists(own.filter(pk=OuterRef("pk"))))
    return records.select_related("township", "village").order_by("-id")


PAIRING_KEYS = [
    "employed",
    "employed_alleviated",
    "employed_partner_province",
    "partner_workers_taken_in",
    "employers_provided_total",
    "positions_provided_total",
]


def pairing_table(*, actor, start: datetime.date, end: datetime.date) -> list[dict]:
    """Both sides of each pairing side by side (the cooperation office's view): one fact seen from each end."""
    codes = {r.code for r in report_regions(actor=actor) if r.level == Region.Level.COUNTY}
    if not policy.may(actor, "view_pairing_table") or len(codes) < 2:
        return []
    rows = []
    for region in Region.objects.filter(code__in=codes).select_related("parent").order_by("-code"):
        ctx = context(region, start, end)
        rows.append({"region": region, "figures": [REGISTRY[k].count(ctx) for k in PAIRING_KEYS]})
    return rows


def where_they_work(ctx: Context) -> dict[str, int]:
    """Employed workers by the province of their latest spell in the period (for the map).

    A ledger spell may give only the place class: 区内县外 is the home province, 协作省份 the partner's;
    其他省份 without a place is left off the map.
    """
    home, partner = ctx.county_code[:2], (ctx.partners() or [""])[0][:2]
    latest: dict[int, tuple] = {}
    rows = spells_in(ctx).filter(worker__in=employed(ctx)).values_list("worker_id", "start", "id", "place_id",
                                                                       "place_class")  # fmt: skip
    for worker_id, start, pk, place, place_class in rows:
        if worker_id not in latest or (start, pk) > latest[worker_id][:2]:
            latest[worker_id] = (start, pk, place, place_class)
    counts: Counter = Counter()
    for _start, _pk, place, place_class in latest.values():
        province = place[:2] if place else {"in_county": home, "in_province": home, "partner_province": partner}.get(
            place_class, "")  # fmt: skip
        if province:
            counts[province] += 1
    return dict(counts)
