"""Indicator definitions as code: each has a key, a Chinese name and definition, and one query that both
counts it and lists the records behind it, for a period and a region (county or township).

Paired-region credit: a 金秀 worker employed in 电白 counts for 金秀 under `employed` (helped into work)
and for 电白 under `partner_workers_taken_in` (took in a western worker): two views of one fact, each
counted once within its own region's report.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Greatest, Least, Mod
from django.utils.translation import gettext as _

from laborbridge.core.database import prefix_q
from laborbridge.employers.models import Employer, EmploymentBase, Vacancy
from laborbridge.employment.models import Employment, Referral, ReferralStep
from laborbridge.fairs.models import Consultation, FairIntent, FairPosition, FairVisit, JobFair
from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.reports.periods import period_end_instant
from laborbridge.reports.summary import SUMMARY_KEYS, summary_counts
from laborbridge.training.models import Certificate, Enrolment, TrainingClass
from laborbridge.training.selectors import TAKING_PART, employed_q, outcome, related_q
from laborbridge.transport.models import Batch, SignUp, TransportCampaign, TravelSubsidyClaim, Trip
from laborbridge.workers.choices import PlaceClass, PovertyStatus
from laborbridge.workers.models import Worker


@dataclass(frozen=True)
class Context:
    region: Region  # a county or a township
    start: datetime.date
    end: datetime.date
    min_days: int = 0  # the yearly cooperation notice may require a minimum spell to count as employed

    @property
    def county_code(self) -> str:
        return self.region.code[:6]

    def households(self, via: str = "") -> Q:
        """Workers (reached through `via`, e.g. "worker__") whose household is in the region."""
        if self.region.level == Region.Level.TOWNSHIP:
            return Q(**{f"{via}township_id": self.region.code})
        return Q(**{f"{via}county_id": self.region.code})

    def partners(self) -> list[str]:
        return region_partner_codes(code=self.county_code)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    definition: str
    subject: str  # "workers", "employers", "vacancies", "bases", "fairs", "consultations", "classes"
    records: Callable[[Context], QuerySet]
    total: Callable[[QuerySet], int] = field(default=lambda qs: qs.count())

    def count(self, ctx: Context) -> int:
        return self.total(self.records(ctx))


REGISTRY: dict[str, Indicator] = {}


def indicator(key: str, name: str, definition: str, subject: str = "workers", total=None):
    def register(records):
        REGISTRY[key] = Indicator(key, name, definition, subject, records, total or (lambda qs: qs.count()))
        return records

    return register


def spells_in(ctx: Context) -> QuerySet[Employment]:
    """Spells overlapping the period (and lasting at least the minimum, when one is set)."""
    qs = Employment.objects.filter(start__lte=ctx.end).filter(Q(end__isnull=True) | Q(end__gte=ctx.start))
    if ctx.min_days:
        qs = qs.filter(Q(end__isnull=True) | Q(end__gte=F("start") + datetime.timedelta(days=ctx.min_days)))
    return qs


def registry(ctx: Context) -> QuerySet[Worker]:
    """Workers registered by the end of the period, with their household in the region."""
    return Worker.objects.filter(ctx.households(), created_at__lt=period_end_instant(ctx.end))


def employed(ctx: Context) -> QuerySet[Worker]:
    return Worker.objects.filter(ctx.households()).filter(
        Exists(spells_in(ctx).filter(worker=OuterRef("pk")))
    )


def _place_class_of_latest(ctx: Context) -> Subquery:
    latest = spells_in(ctx).filter(worker=OuterRef("pk")).order_by("-start", "-id").values("place_class")[:1]
    return Subquery(latest)


def _by_place(place_class: str):
    def records(ctx: Context) -> QuerySet[Worker]:
        return (
            employed(ctx).annotate(latest_place=_place_class_of_latest(ctx)).filter(latest_place=place_class)
        )

    return records


def _months(date_expr):
    return ExtractYear(date_expr) * 12 + ExtractMonth(date_expr)


def stable_spells(ctx: Context) -> QuerySet[Employment]:
    """Spells with three calendar months at work inside the period, in SQL on SQLite and PostgreSQL alike.

    The spell clipped to the period runs from cs to ce (inclusive); it is stable when the day before
    add_months(cs, 3) is on or before ce, which is the rule of `employment.calendar.is_stable`.
    With M = months(ce) − months(cs): M ≥ 4 is stable; M = 3 is stable when day(cs) ≤ day(ce) + 1, or
    when ce is one of the last two days of its month (month-end clipping); M = 2 only from the 1st of a
    month to the last day of the month after next; M ≤ 1 never.
    """
    cs = Greatest(F("start"), Value(ctx.start), output_field=DateField())
    ce = Least(Coalesce(F("end"), Value(ctx.end)), Value(ctx.end), output_field=DateField())
    qs = (
        spells_in(ctx)
        .annotate(
            _cs=cs,
            _ce=ce,
            _gap=_months(ce) - _months(cs),
            _d_cs=ExtractDay(cs),
            _d_ce=ExtractDay(ce),
            _ce_month=ExtractMonth(ce),
            _ce_year=ExtractYear(ce),
        )
        .annotate(
            _y4=Mod(F("_ce_year"), 4),
            _y100=Mod(F("_ce_year"), 100),
            _y400=Mod(F("_ce_year"), 400),
        )
    )
    leap = Q(_y4=0) & (~Q(_y100=0) | Q(_y400=0))
    last = Case(
        When(_ce_month__in=[1, 3, 5, 7, 8, 10, 12], then=Value(31)),
        When(_ce_month__in=[4, 6, 9, 11], then=Value(30)),
        When(leap, then=Value(29)),
        default=Value(28),
        output_field=IntegerField(),
    )
    qs = qs.annotate(_last=last)
    return qs.filter(
        Q(_gap__gte=4)
        | Q(_gap=3) & (Q(_d_cs__lte=F("_d_ce") + 1) | Q(_d_ce__gte=F("_last") - 1))
        | Q(_gap=2, _d_cs=1, _d_ce=F("_last"))  # from the 1st to the last day of the month after next
    )


def _stable(ctx: Context) -> QuerySet[Worker]:
    """At work three calendar months or more within the period (the common rule for subsidies)."""
    return Worker.objects.filter(ctx.households()).filter(
        Exists(stable_spells(ctx).filter(worker=OuterRef("pk")))
    )


def _providers(ctx: Context) -> list[str]:
    """Who provides for this region: its partners for a western county, itself for an eastern one."""
    county = ctx.county_code
    if Pairing.objects.filter(east_id=county).exists():
        return [county]
    return ctx.partners()


def _pairing_start(ctx: Context) -> datetime.date:
    years = Pairing.objects.filter(Q(east_id=ctx.county_code) | Q(west_id=ctx.county_code)).values_list(
        "since_year", flat=True
    )
    return datetime.date(min(years, default=ctx.start.year), 1, 1)


def _employers_provided(ctx: Context, start: datetime.date) -> QuerySet[Employer]:
    return Employer.objects.filter(
        provided_by_id__in=_providers(ctx), provided_on__gte=start, provided_on__lte=ctx.end
    )


def _vacancies_provided(ctx: Context, start: datetime.date) -> QuerySet[Vacancy]:
    employers = Employer.objects.filter(provided_by_id__in=_providers(ctx))
    return Vacancy.objects.filter(
        employer__in=employers, posted_on__gte=start, posted_on__lte=ctx.end
    ).exclude(status=Vacancy.Status.DRAFT)


def _headcount(qs: QuerySet) -> int:
    return qs.aggregate(n=Sum("headcount"))["n"] or 0


def _bases(ctx: Context) -> QuerySet[EmploymentBase]:
    return EmploymentBase.objects.filter(
        prefix_q("employer__region__code", ctx.county_code), recognised_on__lte=ctx.end
    )


def _base_workers(ctx: Context) -> QuerySet[Worker]:
    employers = Employer.objects.filter(pk__in=_bases(ctx).values("employer_id"))
    # The few base employers' ids first: given a subquery, SQLite walks every spell of the period instead.
    at_bases = spells_in(ctx).filter(employer_id__in=list(employers.values_list("pk", flat=True)))
    at_bases = at_bases.values("worker_id")
    return Worker.objects.filter(ctx.households(), pk__in=at_bases)


def _taken_in(ctx: Context) -> QuerySet[Worker]:
    """Partner regions' workers at work in this region in the period (the eastern view of the same fact)."""
    partners = ctx.partners()
    here = prefix_q("place__code", ctx.region.code) | prefix_q("employer__region__code", ctx.region.code)
    spells = spells_in(ctx).filter(here, worker=OuterRef("pk"))
    # Picked by `pk IN (…)` from the partner counties' workers (the county index alone): with a condition on
    # the worker added (poverty status), SQLite would otherwise scan every worker of the registry.
    picked = Worker.objects.filter(county_id__in=partners).filter(Exists(spells)).values("pk")
    return Worker.objects.filter(pk__in=picked)


ALLEVIATED = Q(poverty_status=PovertyStatus.ALLEVIATED)

indicator("workers_registered", "登记农村劳动力", "期末已在台账中登记、户籍在本地区的农村劳动力人数。")(
    registry
)
indicator("workers_alleviated", "其中脱贫劳动力", "登记农村劳动力中属于脱贫劳动力的人数。")(
    lambda ctx: registry(ctx).filter(ALLEVIATED)
)
indicator("workers_monitored", "其中防止返贫监测对象", "登记农村劳动力中属于防止返贫监测对象的人数。")(
    lambda ctx: registry(ctx).filter(poverty_status=PovertyStatus.MONITORED)
)
indicator(
    "employed",
    "实现务工就业",
    "统计期内有就业记录（与统计期有重叠）的本地区农村劳动力人数，同一人多段就业只计一次。",
)(employed)
indicator("employed_alleviated", "其中脱贫劳动力", "实现务工就业的人中属于脱贫劳动力的人数。")(
    lambda ctx: employed(ctx).filter(ALLEVIATED)
)
for _key, _class, _name in (
    ("employed_in_county", PlaceClass.IN_COUNTY, "县内就业"),
    ("employed_in_province", PlaceClass.IN_PROVINCE, "区内县外就业"),
    ("employed_partner_province", PlaceClass.PARTNER_PROVINCE, "到协作省份就业"),
    ("employed_other_province", PlaceClass.OTHER_PROVINCE, "到其他省份就业"),
):
    indicator(_key, _name, f"实现务工就业的人，按统计期内最近一段就业的务工地域计入：{_name}。")(
        _by_place(_class)
    )
indicator("employed_stable", "稳定就业（3个月以上）", "统计期内连续在岗满3个月的本地区农村劳动力人数。")(
    _stable
)
indicator("employed_stable_alleviated", "其中脱贫劳动力", "稳定就业的人中属于脱贫劳动力的人数。")(
    lambda ctx: _stable(ctx).filter(ALLEVIATED)
)
indicator(
    "employers_provided", "协作方新引进用工单位", "统计期内由结对协作方引进的用工单位数。", "employers"
)(lambda ctx: _employers_provided(ctx, ctx.start))
indicator(
    "employers_provided_total",
    "结对以来引进用工单位",
    "结对帮扶开始以来至期末，协作方引进的用工单位数。",
    "employers",
)(lambda ctx: _employers_provided(ctx, _pairing_start(ctx)))
indicator("vacancies_provided", "协作方提供岗位", "统计期内协作方引进的用工单位发布的岗位数。", "vacancies")(
    lambda ctx: _vacancies_provided(ctx, ctx.start)
)
indicator(
    "positions_provided",
    "协作方提供就业岗位（人数）",
    "统计期内协作方引进单位发布岗位的招聘人数合计。",
    "vacancies",
    total=_headcount,
)(lambda ctx: _vacancies_provided(ctx, ctx.start))
indicator(
    "positions_provided_total",
    "结对以来提供就业岗位（人数）",
    "结对帮扶开始以来至期末，协作方提供岗位的招聘人数合计。",
    "vacancies",
    total=_headcount,
)(lambda ctx: _vacancies_provided(ctx, _pairing_start(ctx)))
indicator(
    "employment_bases",
    "就业基地与帮扶车间",
    "期末已认定、位于本地区的稳岗就业基地和就业帮扶车间数。",
    "bases",
)(_bases)
indicator(
    "employment_base_workers",
    "基地车间吸纳本地劳动力",
    "统计期内在本地区基地、车间务工的本地区农村劳动力人数。",
)(_base_workers)
indicator(
    "employment_base_workers_alleviated", "其中脱贫劳动力", "在基地、车间务工的人中属于脱贫劳动力的人数。"
)(lambda ctx: _base_workers(ctx).filter(ALLEVIATED))
indicator(
    "partner_workers_taken_in",
    "吸纳协作地区劳动力",
    "统计期内在本地区务工的结对协作地区农村劳动力人数（东部视角）。",
)(_taken_in)
indicator(
    "partner_workers_taken_in_alleviated",
    "其中脱贫劳动力",
    "吸纳的协作地区劳动力中属于脱贫劳动力的人数（按其户籍地登记的属性）。",
)(lambda ctx: _taken_in(ctx).filter(ALLEVIATED))


def referrals_to_provided(ctx: Context) -> QuerySet[Referral]:
    """Referrals put forward in the period (by the date of their first step) to vacancies of
    the employers provided for this region."""
    first_on = ReferralStep.objects.filter(referral=OuterRef("pk")).order_by("on", "id").values("on")[:1]
    return (
        Referral.objects.filter(vacancy__employer__provided_by_id__in=_providers(ctx))
        .annotate(first_on=Subquery(first_on))
        .filter(first_on__gte=ctx.start, first_on__lte=ctx.end)
    )


indicator(
    "referrals_to_provided",
    "推荐到协作方引进单位",
    "统计期内被推荐到协作方引进单位岗位的劳动力人数，同一人多次推荐只计一次（东部即本地区引进的单位）。",
)(lambda ctx: Worker.objects.filter(pk__in=referrals_to_provided(ctx).values("worker_id")))


def _fairs(ctx: Context) -> QuerySet[JobFair]:
    """Fairs held in the period in the region (a county's also those it organised elsewhere)."""
    where = prefix_q("township_id", ctx.region.code)
    if ctx.region.level == Region.Level.COUNTY:
        where |= Q(organisers=ctx.region.code)
    held = JobFair.objects.filter(where, date__gte=ctx.start, date__lte=ctx.end).values("pk")
    return JobFair.objects.filter(pk__in=held)


def _fair_visitors(ctx: Context) -> QuerySet[Worker]:
    """Visitors of the region's fairs in the period, wherever their household is; one person once."""
    visits = FairVisit.objects.filter(fair__in=_fairs(ctx).values("pk")).values("worker_id")
    return Worker.objects.filter(pk__in=visits)


def _visitor_counts(ctx: Context) -> dict[str, int]:
    """fair_visitors and fair_visitors_alleviated in one query (the same records, counted together)."""
    return _fair_visitors(ctx).aggregate(
        fair_visitors=Count("pk"), fair_visitors_alleviated=Count("pk", filter=ALLEVIATED)
    )


def _fair_referrals(ctx: Context) -> Q:
    return Q(referrals__fair_intent__fair__in=_fairs(ctx).values("pk"))


def _fair_intents(ctx: Context) -> QuerySet[Worker]:
    return Worker.objects.filter(pk__in=Worker.objects.filter(_fair_referrals(ctx)).values("pk"))


def _fair_hires(ctx: Context) -> QuerySet[Worker]:
    # the hire is through the fair's referral itself (not another referral of the same person)
    # The intents' referrals as a list: given a subquery, SQLite walks every spell of the period instead.
    intents = FairIntent.objects.filter(fair__in=_fairs(ctx).values("pk"))
    referrals = list(intents.values_list("referral_id", flat=True))
    spells = Employment.objects.filter(referral_id__in=referrals, start__lte=ctx.end).values("worker_id")
    return Worker.objects.filter(pk__in=spells)


indicator("job_fairs", "举办招聘会", "统计期内在本地区举办（或本县主办）的招聘会场数。", "fairs")(_fairs)
indicator(
    "fair_employers",
    "招聘会参会单位",
    "统计期内本地区招聘会的参会用工单位数，同一单位只计一次。",
    "employers",
)(
    lambda ctx: Employer.objects.filter(
        pk__in=Employer.objects.filter(fair_participations__fair__in=_fairs(ctx).values("pk")).values("pk")
    )
)
indicator(
    "fair_positions",
    "招聘会提供岗位（人数）",
    "统计期内本地区招聘会上参会单位提供的招聘人数合计（按各场招聘会登记的人数）。",
    "vacancies",
    total=_headcount,
)(lambda ctx: FairPosition.objects.filter(participation__fair__in=_fairs(ctx).values("pk")))
indicator("fair_visitors", "招聘会签到人数", "统计期内本地区招聘会签到的求职者人数，同一人只计一次。")(
    _fair_visitors
)
indicator("fair_visitors_alleviated", "其中脱贫劳动力", "招聘会签到的求职者中属于脱贫劳动力的人数。")(
    lambda ctx: _fair_visitors(ctx).filter(ALLEVIATED)
)
indicator("fair_intents", "招聘会达成意向人数", "统计期内在本地区招聘会上与用工单位达成求职意向的人数。")(
    _fair_intents
)
indicator(
    "fair_hires",
    "招聘会意向录用人数",
    "本地区统计期内招聘会上达成的意向中，至期末已录用的人数（其就业渠道为招聘会）。",
)(_fair_hires)
indicator(
    "consultations",
    "招聘会政策咨询",
    "统计期内本地区招聘会上登记的一对一政策咨询人次（含匿名）。",
    "consultations",
)(lambda ctx: Consultation.objects.filter(fair__in=_fairs(ctx).values("pk")))


def _enrolments(ctx: Context) -> QuerySet[Enrolment]:
    """Taking part (enrolled or completed) in a class that starts in the period."""
    return Enrolment.objects.filter(
        status__in=TAKING_PART, training_class__start__gte=ctx.start, training_class__start__lte=ctx.end
    )


# Workers picked from a small table by `pk__in=...values("worker_id")`, not `Exists(... OuterRef("pk"))`: the
# same set, but SQLite runs a correlated EXISTS once for each of a county's million workers.


def _trainees(ctx: Context, *conditions: Q) -> QuerySet[Worker]:
    """The region's workers taking part in a class that starts in the period (once, however many classes)."""
    enrolments = _enrolments(ctx).filter(*conditions).values("worker_id")
    return Worker.objects.filter(ctx.households(), pk__in=enrolments)


TRAINEE_KEYS = frozenset(
    {
        "trainees",
        "trainees_alleviated",
        "trainees_completed",
        "trainees_certified",
        "trainees_employed",
        "trainees_employed_related",
    }
)


def _trainee_counts(ctx: Context) -> dict[str, int]:
    """The trainee indicators in one query: the region's enrolments in the period grouped by worker, a flag
    for each indicator's condition (some enrolment of the worker meets it) and the best outcome of the
    worker's enrolments (employed, in a related trade), then counted. Each worker and each enrolment's spells
    are read once, not once an indicator; exactly the numbers of the indicators' records
    (tests/test_indicator_groups.py)."""

    def some(condition: Q):
        return Max(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))

    flags = {
        "trainees_alleviated": some(Q(worker__poverty_status=PovertyStatus.ALLEVIATED)),
        "trainees_completed": some(Q(status=Enrolment.Status.COMPLETED)),
        "trainees_certified": some(Q(Exists(Certificate.objects.filter(enrolment=OuterRef("pk"))))),
    }
    per_worker = (
        _enrolments(ctx)
        .filter(ctx.households(via="worker__"))
        .values("worker_id")
        # employed_q and related_q from one read of each enrolment's spells: the best outcome of the worker
        .annotate(best=Max(outcome()), **flags)
        .order_by()
    )
    totals = per_worker.aggregate(
        trainees=Count("worker_id"),
        trainees_employed=Count("worker_id", filter=Q(best__gte=1)),
        trainees_employed_related=Count("worker_id", filter=Q(best=2)),
        **{f"_{key}": Sum(key) for key in flags},
    )
    return {
        "trainees": totals["trainees"],
        "trainees_employed": totals["trainees_employed"],
        "trainees_employed_related": totals["trainees_employed_related"],
        **{key: totals[f"_{key}"] or 0 for key in flags},
    }


def _classes(ctx: Context) -> QuerySet[TrainingClass]:
    """Classes starting in the period that the region organises or sends trainees to."""
    trainees_here = (
        _enrolments(ctx)
        .filter(training_class=OuterRef("pk"))
        .filter(
            **{
                "worker__township_id"
                if ctx.region.level == Region.Level.TOWNSHIP
                else "worker__county_id": ctx.region.code
            }
        )
    )
    organised = TrainingClass.organisers.through.objects.filter(
        prefix_q("region__code", ctx.region.code), trainingclass_id=OuterRef("pk")
    )
    return TrainingClass.objects.filter(start__gte=ctx.start, start__lte=ctx.end).filter(
        Exists(trainees_here) | Exists(organised)
    )


indicator(
    "training_classes",
    "技能培训班",
    "统计期内开班、由本地区组织或有本地区学员参加的技能培训班数。",
    "classes",
)(_classes)
indicator("trainees", "培训学员", "参加统计期内开班的培训班（已录取或已结业）的本地区农村劳动力人数。")(
    lambda ctx: _trainees(ctx)
)
indicator("trainees_alleviated", "其中脱贫劳动力", "培训学员中属于脱贫劳动力的人数。")(
    lambda ctx: _trainees(ctx).filter(ALLEVIATED)
)
indicator("trainees_completed", "培训结业", "培训学员中已结业的人数。")(
    lambda ctx: _trainees(ctx, Q(status=Enrolment.Status.COMPLETED))
)
indicator("trainees_certified", "取得证书", "培训学员中在该培训班取得证书的人数。")(
    lambda ctx: _trainees(ctx, Q(certificates__isnull=False))
)
indicator(
    "trainees_employed",
    "培训后就业",
    "培训学员中在培训班结业之日或之后有就业记录（含自主创业）的人数。",
)(lambda ctx: _trainees(ctx, employed_q()))
indicator(
    "trainees_employed_related",
    "培训后从事相关工种",
    "培训后就业的学员中，该段就业的工种属于培训项目对应工种的人数。",
)(lambda ctx: _trainees(ctx, related_q()))


# --- chartered buses (点对点专车) -------------------------------------------------------------------------------
# A campaign counts for each organising region while it runs; batches and trips by their departure day;
# passengers are the region's workers who rode (boarded) on a departure day in the period, once each.

RODE = (SignUp.Status.BOARDED, SignUp.Status.ARRIVED)


def _transport_campaigns(ctx: Context) -> QuerySet[TransportCampaign]:
    organised = TransportCampaign.organisers.through.objects.filter(
        prefix_q("region__code", ctx.county_code), transportcampaign_id=OuterRef("pk")
    )
    return TransportCampaign.objects.filter(start__lte=ctx.end, end__gte=ctx.start).filter(Exists(organised))


def _transport_batches(ctx: Context) -> QuerySet[Batch]:
    return Batch.objects.filter(
        campaign__in=_transport_campaigns(ctx).values("pk"), date__gte=ctx.start, date__lte=ctx.end
    )


def _bus_riders(ctx: Context, *conditions: Q) -> QuerySet[Worker]:
    rides = SignUp.objects.filter(
        *conditions, status__in=RODE, trip__batch__date__gte=ctx.start, trip__batch__date__lte=ctx.end
    ).values("worker_id")
    return Worker.objects.filter(ctx.households(), pk__in=rides)


indicator(
    "transport_campaigns",
    "点对点专车活动",
    "统计期内进行中、由本地区（所在县）组织的点对点专车活动数。",
    "campaigns",
)(_transport_campaigns)
indicator(
    "transport_batches", "专车发车批次", "上述活动中发车日期在统计期内的批次数（一天为一批）。", "batches"
)(_transport_batches)
indicator("transport_trips", "专车车次", "上述批次的车辆趟数（一辆车一趟计一次）。", "trips")(
    lambda ctx: Trip.objects.filter(batch__in=_transport_batches(ctx).values("pk"))
)
indicator(
    "transport_passengers", "专车运送人数", "统计期内乘坐点对点专车（已上车）出行的本地区农村劳动力人数。"
)(lambda ctx: _bus_riders(ctx))
indicator("transport_passengers_alleviated", "其中脱贫劳动力", "专车运送人数中属于脱贫劳动力的人数。")(
    lambda ctx: _bus_riders(ctx).filter(ALLEVIATED)
)
indicator("transport_arrived", "专车到岗人数", "专车运送人数中经用工单位确认到岗的人数。")(
    lambda ctx: _bus_riders(ctx, Q(status=SignUp.Status.ARRIVED))
)
indicator(
    "travel_subsidies",
    "一次性交通补贴",
    "统计期内进行中的本地区专车活动中，审核通过一次性交通补贴的本地区脱贫劳动力人数。",
)(
    lambda ctx: Worker.objects.filter(
        ctx.households(),
        pk__in=TravelSubsidyClaim.objects.filter(campaign__in=_transport_campaigns(ctx).values("pk")).values(
            "worker_id"
        ),
    )
)


# Indicators counted together, one query for the group (exactly their records' counts: tests compare them).
GROUPS: dict[frozenset[str], Callable[[Context], dict[str, int]]] = {
    frozenset({"fair_visitors", "fair_visitors_alleviated"}): _visitor_counts,
    TRAINEE_KEYS: _trainee_counts,
}


def compute(ctx: Context, keys: list[str] | None = None) -> dict[str, int]:
    """The figures of `keys` (all by default): those the indicator summary holds from one scan of it
    (docs/decisions/0013), a group's from one query for the group, the others by counting their records."""
    keys = list(keys or REGISTRY)
    figures: dict[str, int] = {}
    if SUMMARY_KEYS.intersection(keys):
        figures.update(summary_counts(ctx) or {})
    for group, counts in GROUPS.items():
        if group.intersection(keys).difference(figures):
            figures.update(counts(ctx))
    return {key: figures[key] if key in figures else REGISTRY[key].count(ctx) for key in keys}


# A reporting period lies within these days and spans at most five years: the cooperation began in 2016,
# and a period of centuries costs half a minute of queries and overflows the date arithmetic.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2099, 12, 31)
LONGEST_PERIOD_DAYS = 5 * 366


def period_problem(start: datetime.date, end: datetime.date) -> str:
    """Why a reporting period cannot be used (in Chinese), or "" when it can."""
    if start > end:
        return _("统计期的开始日期不能晚于结束日期")
    if start < EARLIEST_DAY or end > LATEST_DAY:
        return _("统计期应在 %(first)s 至 %(last)s 之间") % {"first": EARLIEST_DAY, "last": LATEST_DAY}
    if (end - start).days >= LONGEST_PERIOD_DAYS:
        return _("统计期最长 5 年，请缩短统计期")
    return ""


def context(region: Region, start: datetime.date, end: datetime.date) -> Context:
    if problem := period_problem(start, end):
        raise ValueError(problem)  # callers check the period first and tell the user
    return Context(region=region, start=start, end=end, min_days=getattr(settings, "EMPLOYED_MIN_DAYS", 0))
