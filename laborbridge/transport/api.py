import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from laborbridge.accounts import policy
from laborbridge.core.schemas import ErrorOut, Id, Input, PageOut, PageParams, PathId, page_of
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.transport import selectors, services
from laborbridge.workers.selectors import worker_get

router = Router(tags=["transport"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CampaignOut(Schema):
    id: int
    name: str
    start: datetime.date
    end: datetime.date
    organisers: list[str]
    pickup_points: list[str]
    bus_seats: list[int]


class SignUpOut(Schema):
    id: int
    worker: int
    worker_name: str
    worker_id_number: str
    wanted_date: datetime.date
    pickup_point: str
    employer: int
    employer_name: str
    destination_city: str
    companions: int
    status: str
    trip: int | None


class SignUpIn(Input):
    worker: Id
    wanted_date: datetime.date | None = None
    pickup_point: Id | None = Field(None, description="上车点编号（必填；缺少时答 422）")
    employer: Id | None = Field(None, description="目的单位编号（多为本人已在岗的单位）")
    companions: int = Field(0, ge=0, le=services.MAX_COMPANIONS)
    vacancy: Id | None = Field(None, description="新就业时的岗位编号：将生成来源为点对点专车的推荐")


class TripOut(Schema):
    id: int
    date: datetime.date
    number: int
    seats: int
    seats_used: int
    passengers: int
    stops: list[str]


class PlanOut(Schema):
    buses: int
    lower_bound: int
    unplanned: int
    trips: list[TripOut]


class CampaignPageOut(PageOut):
    items: list[CampaignOut]


class SignUpPageOut(PageOut):
    items: list[SignUpOut]


def _campaign_out(campaign) -> dict:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "start": campaign.start,
        "end": campaign.end,
        "organisers": [r.code for r in campaign.organisers.all()],
        "pickup_points": [p.name for p in campaign.pickup_points.all()],
        "bus_seats": [b.seats for b in campaign.bus_types.all()],
    }


def _signup_out(signup) -> dict:
    return {
        "id": signup.pk,
        "worker": signup.worker_id,
        "worker_name": signup.worker.name,
        "worker_id_number": signup.worker.id_number_masked,
        "wanted_date": signup.wanted_date,
        "pickup_point": signup.pickup_point.name,
        "employer": signup.employer_id,
        "employer_name": signup.employer.name,
        "destination_city": signup.destination_city.name,
        "companions": signup.companions,
        "status": signup.status,
        "trip": signup.trip_id,
    }


def _visible(request, campaign_id):
    campaign = selectors.campaign_get(actor=request.user, pk=campaign_id)  # out of reach: 404 first
    policy.require(request.user, "view_transport")  # an employer's user confirms arrivals on its pages only
    return campaign


@router.get("/transport/campaigns", response={200: CampaignPageOut, **ERRORS}, summary="点对点专车活动列表")
def list_campaigns(request, params: Query[PageParams]):
    policy.require(request.user, "view_transport")
    return page_of(selectors.campaign_list(actor=request.user), params, _campaign_out)


@router.get("/transport/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="专车活动")
def get_campaign(request, campaign_id: PathId):
    return _campaign_out(_visible(request, campaign_id))


@router.get(
    "/transport/campaigns/{campaign_id}/signups",
    response={200: SignUpPageOut, **ERRORS},
    summary="专车报名（本辖区，脱敏）",
)
def list_signups(request, campaign_id: PathId, params: Query[PageParams]):
    campaign = _visible(request, campaign_id)
    return page_of(selectors.signup_list(actor=request.user, campaign=campaign), params, _signup_out)


@router.post(
    "/transport/campaigns/{campaign_id}/signups",
    response={201: SignUpOut, **ERRORS},
    summary="专车报名（每人每次活动一次）",
)
def create_signup(request, campaign_id: PathId, payload: SignUpIn):
    campaign = _visible(request, campaign_id)
    worker = worker_get(actor=request.user, pk=payload.worker)
    employer = (
        Employer.objects.filter(policy.employers_q(request.user), pk=payload.employer).first()
        if payload.employer
        else None
    )
    vacancy = None
    if payload.vacancy is not None:
        vacancy = Vacancy.objects.filter(
            policy.employers_q(request.user, "employer__"), pk=payload.vacancy
        ).first()
        if vacancy is None:
            raise ValidationError({"vacancy": [_("岗位不存在")]})
    signup = services.transport_sign_up(
        actor=request.user,
        campaign=campaign,
        worker=worker,
        wanted_date=payload.wanted_date,
        pickup_point=campaign.pickup_points.filter(pk=payload.pickup_point).first()
        if payload.pickup_point
        else None,
        employer=employer,
        companions=payload.companions,
        vacancy=vacancy,
        request=request,
    )
    return Status(201, _signup_out(selectors.signup_get(actor=request.user, pk=signup.pk)))


@router.get(
    "/transport/campaigns/{campaign_id}/trips",
    response={200: PlanOut, **ERRORS},
    summary="排车结果：每车座位和停靠点，车辆数与最少车辆数",
)
def list_trips(request, campaign_id: PathId):
    summary = selectors.plan_summary(campaign=_visible(request, campaign_id))
    return {
        "buses": summary.buses,
        "lower_bound": summary.lower_bound,
        "unplanned": summary.unplanned,
        "trips": [
            {
                "id": r.trip.pk,
                "date": batch.date,
                "number": r.trip.number,
                "seats": r.trip.seats,
                "seats_used": r.seats_used,
                "passengers": r.passengers,
                "stops": r.trip.stops,
            }
            for batch, rows in summary.batches
            for r in rows
        ],
    }


# --- the bus door and the factory gate --------------------------------------------------------------------------


class PassengerBoardedIn(Input):
    signup: Id = Field(..., description="专车报名编号（须为本车次的乘客）")
    boarded: bool = Field(..., description="true：已上车；false：未乘车")


class BoardingIn(Input):
    passengers: list[PassengerBoardedIn] = Field(..., min_length=1, max_length=100)


class BoardingOut(Schema):
    trip: int
    boarded: int
    no_show: int


class ArrivalIn(Input):
    on: datetime.date | None = Field(None, description="到岗日期（默认今天；在乘车日期与今天之间）")


class ArrivalOut(Schema):
    signup: int
    on: datetime.date
    status: str
    employment: int | None = Field(None, description="记录到岗的务工记录编号（回原岗位或新就业）")


@router.post(
    "/transport/trips/{trip_id}/boarding",
    response={200: BoardingOut, **ERRORS},
    summary="上车登记（上车门）：本车次乘客已上车或未乘车",
    description="只能登记本车次、本辖区的乘客；其他地区的车次答 404，无上车登记权限答 403，"
    "已到岗或已取消的乘客、非本车次乘客答 422（不作任何更改）。",
)
def record_boarding(request, trip_id: PathId, payload: BoardingIn):
    trip = selectors.trip_get(actor=request.user, pk=trip_id)
    if not policy.may_board(request.user, trip.batch.campaign):
        raise PermissionDenied(_("您没有办理该车次上车登记的权限"))
    boarded = {p.signup: p.boarded for p in payload.passengers}
    visible = {s.pk for s in selectors.trip_passengers(actor=request.user, trip=trip)}
    strangers = [pk for pk in boarded if pk not in visible]
    if strangers:  # not on this bus, or not the actor's to name: the same answer
        raise ValidationError(
            {"passengers": [_("只能为本车次的乘客登记上车（%(n)d人不符）") % {"n": len(strangers)}]}
        )
    services.boarding_record(actor=request.user, trip=trip, boarded=boarded, request=request)
    return {
        "trip": trip.pk,
        "boarded": sum(1 for v in boarded.values() if v),
        "no_show": sum(1 for v in boarded.values() if not v),
    }


@router.post(
    "/transport/signups/{signup_id}/arrival",
    response={201: ArrivalOut, **ERRORS},
    summary="到岗确认（进厂门）：目的单位确认乘客到岗",
    description="只有乘客的目的单位可以确认；不是目的单位答 403（看不到该乘客时答 404），"
    "尚未上车、已确认或日期不对答 422。",
)
def confirm_arrival(request, signup_id: PathId, payload: ArrivalIn):
    signup = selectors.signup_get(actor=request.user, pk=signup_id)
    arrival = services.arrival_confirm(actor=request.user, signup=signup, on=payload.on, request=request)
    return Status(
        201,
        {
            "signup": signup.pk,
            "on": arrival.on,
            "status": arrival.signup.status,
            "employment": arrival.employment_id,
        },
    )
