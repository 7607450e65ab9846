import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from laborbridge.accounts import policy
from laborbridge.core.schemas import ErrorOut, Id, Input, PageOut, PageParams, PathId, page_of
from laborbridge.regions.models import Region
from laborbridge.training import selectors, services
from laborbridge.training.models import Programme
from laborbridge.workers.selectors import worker_get

router = Router(tags=["training"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OutcomeOut(Schema):
    trainees: int
    alleviated: int
    completed: int
    certified: int
    employed: int
    related: int


class ClassOut(Schema):
    id: int
    programme: int
    programme_name: str
    name: str
    provider: str
    place: str
    address: str
    start: datetime.date
    end: datetime.date
    capacity: int
    organisers: list[str]
    target_groups: str
    teachers: str
    cost_per_trainee: int | None
    subsidy_per_trainee: int | None
    status: str
    outcome: OutcomeOut | None = None


class ClassIn(Input):
    programme: Id
    name: str = Field(max_length=100)
    provider: str = Field(max_length=100)
    place: str = Field(max_length=9, description="培训地点：乡镇（街道）的9位区划代码")
    address: str = Field("", max_length=200)
    start: datetime.date
    end: datetime.date
    capacity: int = Field(ge=1, le=10000)
    organisers: list[str] = Field(
        min_length=1, max_length=10, description="组织地区（县级区划代码），须含本县"
    )
    target_groups: str = Field("", max_length=200)
    teachers: str = Field("", max_length=200)
    cost_per_trainee: int | None = Field(None, ge=0, le=services.MAX_YUAN)
    subsidy_per_trainee: int | None = Field(None, ge=0, le=services.MAX_YUAN)


class EnrolmentOut(Schema):
    id: int
    worker: int
    worker_name: str
    worker_id_number: str
    status: str
    applied_on: datetime.date
    completed_on: datetime.date | None
    dropped_reason: str
    certificates: list[str]


class EnrolmentIn(Input):
    worker: Id | None = Field(None, description="劳动力编号（必填；缺少时答 422）")
    status: str = Field("enrolled", description="applied（登记报名）或 enrolled（录取）")


class ClassPageOut(PageOut):
    items: list[ClassOut]


class EnrolmentPageOut(PageOut):
    items: list[EnrolmentOut]


class ClassListParams(PageParams):
    status: str = ""


def _class_out(training_class, *, outcome: bool = False) -> dict:
    out = {
        "id": training_class.pk,
        "programme": training_class.programme_id,
        "programme_name": training_class.programme.name,
        "name": training_class.name,
        "provider": training_class.provider,
        "place": training_class.place_id,
        "address": training_class.address,
        "start": training_class.start,
        "end": training_class.end,
        "capacity": training_class.capacity,
        "organisers": [r.code for r in training_class.organisers.all()],
        "target_groups": training_class.target_groups,
        "teachers": training_class.teachers,
        "cost_per_trainee": training_class.cost_per_trainee,
        "subsidy_per_trainee": training_class.subsidy_per_trainee,
        "status": training_class.status,
    }
    if outcome:
        out["outcome"] = vars(selectors.class_outcome(training_class=training_class))
    return out


def _enrolment_out(enrolment) -> dict:
    return {
        "id": enrolment.pk,
        "worker": enrolment.worker_id,
        "worker_name": enrolment.worker.name,
        "worker_id_number": enrolment.worker.id_number_masked,
        "status": enrolment.status,
        "applied_on": enrolment.applied_on,
        "completed_on": enrolment.completed_on,
        "dropped_reason": enrolment.dropped_reason,
        "certificates": [f"{c.kind}:{c.number}" for c in enrolment.certificates.all()],
    }


@router.get("/training/classes", response={200: ClassPageOut, **ERRORS}, summary="技能培训班列表")
def list_classes(request, params: Query[ClassListParams]):
    return page_of(selectors.class_list(actor=request.user, status=params.status), params, _class_out)


@router.post("/training/classes", response={201: ClassOut, **ERRORS}, summary="开设培训班")
def create_class(request, payload: ClassIn):
    policy.require(request.user, "manage_training")
    data = payload.dict()
    programme = Programme.objects.filter(pk=data.pop("programme")).first()
    if programme is None:
        raise ValidationError({"programme": [_("培训项目不存在")]})
    place = Region.objects.filter(code=data.pop("place")).first()
    codes = data.pop("organisers")
    organisers = list(Region.objects.filter(code__in=codes, level=Region.Level.COUNTY))
    if len(organisers) != len(set(codes)):
        raise ValidationError({"organisers": [_("组织地区应为县级区划代码")]})
    training_class = services.class_create(
        actor=request.user, organisers=organisers, programme=programme, place=place, request=request, **data
    )
    return Status(
        201, _class_out(selectors.class_get(actor=request.user, pk=training_class.pk), outcome=True)
    )


@router.get("/training/classes/{class_id}", response={200: ClassOut, **ERRORS}, summary="培训班及其成效")
def get_class(request, class_id: PathId):
    return _class_out(selectors.class_get(actor=request.user, pk=class_id), outcome=True)


@router.get(
    "/training/classes/{class_id}/enrolments",
    response={200: EnrolmentPageOut, **ERRORS},
    summary="培训班学员（本辖区，脱敏）",
)
def list_enrolments(request, class_id: PathId, params: Query[PageParams]):
    training_class = selectors.class_get(actor=request.user, pk=class_id)
    return page_of(
        selectors.enrolment_list(actor=request.user, training_class=training_class), params, _enrolment_out
    )


@router.post(
    "/training/classes/{class_id}/enrolments",
    response={201: EnrolmentOut, **ERRORS},
    summary="登记报名或录取学员（不超过计划人数）",
)
def create_enrolment(request, class_id: PathId, payload: EnrolmentIn):
    training_class = selectors.class_get(actor=request.user, pk=class_id)
    if not policy.may_manage_class(request.user, training_class):
        raise PermissionDenied(_("您没有管理该培训班的权限"))
    if payload.status not in ("applied", "enrolled"):
        raise ValidationError({"status": [_("状态应为 applied 或 enrolled")]})
    if payload.worker is None:  # checked after the class, so that a class out of reach answers 404 first
        raise ValidationError({"worker": [_("请选择劳动力")]})
    worker = worker_get(actor=request.user, pk=payload.worker)
    write = services.enrolment_apply if payload.status == "applied" else services.enrolment_enrol
    enrolment = write(actor=request.user, training_class=training_class, worker=worker, request=request)
    return Status(201, _enrolment_out(selectors.enrolment_get(actor=request.user, pk=enrolment.pk)))
