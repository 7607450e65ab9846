from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from pydantic import ConfigDict

from laborbridge.accounts import policy
from laborbridge.core.schemas import PageParams, PathId, page_of
from laborbridge.workers.preferences import preference_state
from laborbridge.workers.schemas import ErrorOut, WorkerDetailOut, WorkerIn, WorkerPageOut
from laborbridge.workers.search import identifier_kind, identifier_search_allow
from laborbridge.workers.selectors import (
    WorkerFilters,
    with_employed_now,
    worker_get,
    worker_list,
)
from laborbridge.workers.services import worker_register, worker_unmask, worker_update

router = Router(tags=["workers"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ListParams(PageParams):
    township: str = ""
    village: str = ""
    poverty_status: str = ""
    sex: str = ""
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    employed: str = ""
    place_class: str = ""
    q: str = Field("", max_length=50, description="姓名或拼音；证件号、手机号请用 POST /workers/search")


class SearchIn(ListParams):
    model_config = ConfigDict(strict=True)  # a JSON body: true is not 1, "5" is not 5

    q: str = Field("", max_length=50, description="姓名、拼音、证件号或手机号")


def _out(worker, *, revealed: dict | None = None, detail: bool = False) -> dict:
    spells = list(worker.employments.select_related("place__parent")) if detail else None
    data = {
        "id": worker.pk,
        "name": worker.name,
        "id_number": revealed["id_number"] if revealed else worker.id_number_masked,
        "sex": worker.sex,
        "age": worker.age,
        "birth_year": worker.birth_year,
        "birth_date": worker.birth_date if revealed else None,
        "phone": revealed["phone"] if revealed else worker.phone_masked,
        "township": worker.township_id,
        "township_name": worker.township.name,
        "village": worker.village_id,
        "village_name": worker.village.name if worker.village_id else None,
        "poverty_status": worker.poverty_status,
        "education": worker.education,
        "ethnicity": worker.ethnicity,
        "skills": worker.skills,
        "notes": worker.notes,
        "employed": any(s.end is None for s in spells)
        if detail
        else bool(getattr(worker, "employed_now", False)),
        "created_at": worker.created_at,
        "updated_at": worker.updated_at,
    }
    if detail:
        data["preferences"] = preference_state(worker)
        data["employments"] = [
            {
                "id": s.pk,
                "employer_name": s.employer_name,
                "place": s.place_id,
                "place_name": s.place.qualified_name if s.place_id else None,
                "place_class": s.place_class,
                "start": s.start,
                "end": s.end,
                "monthly_income": s.monthly_income,
                "channel": s.channel,
                "source": s.source,
            }
            for s in spells
        ]
    return data


@router.get("/workers", response={200: WorkerPageOut, **ERRORS}, summary="劳动力列表（按权限范围）")
def list_workers(request, params: Query[ListParams]):
    if not policy.may(request.user, "view_workers"):
        raise PermissionDenied(_("您的角色不能查看劳动力个人信息"))
    if identifier_kind(params.q):
        raise ValidationError(
            {"q": [_("按证件号或手机号查询请用 POST /api/v1/workers/search，号码不能出现在网址中")]}
        )
    filters = WorkerFilters(**params.dict(exclude={"before", "limit"}))
    return page_of(with_employed_now(worker_list(actor=request.user, filters=filters)), params, _out)


@router.post(
    "/workers/search", response={200: WorkerPageOut, **ERRORS}, summary="按证件号、手机号或姓名查询劳动力"
)
def search_workers(request, payload: SearchIn):
    """Identifiers travel in the body, never in a URL; each such search is limited per user and audited."""
    if not policy.may(request.user, "view_workers"):
        raise PermissionDenied(_("您的角色不能查看劳动力个人信息"))
    kind = identifier_kind(payload.q)
    if kind:
        identifier_search_allow(actor=request.user, kind=kind, request=request)
    filters = WorkerFilters(**payload.dict(exclude={"before", "limit"}))
    return page_of(with_employed_now(worker_list(actor=request.user, filters=filters)), payload, _out)


@router.post("/workers", response={201: WorkerDetailOut, **ERRORS}, summary="登记劳动力")
def create_worker(request, payload: WorkerIn):
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    worker = worker_register(actor=request.user, request=request, **data)
    return Status(201, _out(worker_get(actor=request.user, pk=worker.pk), detail=True))


@router.get("/workers/{worker_id}", response={200: WorkerDetailOut, **ERRORS}, summary="劳动力详情")
def get_worker(request, worker_id: PathId, unmask: bool = False):
    worker = worker_get(actor=request.user, pk=worker_id)
    revealed = worker_unmask(actor=request.user, worker=worker, request=request) if unmask else None
    return _out(worker, revealed=revealed, detail=True)


@router.patch("/workers/{worker_id}", response={200: WorkerDetailOut, **ERRORS}, summary="修改劳动力信息")
def update_worker(request, worker_id: PathId, payload: WorkerIn):
    worker = worker_get(actor=request.user, pk=worker_id)
    data = payload.dict(exclude_unset=True)
    if any(value is None for key, value in data.items() if key in ("name", "id_number", "township")):
        raise ValidationError({k: [_("不能为空")] for k, v in data.items() if v is None})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    worker_update(actor=request.user, worker=worker, request=request, **data)
    return _out(worker_get(actor=request.user, pk=worker_id), detail=True)
