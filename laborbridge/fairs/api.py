"""The fairs' API at /api/v1/fairs/...: fairs, their employers and positions, check-ins and intents."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from laborbridge.accounts import policy
from laborbridge.core.schemas import ErrorOut, Id, Input, PageOut, PageParams, PathId, page_of
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import employer_get, vacancy_get
from laborbridge.fairs import selectors, services
from laborbridge.fairs.models import FairParticipation
from laborbridge.workers.models import Worker
from laborbridge.workers.selectors import worker_get

router = Router(tags=["fairs"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FairOut(Schema):
    id: int
    title: str
    theme: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    township: str
    address: str
    organisers: list[str]
    target_groups: list[str]
    status: str
    public_path: str


class FairIn(Input):
    title: str = Field(max_length=100)
    theme: str = Field("", max_length=200)
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    township: str = Field(max_length=12)
    address: str = Field(max_length=200)
    organisers: list[str] = Field(max_length=10)
    target_groups: list[str] = Field([], max_length=20)
    programme: str = Field("", max_length=2000)


class StatusIn(Input):
    status: str = Field(max_length=20)


class PositionOut(Schema):
    id: int
    vacancy: int
    title: str
    headcount: int


class ParticipationOut(Schema):
    id: int
    employer: int
    employer_name: str
    booth: str
    positions: list[PositionOut]


class ParticipationIn(Input):
    employer: Id
    booth: str = Field("", max_length=20)


class PositionIn(Input):
    vacancy: Id
    headcount: int = Field(ge=1, le=10000)


class CheckInIn(Input):
    worker: Id | None = None
    id_number: str = Field("", max_length=30, description="台账中没有此人时，按证件号现场登记")
    name: str = Field("", max_length=50)
    township: str = Field("", max_length=12)
    phone: str = Field("", max_length=30)


class VisitOut(Schema):
    id: int
    worker: int
    worker_name: str
    worker_id_number: str
    checked_in_at: datetime.datetime
    walk_in: bool
    created: bool


class IntentIn(Input):
    worker: Id
    vacancy: Id


class IntentOut(Schema):
    id: int
    referral: int
    worker: int
    vacancy: int
    status: str


class FairPageOut(PageOut):
    items: list[FairOut]


def _fair_out(fair) -> dict:
    return {
        "id": fair.pk, "title": fair.title, "theme": fair.theme, "date": fair.date, "starts_at": fair.starts_at,
        "ends_at": fair.ends_at, "township": fair.township_id, "address": fair.address,
        "organisers": [r.code for r in fair.organisers.all()], "target_groups": fair.target_groups,
        "status": fair.status, "public_path": f"/fairs/p/{fair.slug}/",
    }  # fmt: skip


def _participation_out(p) -> dict:
    return {
        "id": p.pk, "employer": p.employer_id, "employer_name": p.employer.name, "booth": p.booth,
        "positions": [
            {"id": pos.pk, "vacancy": pos.vacancy_id, "title": pos.vacancy.title, "headcount": pos.headcount}
            for pos in p.positions.select_related("vacancy")
        ],
    }  # fmt: skip


def _require_manage(actor, fair) -> None:
    if not policy.may_manage_fair(actor, fair):
        raise PermissionDenied(_("您没有管理该招聘会的权限"))


@router.get("/fairs", response={200: FairPageOut, **ERRORS}, summary="招聘会列表")
def list_fairs(request, params: Query[PageParams]):
    return page_of(selectors.fair_list(actor=request.user), params, _fair_out)


@router.post("/fairs", response={201: FairOut, **ERRORS}, summary="登记招聘会")
def create_fair(request, payload: FairIn):
    data = payload.dict()
    fair = services.fair_create(actor=request.user, request=request, **data)
    return Status(201, _fair_out(fair))


@router.get("/fairs/{fair_id}", response={200: FairOut, **ERRORS}, summary="招聘会")
def get_fair(request, fair_id: PathId):
    return _fair_out(selectors.fair_get(actor=request.user, pk=fair_id))


@router.post("/fairs/{fair_id}/status", response={200: FairOut, **ERRORS}, summary="开始或结束招聘会")
def set_fair_status(request, fair_id: PathId, payload: StatusIn):
    fair = selectors.fair_get(actor=request.user, pk=fair_id)
    return _fair_out(
        services.fair_set_status(actor=request.user, fair=fair, status=payload.status, request=request)
    )


@router.get(
    "/fairs/{fair_id}/participations",
    response={200: list[ParticipationOut], **ERRORS},
    summary="参会单位和岗位",
)
def list_participations(request, fair_id: PathId):
    fair = selectors.fair_get(actor=request.user, pk=fair_id)
    return [_participation_out(p) for p in fair.participations.select_related("employer")]


@router.post(
    "/fairs/{fair_id}/participations", response={201: ParticipationOut, **ERRORS}, summary="添加参会单位"
)
def add_participation(request, fair_id: PathId, payload: ParticipationIn):
    fair = selectors.fair_get(actor=request.user, pk=fair_id)
    _require_manage(request.user, fair)
    employer = employer_get(actor=request.user, pk=payload.employer)
    participation = services.participation_add(
        actor=request.user, fair=fair, employer=employer, booth=payload.booth, request=request
    )
    return Status(201, _participation_out(participation))


@router.post(
    "/fairs/participations/{participation_id}/positions",
    response={201: ParticipationOut, **ERRORS},
    summary="为参会单位添加岗位（招聘会招聘人数）",
)
def add_position(request, participation_id: PathId, payload: PositionIn):
    participation = (
        FairParticipation.objects.filter(
            fair__in=selectors.fair_queryset(actor=request.user), pk=participation_id
        )
        .select_related("fair", "employer")
        .first()
    )
    if participation is None:
        raise Http404
    _require_manage(request.user, participation.fair)
    vacancy = Vacancy.objects.filter(pk=payload.vacancy, employer=participation.employer).first()
    if vacancy is None:
        raise Http404
    services.position_add(
        actor=request.user, participation=participation, vacancy=vacancy, headcount=payload.headcount,
        request=request,
    )  # fmt: skip
    return Status(201, _participation_out(participation))


@router.post("/fairs/{fair_id}/check-ins", response={200: VisitOut, **ERRORS}, summary="签到（一人只计一次）")
def check_in(request, fair_id: PathId, payload: CheckInIn):
    fair = selectors.fair_get(actor=request.user, pk=fair_id)
    if not policy.may_check_in_at_fair(request.user, fair):
        raise PermissionDenied(_("您没有在该招聘会办理签到的权限"))
    if payload.worker is not None:
        worker = worker_get(actor=request.user, pk=payload.worker)
        visit, created = services.fair_check_in(actor=request.user, fair=fair, worker=worker, request=request)
    else:
        visit, created = services.fair_walk_in(
            actor=request.user, fair=fair, id_number=payload.id_number, name=payload.name,
            township=payload.township, phone=payload.phone, request=request,
        )  # fmt: skip
    return {
        "id": visit.pk, "worker": visit.worker_id, "worker_name": visit.worker.name,
        "worker_id_number": visit.worker.id_number_masked, "checked_in_at": visit.checked_in_at,
        "walk_in": visit.walk_in, "created": created,
    }  # fmt: skip


@router.post(
    "/fairs/{fair_id}/intents", response={201: IntentOut, **ERRORS}, summary="记录招聘会上达成的意向"
)
def record_intent(request, fair_id: PathId, payload: IntentIn):
    fair = selectors.fair_get(actor=request.user, pk=fair_id)
    if not policy.may_record_intents_at(request.user, fair):
        raise PermissionDenied(_("您没有在该招聘会记录意向的权限"))
    # A visitor of this fair (those who may record intents here need not see the registry otherwise).
    worker = Worker.objects.filter(pk=payload.worker, fair_visits__fair=fair).first()
    vacancy = Vacancy.objects.filter(pk=payload.vacancy, fair_positions__participation__fair=fair).first()
    if worker is None:
        worker = worker_get(actor=request.user, pk=payload.worker)  # 404 unless the actor sees the person
    if vacancy is None:
        vacancy = vacancy_get(
            actor=request.user, pk=payload.vacancy
        )  # seen, but not at this fair: refused below
    intent = services.fair_intent_record(
        actor=request.user, fair=fair, worker=worker, vacancy=vacancy, request=request
    )
    referral = intent.referral
    return Status(
        201,
        {
            "id": intent.pk,
            "referral": referral.pk,
            "worker": worker.pk,
            "vacancy": vacancy.pk,
            "status": referral.status,
        },
    )
