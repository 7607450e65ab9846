"""What the dashboard and the reports read: regions the actor may report on, figures, trends, tables."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.calendar import add_months
from laborbridge.employment.models import Employment, Referral
from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.selectors import region_is_eastern_partner
from laborbridge.reports.indicators import (
    REGISTRY,
    Context,
    Indicator,
    compute,
    context,
    employed,
    referrals_to_provided,
    spells_in,
)
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
# An eastern (receiving) district's report: what it brings to the cooperation, not a registry of its own.
RECEIVING_HEADLINE = [
    "employers_provided",
    "employers_provided_total",
    "vacancies_provided",
    "positions_provided",
    "referrals_to_provided",
    "partner_workers_taken_in",
    "partner_workers_taken_in_alleviated",
    "employment_bases",
]


def receiving_region(ctx: Context) -> bool:
    """Whether the report is of an eastern, receiving county (or a street of one): its page and official
    report carry the employers, vacancies, referrals and placed workers, not the registry's township table."""
    return region_is_eastern_partner(code=ctx.county_code)


def headline_keys(ctx: Context) -> list[str]:
    return RECEIVING_HEADLINE if receiving_region(ctx) else HEADLINE + PLACES


def year_with_data(ctx: Context, keys: list[str], *, years: int = 6) -> int | None:
    """The latest calendar year (this one and the `years` before it, other than the period's own year) in
    which any of `keys` is not zero: the hint on an empty period. None when there is none."""
    this_year = reporting_today().year
    for year in range(this_year, this_year - years - 1, -1):
        if ctx.start.year == year == ctx.end.year:
            continue
        last = min(datetime.date(year, 12, 31), reporting_today()) if year == this_year else None
        whole = context(ctx.region, datetime.date(year, 1, 1), last or datetime.date(year, 12, 31))
        if any(compute(whole, keys).values()):
            return year
    return None


def employer_table(ctx: Context) -> list[dict]:
    """The employers the (eastern) county brought in, each with what came of it in the period: vacancies
    posted, positions (headcount), referrals to them, partner workers at work there. Employers with nothing
    in the period are left out."""
    providers = [ctx.county_code]
    employers = Employer.objects.filter(provided_by_id__in=providers).filter(
        Q(provided_on__isnull=True) | Q(provided_on__lte=ctx.end)
    )
    posted = (
        Vacancy.objects.filter(employer__in=employers, posted_on__gte=ctx.start, posted_on__lte=ctx.end)
        .exclude(status=Vacancy.Status.DRAFT)
        .values("employer_id")
        .annotate(n=Count("id"), people=Sum("headcount"))
    )
    vacancies = {r["employer_id"]: (r["n"], r["people"] or 0) for r in posted}
    referred = dict(
        Referral.objects.filter(pk__in=referrals_to_provided(ctx).values("pk"))
        .values_list("vacancy__employer_id")
        .annotate(n=Count("worker_id", distinct=True))
    )
    taken_in = REGISTRY["partner_workers_taken_in"].records(ctx)
    placed = dict(
        spells_in(ctx)
        .filter(employer__in=employers, worker__in=taken_in)
        .values_list("employer_id")
        .annotate(n=Count("worker_id", distinct=True))
    )
    rows = []
    for employer in employers.order_by("name", "id"):
        n, people = vacancies.get(employer.pk, (0, 0))
        row = {
            "name": employer.name,
            "vacancies": n,
            "positions": people,
            "referred": referred.get(employer.pk, 0),
            "placed": placed.get(employer.pk, 0),
        }
        if any(row[key] for key, _label in EMPLOYER_COLUMNS):
            rows.append(row)
    return rows


EMPLOYER_COLUMNS = [
    ("vacancies", _("本期新发布岗位")),
    ("positions", _("招聘人数")),
    ("referred", _("推荐人数")),
    ("placed", _("协作地区劳动力在岗")),
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
    """The official report's content, which the print page and the workbook both lay out: same figures.

    A western county (or township) reports its townships' workers (`rows`); an eastern, receiving county
    reports the employers it brought in (`employers`) instead: each report carries only its own tables.
    """

    ctx: Context
    unit: str  # 填报单位: the county's human resources bureau
    rows: list[dict]  # township_table; empty for a receiving county
    totals: dict[str, int]
    figures: list[tuple[Indicator, int]]  # the main indicators, in the dashboard's order
    today: datetime.date
    receiving: bool = False
    employers: list[dict] = field(default_factory=list)  # employer_table, for a receiving county
    employer_totals: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(value for _item, value in self.figures)


def official_report(ctx: Context) -> OfficialReport:
    county = ctx.region if ctx.region.level == Region.Level.COUNTY else ctx.region.parent
    receiving = receiving_region(ctx)
    figures = {REGISTRY[key]: value for key, value in compute(ctx, headline_keys(ctx)).items()}
    rows = [] if receiving else township_table(ctx)
    employers = employer_table(ctx) if receiving else []
    return OfficialReport(
        ctx=ctx,
        unit=_("%(region)s人力资源和社会保障局") % {"region": county.name},
        rows=rows,
        totals={key: sum(row[key] for row in rows) for key, _label in OFFICIAL_COLUMNS},
        figures=list(figures.items()),
        today=reporting_today(),
        receiving=receiving,
        employers=employers,
        employer_totals={key: sum(row[key] for row in employers) for key, _label in EMPLOYER_COLUMNS},
    )


def drill_records(*, actor, ctx: Context, key: str):
    """The records behind a figure, as the actor may see them (workers are shown masked in the templates)."""
    item = REGISTRY[key]
    records = item.records(ctx)
    if item.subject != "workers":
        return records.order_by("-id")
    own = worker_queryset(actor=actor)
    if key in ("partner_workers_taken_in", "partner_workers_taken_in_alleviated", "referrals_to_provided"):
        # The partner side's workers at work here or referred to our employers: named and masked only where
        # they are placed with us or referred to us (docs/access.md); their village and poverty status stay
        # with their own county.
        placed = Employment.objects.filter(policy.placed_q(actor)).values("worker_id")
        referred = Referral.objects.filter(policy.referrals_q(actor)).values("worker_id")
        records = records.filter(Q(pk__in=own.values("pk")) | Q(pk__in=placed) | Q(pk__in=referred))
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
        figures = compute(ctx, PAIRING_KEYS)
        rows.append({"region": region, "figures": [figures[k] for k in PAIRING_KEYS]})
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
