"""Writes of chartered buses: campaigns, sign-ups, the plan, moves, the bus door, the factory gate, subsidies.

Each service asks the policy before writing and records one audit event. Planning runs the pure planner
(`transport/planning.py`) on the campaign's sign-ups and stores its days as batches and its buses as trips.
"""

import datetime
import io

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import escape_cell
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.calendar import is_stable
from laborbridge.employment.models import Employment, Referral
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.regions.models import Region
from laborbridge.transport import planning
from laborbridge.transport.models import (
    Arrival,
    Batch,
    Boarding,
    BusType,
    PickupPoint,
    SignUp,
    TransportCampaign,
    TravelSubsidyClaim,
    Trip,
)
from laborbridge.workers.choices import PovertyStatus
from laborbridge.workers.models import Worker

__all__ = [
    "arrival_confirm",
    "boarding_record",
    "campaign_create",
    "campaign_plan",
    "manifest_phones_unmask",
    "signup_cancel",
    "signup_move",
    "transport_sign_up",
    "travel_subsidy_claim",
    "travel_subsidy_export",
]

S = SignUp.Status
MAX_YUAN = 100_000
MAX_COMPANIONS = 10
HOME_PROVINCE_LENGTH = 2


def _text(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def require_manage(actor, campaign: TransportCampaign) -> None:
    if not policy.may_manage_campaign(actor, campaign):
        raise PermissionDenied(_("您没有管理该专车活动的权限"))


def _record(actor, obj, action, request, details, region_code=""):
    audit_record(
        actor=actor, action=action, obj=obj, request=request, region_code=region_code, details=details
    )


@transaction.atomic
def campaign_create(
    *,
    actor,
    name: str,
    start: datetime.date,
    end: datetime.date,
    organisers: list[Region],
    pickup_points: list[tuple[Region, str, str]] = (),
    bus_types: list[tuple[str, int, int | None]] = (),
    subsidy_cap_with_ticket: int | None = None,
    subsidy_flat_by_province: dict[str, int] | None = None,
    request=None,
) -> TransportCampaign:
    """Open a campaign with its pickup points (township, name, address) and bus types (name, seats, cost)."""
    policy.require(actor, "manage_transport")
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    name = _text(name, 100)
    if not name:
        add("name", _("请填写活动名称"))
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        add("start", _("请填写开始和结束日期（YYYY-MM-DD）"))
    elif end < start:
        add("end", _("结束日期不能早于开始日期"))
    organisers = list(organisers or [])
    if not organisers:
        add("organisers", _("请选择组织地区"))
    elif not any(policy.may_organise_transport_in(actor, region.code) for region in organisers):
        add("organisers", _("组织地区须包括本县（区）"))
    points = []
    for township, point_name, address in pickup_points:
        point_name = _text(point_name, 100)
        if not isinstance(township, Region) or township.level != Region.Level.TOWNSHIP or not point_name:
            add("pickup_points", _("上车点须有所在乡镇和名称"))
        points.append((township, point_name, _text(address, 200)))
    if len({p[1] for p in points}) != len(points):
        add("pickup_points", _("上车点名称不能重复"))
    buses = []
    for bus_name, seats, cost in bus_types:
        if not isinstance(seats, int) or not 1 <= seats <= 100:
            add("bus_types", _("车型座位数应为1至100的整数"))
        if cost is not None and (not isinstance(cost, int) or not 0 <= cost <= MAX_YUAN):
            add("bus_types", _("每趟费用应为0至100000的整数（元）"))
        buses.append((_text(bus_name, 50) or f"{seats}座", seats, cost))
    if subsidy_cap_with_ticket is not None and not 0 <= subsidy_cap_with_ticket <= MAX_YUAN:
        add("subsidy_cap_with_ticket", _("凭票补贴上限应为0至100000的整数（元）"))
    flat = {str(k): v for k, v in (subsidy_flat_by_province or {}).items()}
    if any(
        not (len(k) == 2 and k.isdigit() and isinstance(v, int) and 0 <= v <= MAX_YUAN)
        for k, v in flat.items()
    ):
        add("subsidy_flat_by_province", _("无票定额补贴应按省份代码（2位）填写0至100000的整数（元）"))
    if errors:
        raise ValidationError(errors)
    campaign = TransportCampaign.objects.create(
        name=name,
        start=start,
        end=end,
        subsidy_cap_with_ticket=subsidy_cap_with_ticket,
        subsidy_flat_by_province=flat,
        created_by=actor,
    )
    campaign.organisers.set(organisers)
    PickupPoint.objects.bulk_create(
        PickupPoint(campaign=campaign, township=t, name=n, address=a) for t, n, a in points
    )
    BusType.objects.bulk_create(
        BusType(campaign=campaign, name=n, seats=s, cost_per_trip=c) for n, s, c in buses
    )
    _record(actor, campaign, AuditEvent.Action.CREATE, request, {"organisers": [r.code for r in organisers]})
    return campaign


def _city_of(region: Region | None) -> Region | None:
    """The prefecture-level city (地级市) a county lies in, or None."""
    while region is not None and region.level != Region.Level.CITY:
        region = region.parent
    return region


@transaction.atomic
def transport_sign_up(
    *,
    actor,
    campaign: TransportCampaign,
    worker: Worker,
    wanted_date: datetime.date | None,
    pickup_point: PickupPoint | None,
    employer: Employer | None,
    destination_city: Region | None = None,
    companions: int = 0,
    vacancy: Vacancy | None = None,
    request=None,
) -> SignUp:
    """Sign a registry worker up for a bus (报名): by staff, or by the worker on the portal (phone confirmed).

    Most go back to the job they hold; for a new job give the `vacancy`: a referral (source 点对点专车) is
    made, which the employer's arrival confirmation later moves on. One sign-up per worker per campaign.
    """
    if not policy.may_sign_up_for_bus(actor, campaign, worker):
        raise PermissionDenied(_("您没有为该劳动力报名该专车活动的权限"))
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    public = policy.is_portal(actor)
    if public and campaign.end < timezone.localdate():
        add("campaign", _("该专车活动已结束，不能再报名"))
    if not isinstance(wanted_date, datetime.date):
        add("wanted_date", _("请填写乘车日期（YYYY-MM-DD）"))
    elif public and wanted_date < timezone.localdate():
        add("wanted_date", _("乘车日期不能早于今天"))
    elif not campaign.start <= wanted_date <= campaign.end:
        add(
            "wanted_date",
            _("乘车日期应在活动期间（%(s)s 至 %(e)s）") % {"s": campaign.start, "e": campaign.end},
        )
    if not isinstance(pickup_point, PickupPoint):
        add("pickup_point", _("请选择上车点"))
    elif pickup_point.campaign_id != campaign.pk:
        add("pickup_point", _("上车点不属于该活动"))
    if not isinstance(employer, Employer):
        add("employer", _("请选择目的单位"))
    if destination_city is None and isinstance(employer, Employer):
        destination_city = _city_of(employer.region)
    if not isinstance(destination_city, Region) or destination_city.level != Region.Level.CITY:
        add("destination_city", _("请选择目的城市（地级市）"))
    if not isinstance(companions, int) or not 0 <= companions <= MAX_COMPANIONS:
        add("companions", _("同行人数应为0至%(n)d") % {"n": MAX_COMPANIONS})
    if vacancy is not None and isinstance(employer, Employer) and vacancy.employer_id != employer.pk:
        add("vacancy", _("岗位不属于目的单位"))
    if SignUp.objects.filter(campaign=campaign, worker=worker).exists():
        # The person on the portal is not told the registry's name of the record.
        who = _("您") if public else worker.name
        add("worker", _("%(n)s已报名该专车活动，每人每次活动只能报名一次") % {"n": who})
    if errors:
        raise ValidationError(errors)
    referral = None
    if vacancy is not None:
        referral = referral_create(
            actor=actor,
            worker=worker,
            vacancy=vacancy,
            source=Referral.Source.CHARTERED_BUS,
            on=min(timezone.localdate(), wanted_date),
            request=request,
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(
                campaign=campaign,
                worker=worker,
                wanted_date=wanted_date,
                pickup_point=pickup_point,
                employer=employer,
                destination_city=destination_city,
                companions=companions,
                referral=referral,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError({"worker": [_("该劳动力已报名该专车活动")]}) from None
    _record(actor, signup, AuditEvent.Action.CREATE, request, {"campaign": campaign.pk}, worker.township_id)
    return signup


@transaction.atomic
def signup_cancel(*, actor, signup: SignUp, request=None) -> SignUp:
    """Take a sign-up off the buses (取消): its seat is freed; not after boarding."""
    signup = (
        SignUp.objects.select_for_update(of=("self",)).select_related("campaign", "worker").get(pk=signup.pk)
    )
    if not (
        policy.may_manage_campaign(actor, signup.campaign)
        or policy.may_write_worker(actor, signup.worker.township_id)
    ):
        raise PermissionDenied(_("您没有修改该报名的权限"))
    if signup.status != S.SIGNED_UP:
        raise ValidationError(
            {"status": [_("只能取消尚未乘车的报名（当前：%(s)s）") % {"s": signup.get_status_display()}]}
        )
    signup.status, signup.trip = S.CANCELLED, None
    signup.save(update_fields=["status", "trip"])
    _record(
        actor, signup, AuditEvent.Action.UPDATE, request, {"status": S.CANCELLED}, signup.worker.township_id
    )
    return signup


def _passenger(signup: SignUp) -> planning.Passenger:
    return planning.Passenger(
        key=str(signup.pk),
        date=signup.wanted_date,
        pickup=signup.pickup_point.name,
        destination=signup.employer.name,
        destination_city=signup.destination_city.name,
        seats=signup.seats,
    )


def _plan_input(campaign: TransportCampaign) -> tuple[set, list[SignUp]]:
    """The days already boarding (kept as planned) and the sign-ups waiting for a seat on the other days."""
    started = set(
        Batch.objects.filter(campaign=campaign, trips__signups__boarding__isnull=False).values_list(
            "date", flat=True
        )
    )
    waiting = list(
        campaign.signups.filter(status=S.SIGNED_UP)
        .exclude(wanted_date__in=started)
        .select_related("pickup_point", "employer", "destination_city", "worker")
        .order_by("pk")
    )
    return started, waiting


def _fingerprint(started: set, waiting: list[SignUp]) -> tuple:
    return (
        sorted(started),
        [
            (s.pk, s.wanted_date, s.pickup_point_id, s.employer_id, s.destination_city_id, s.companions)
            for s in waiting
        ],
    )


def campaign_plan(
    *,
    actor,
    campaign: TransportCampaign,
    bus_type: BusType,
    seconds_per_day: float = 2.0,
    progress=None,
    request=None,
) -> planning.Plan:
    """Plan the campaign's buses (排车) and store them: a batch a day, a trip a bus, each sign-up its seat.

    A day whose buses are already boarding keeps its plan; the other days are planned again from scratch.
    The planner runs outside the transaction (so a background job's `progress` is seen as it goes); the plan
    is stored only if the sign-ups it was made for are still the waiting ones, else nothing changes.
    """
    require_manage(actor, campaign)
    if bus_type.campaign_id != campaign.pk:
        raise ValidationError({"bus_type": [_("车型不属于该活动")]})
    started, waiting = _plan_input(campaign)
    too_many = [s for s in waiting if s.seats > bus_type.seats]
    if too_many:
        raise ValidationError(
            {
                "bus_type": [
                    _("%(n)s一行%(k)d人，超过车型座位数")
                    % {"n": too_many[0].worker.name, "k": too_many[0].seats}
                ]
            }
        )
    plan = planning.plan_trips(
        [_passenger(s) for s in waiting],
        seats=bus_type.seats,
        seconds_per_day=seconds_per_day,
        progress=progress,
    )
    with transaction.atomic():
        campaign = TransportCampaign.objects.select_for_update().get(pk=campaign.pk)
        if _fingerprint(*_plan_input(campaign)) != _fingerprint(started, waiting):
            raise ValidationError({"campaign": [_("排车期间报名或上车登记有变化，请重新排车")]})
        Batch.objects.filter(campaign=campaign).exclude(date__in=started).delete()
        by_key = {str(s.pk): s for s in waiting}
        for day in plan.days:
            batch = Batch.objects.create(
                campaign=campaign, date=day.date, lower_bound=day.lower_bound, proven_optimal=day.proven
            )
            for number, planned in enumerate(day.trips, start=1):
                trip = Trip.objects.create(
                    batch=batch, number=number, bus_type=bus_type, seats=bus_type.seats, stops=planned.stops
                )
                SignUp.objects.filter(pk__in=[by_key[p.key].pk for p in planned.passengers]).update(trip=trip)
        _record(
            actor,
            campaign,
            AuditEvent.Action.UPDATE,
            request,
            {"plan": {"buses": plan.buses, "lower_bound": plan.lower_bound, "signups": len(waiting)}},
        )
    return plan


def _trip_seats_used(trip: Trip) -> int:
    return sum(1 + c for c in trip.signups.exclude(status=S.CANCELLED).values_list("companions", flat=True))


def _stops(trip: Trip) -> list[str]:
    signups = trip.signups.exclude(status=S.CANCELLED).select_related("pickup_point", "destination_city")
    return sorted({s.pickup_point.name for s in signups}) + sorted({s.destination_city.name for s in signups})


@transaction.atomic
def signup_move(*, actor, signup: SignUp, trip: Trip, request=None) -> SignUp:
    """Move a passenger to another bus of their day (调整座位); never onto a full bus."""
    signup = (
        SignUp.objects.select_for_update(of=("self",)).select_related("campaign", "trip").get(pk=signup.pk)
    )
    require_manage(actor, signup.campaign)
    trip = Trip.objects.select_for_update(of=("self",)).select_related("batch").get(pk=trip.pk)
    if trip.batch.campaign_id != signup.campaign_id:
        raise ValidationError({"trip": [_("车次不属于该活动")]})
    if signup.status != S.SIGNED_UP:
        raise ValidationError({"trip": [_("已上车或已取消的乘客不能调整座位")]})
    if trip.batch.date != signup.wanted_date:
        raise ValidationError({"trip": [_("只能调到乘车当天（%(d)s）的车次") % {"d": signup.wanted_date}]})
    if signup.trip_id == trip.pk:
        return signup
    used = _trip_seats_used(trip)
    if used + signup.seats > trip.seats:
        raise ValidationError(
            {
                "trip": [
                    _("第%(n)d车已满（%(u)d/%(s)d座），不能再调入%(k)d人")
                    % {"n": trip.number, "u": used, "s": trip.seats, "k": signup.seats}
                ]
            }
        )
    old = signup.trip
    signup.trip = trip
    signup.save(update_fields=["trip"])
    for changed in (old, trip):
        if changed is not None:
            changed.stops = _stops(changed)
            changed.save(update_fields=["stops"])
    _record(
        actor,
        signup,
        AuditEvent.Action.UPDATE,
        request,
        {"trip": [old.pk if old else None, trip.pk]},
        signup.worker.township_id,
    )
    return signup


@transaction.atomic
def boarding_record(*, actor, trip: Trip, boarded: dict[int, bool], request=None) -> int:
    """Tick the bus door (上车门): `boarded` maps sign-up ids on this trip to boarded or did not come."""
    trip = Trip.objects.select_related("batch__campaign").get(pk=trip.pk)
    if not policy.may_board(actor, trip.batch.campaign):
        raise PermissionDenied(_("您没有办理该车次上车登记的权限"))
    signups = {s.pk: s for s in trip.signups.select_for_update().filter(pk__in=list(boarded))}
    strangers = [pk for pk in boarded if pk not in signups]
    if strangers:
        raise ValidationError(
            {"boarded": [_("只能为本车次的乘客登记上车（%(n)d人不符）") % {"n": len(strangers)}]}
        )
    late = [s for s in signups.values() if s.status in (S.ARRIVED, S.CANCELLED)]
    if late:
        raise ValidationError(
            {"boarded": [_("%(n)s已到岗或已取消，不能再登记上车") % {"n": late[0].worker.name}]}
        )
    for pk, here in boarded.items():
        Boarding.objects.update_or_create(signup_id=pk, defaults={"boarded": bool(here), "by": actor})
        signup = signups[pk]
        signup.status = S.BOARDED if here else S.NO_SHOW
        signup.save(update_fields=["status"])
    _record(
        actor,
        trip,
        AuditEvent.Action.UPDATE,
        request,
        {
            "boarded": sum(1 for v in boarded.values() if v),
            "no_show": sum(1 for v in boarded.values() if not v),
        },
    )
    return len(boarded)


@transaction.atomic
def arrival_confirm(*, actor, signup: SignUp, on: datetime.date | None = None, request=None) -> Arrival:
    """The receiving employer confirms the passenger arrived (进厂门).

    Going back to an open spell at this employer: the arrival is recorded on that spell (its channel kept).
    A new job: the sign-up's referral (source 点对点专车) is hired, if not yet, and moved to 已到岗 through
    the referral services, so its spell's channel is 点对点.
    """
    signup = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("campaign", "worker", "employer", "referral")
        .get(pk=signup.pk)
    )
    if not policy.may_confirm_bus_arrival(actor, signup):
        raise PermissionDenied(_("只有目的单位才能确认该乘客到岗"))
    if signup.status != S.BOARDED:
        raise ValidationError(
            {"status": [_("只能为已上车的乘客确认到岗（当前：%(s)s）") % {"s": signup.get_status_display()}]}
        )
    on = on or timezone.localdate()
    if on < signup.wanted_date or on > timezone.localdate():
        raise ValidationError(
            {"on": [_("到岗日期应在乘车日期（%(d)s）与今天之间") % {"d": signup.wanted_date}]}
        )
    spell = Employment.objects.filter(
        worker=signup.worker, employer=signup.employer, end__isnull=True
    ).first()
    referral = signup.referral
    if spell is None and referral is not None:
        if referral.status in (Referral.Status.RECOMMENDED, Referral.Status.APPLIED, Referral.Status.INTENT):
            referral = referral_advance(
                actor=actor, referral=referral, status=Referral.Status.HIRED, on=on, request=request
            )
        if referral.status == Referral.Status.HIRED:
            referral = referral_advance(
                actor=actor, referral=referral, status=Referral.Status.ARRIVED, on=on, request=request
            )
        spell = Employment.objects.filter(referral=referral).first()
    elif spell is not None and spell.referral_id and spell.referral.status == Referral.Status.HIRED:
        referral_advance(
            actor=actor, referral=spell.referral, status=Referral.Status.ARRIVED, on=on, request=request
        )
    arrival = Arrival.objects.create(signup=signup, on=on, employment=spell, by=actor)
    signup.status = S.ARRIVED
    signup.save(update_fields=["status"])
    _record(
        actor,
        signup,
        AuditEvent.Action.UPDATE,
        request,
        {"status": S.ARRIVED, "on": on.isoformat(), "spell": spell.pk if spell else None},
        signup.worker.township_id,
    )
    return arrival


def _rode_free(campaign: TransportCampaign, worker: Worker) -> bool:
    return SignUp.objects.filter(campaign=campaign, worker=worker, status__in=(S.BOARDED, S.ARRIVED)).exists()


@transaction.atomic
def travel_subsidy_claim(
    *,
    actor,
    campaign: TransportCampaign,
    worker: Worker,
    with_ticket: bool,
    ticket_amount: int | None = None,
    as_of: datetime.date | None = None,
    request=None,
) -> TravelSubsidyClaim:
    """Approve a one-time fare subsidy (一次性交通补贴) for a formerly poor worker at work out of province.

    Refused, with the reason: someone not formerly poor; no spell out of province stable (≥ 3 months) by
    `as_of`; a rider of this campaign's free buses; a second claim; amounts outside the campaign's settings.
    """
    if not policy.may_manage_travel_subsidy(actor, worker):
        raise PermissionDenied(_("您没有审核该劳动力交通补贴的权限"))
    as_of = as_of or timezone.localdate()
    reasons = []
    if worker.poverty_status != PovertyStatus.ALLEVIATED:
        reasons.append(_("申请人不是脱贫劳动力"))
    home = worker.township_id[:HOME_PROVINCE_LENGTH]
    # Spells out of the home province at work on or after the campaign began (the trip it pays for).
    away = list(
        Employment.objects.filter(worker=worker, start__lte=as_of, place__isnull=False)
        .filter(Q(end__isnull=True) | Q(end__gte=campaign.start))
        .exclude(place__code__startswith=home)
        .select_related("place")
        .order_by("start", "id")
    )
    if not away:
        reasons.append(_("申请人没有跨省务工记录"))
    stable = [s for s in away if is_stable(s, as_of)]
    if away and not stable:
        reasons.append(_("跨省务工未满3个月"))
    if _rode_free(campaign, worker):
        reasons.append(_("申请人已在本次活动中免费乘坐点对点专车，不能再领取交通补贴"))
    if TravelSubsidyClaim.objects.filter(campaign=campaign, worker=worker).exists():
        reasons.append(_("申请人已领取本次活动的交通补贴"))
    amount = None
    if not reasons:
        spell = stable[0]
        if with_ticket:
            if campaign.subsidy_cap_with_ticket is None:
                reasons.append(_("本次活动未设凭票补贴"))
            elif not isinstance(ticket_amount, int) or not 0 < ticket_amount <= MAX_YUAN:
                reasons.append(_("请填写票面金额（元）"))
            else:
                amount = min(ticket_amount, campaign.subsidy_cap_with_ticket)
        else:
            amount = campaign.subsidy_flat_by_province.get(spell.place.code[:2])
            if amount is None:
                reasons.append(_("本次活动未设该省份的无票定额补贴"))
    if reasons:
        raise ValidationError({"worker": reasons})
    claim = TravelSubsidyClaim.objects.create(
        campaign=campaign,
        worker=worker,
        employment=spell,
        with_ticket=with_ticket,
        ticket_amount=ticket_amount if with_ticket else None,
        amount=amount,
        created_by=actor,
    )
    _record(actor, claim, AuditEvent.Action.CREATE, request, {"amount": amount}, worker.township_id)
    return claim


@transaction.atomic
def travel_subsidy_export(*, actor, campaign: TransportCampaign, request=None) -> bytes:
    """The approved claims within the actor's reach as an .xlsx for payment (audited); they become exported."""
    policy.require(actor, "manage_travel_subsidies")
    claims = [
        c
        for c in TravelSubsidyClaim.objects.filter(campaign=campaign)
        .select_related("worker", "employment__place")
        .order_by("worker__township_id", "id")
        if policy.may_manage_travel_subsidy(actor, c.worker)
    ]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("交通补贴"))
    sheet.write_row(0, 0, [_("姓名"), _("公民身份号码"), _("务工地点"), _("凭票"), _("补贴金额（元）")])
    for row, claim in enumerate(claims, start=1):
        sheet.write_row(
            row,
            0,
            [
                escape_cell(claim.worker.name),
                escape_cell(
                    claim.worker.id_number
                    if policy.may_unmask_worker(actor, claim.worker)
                    else claim.worker.id_number_masked
                ),
                escape_cell(str(claim.employment.place)),
                _("是") if claim.with_ticket else _("否"),
                claim.amount,
            ],
        )
    book.close()
    TravelSubsidyClaim.objects.filter(pk__in=[c.pk for c in claims]).update(
        status=TravelSubsidyClaim.Status.EXPORTED
    )
    _record(actor, campaign, AuditEvent.Action.EXPORT, request, {"travel_subsidies": len(claims)})
    return buffer.getvalue()


def manifest_phones_unmask(*, actor, trip: Trip, signups: list[SignUp], request=None) -> dict[int, str]:
    """Full phones of a manifest's passengers for the escort (随车联络): only within the reach; audited."""
    policy.require(actor, "unmask_manifest_phones")
    phones = {s.pk: s.worker.phone for s in signups if policy.may_unmask_manifest_phone(actor, s)}
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UNMASK,
        obj=trip,
        request=request,
        details={"manifest_phones": len(phones)},
    )
    return phones
