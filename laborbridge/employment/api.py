import datetime

from ninja import Field, Query, Router, Schema, Status

from laborbridge.core.schemas import ErrorOut, Id, Input, PageOut, PageParams, PathId, page_of
from laborbridge.employers.selectors import base_list, vacancy_get
from laborbridge.employment.bases import base_months, base_summary
from laborbridge.employment.selectors import placed_list, referral_get, referral_list, referral_step_get
from laborbridge.employment.services import referral_advance, referral_create, referral_step_withdraw
from laborbridge.workers.selectors import worker_get

router = Router(tags=["referrals"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class StepOut(Schema):
    id: int
    status: str
    on: datetime.date
    by: str | None
    note: str
    monthly_income: int | None = Field(None, description="录用时的月收入（元）")


class ReferralOut(Schema):
    id: int
    worker: int
    worker_name: str
    worker_id_number: str
    vacancy: int
    vacancy_title: str
    employer: int
    employer_name: str
    source: str
    status: str
    declined_reason: str
    steps: list[StepOut]


class ReferralIn(Input):
    worker: Id
    vacancy: Id
    source: str = "staff"
    on: datetime.date | None = Field(None, description="推荐日期，默认今天（北京时间），不能晚于今天")


class StepIn(Input):
    status: str = Field(description="下一步：applied/intent/hired/arrived/left/declined")
    on: datetime.date | None = Field(
        None, description="这一步的日期，默认今天（北京时间）；不能早于上一步，不能晚于今天"
    )
    reason: str = Field("", description="未成功的原因（declined 时必填）")
    monthly_income: int | None = Field(
        None, description="录用（hired）时的月收入（元），记入录用开始的就业记录"
    )
    end_current: bool = Field(
        False,
        description="录用（hired）时：劳动力已离开现有未结束的就业，录用日前一天结束它（如其开始日期不早于录用日期，"
        "且非推荐录用，则由本次录用接续为同一段就业）",
    )


class ReferralPageOut(PageOut):
    items: list[ReferralOut]


class ReferralListParams(PageParams):
    status: str = ""
    vacancy: Id | None = None


def _out(referral) -> dict:
    return {
        "id": referral.pk,
        "worker": referral.worker_id,
        "worker_name": referral.worker.name,
        "worker_id_number": referral.worker.id_number_masked,
        "vacancy": referral.vacancy_id,
        "vacancy_title": referral.vacancy.title,
        "employer": referral.vacancy.employer_id,
        "employer_name": referral.vacancy.employer.name,
        "source": referral.source,
        "status": referral.status,
        "declined_reason": referral.declined_reason,
        "steps": [
            {
                "id": s.pk,
                "status": s.status,
                "on": s.on,
                "by": s.by.username if s.by_id else None,
                "note": s.note,
                "monthly_income": s.monthly_income,
            }
            for s in referral.steps.all()
        ],
    }


@router.get(
    "/referrals",
    response={200: ReferralPageOut, **ERRORS},
    summary="推荐列表（本地劳动力的，或本单位岗位的）",
)
def list_referrals(request, params: Query[ReferralListParams]):
    referrals = referral_list(actor=request.user, vacancy=params.vacancy, status=params.status)
    return page_of(referrals, params, _out)


@router.post("/referrals", response={201: ReferralOut, **ERRORS}, summary="推荐劳动力到招聘中的岗位")
def create_referral(request, payload: ReferralIn):
    worker = worker_get(actor=request.user, pk=payload.worker)
    vacancy = vacancy_get(actor=request.user, pk=payload.vacancy)
    referral = referral_create(
        actor=request.user,
        worker=worker,
        vacancy=vacancy,
        source=payload.source,
        on=payload.on,
        request=request,
    )
    return Status(201, _out(referral_get(actor=request.user, pk=referral.pk)))


@router.post(
    "/referrals/{referral_id}/steps", response={200: ReferralOut, **ERRORS}, summary="记录推荐的下一步"
)
def advance_referral(request, referral_id: PathId, payload: StepIn):
    referral = referral_get(actor=request.user, pk=referral_id)
    referral_advance(
        actor=request.user,
        referral=referral,
        status=payload.status,
        on=payload.on,
        reason=payload.reason,
        monthly_income=payload.monthly_income,
        end_current=payload.end_current,
        request=request,
    )
    return _out(referral_get(actor=request.user, pk=referral_id))


@router.delete(
    "/referral-steps/{step_id}",
    response={200: ReferralOut, **ERRORS},
    summary="撤回误记的一步（仅记录人当天，仅最近的一步）",
)
def withdraw_referral_step(request, step_id: PathId):
    """Undo what the step did (a 录用's spell and follow-ups are removed, a 离职's spell is open again)."""
    step = referral_step_get(actor=request.user, pk=step_id)
    referral = referral_step_withdraw(actor=request.user, step=step, request=request)
    return _out(referral_get(actor=request.user, pk=referral.pk))


class BaseMonthOut(Schema):
    month: datetime.date
    workers: int
    alleviated: int
    workshop_rule_met: bool


class BaseOut(Schema):
    id: int
    employer: int
    employer_name: str
    kind: str
    recognised_on: datetime.date
    upgrade_candidates: int
    upgrade_met: bool
    months: list[BaseMonthOut]


class PlacedOut(Schema):
    id: int
    worker_name: str
    worker_id_number: str
    home_township: str
    employer_name: str
    place: str | None
    start: datetime.date
    end: datetime.date | None


class BasePageOut(PageOut):
    items: list[BaseOut]


class PlacedPageOut(PageOut):
    items: list[PlacedOut]


class BaseListParams(PageParams):
    year: int | None = Field(None, ge=2015, le=2100, description="逐月人数的年份，默认今年")


def _base_out(base, *, year: int, today: datetime.date) -> dict:
    summary = base_summary(base, today)
    months = [
        {
            "month": m.month,
            "workers": m.workers,
            "alleviated": m.alleviated,
            "workshop_rule_met": m.workshop_rule_met,
        }
        for m in base_months(base, year, until=today)
    ]
    return {
        "id": base.pk,
        "employer": base.employer_id,
        "employer_name": base.employer.name,
        "kind": base.kind,
        "recognised_on": base.recognised_on,
        "upgrade_candidates": summary["upgrade"],
        "upgrade_met": summary["upgrade_met"],
        "months": months,
    }


@router.get(
    "/bases",
    response={200: BasePageOut, **ERRORS},
    summary="就业基地与帮扶车间，逐月本地务工人数",
    tags=["bases"],
)
def list_bases(request, params: Query[BaseListParams]):
    today = datetime.date.today()
    year = min(params.year or today.year, today.year)
    return page_of(base_list(actor=request.user), params, lambda b: _base_out(b, year=year, today=today))


@router.get(
    "/placed",
    response={200: PlacedPageOut, **ERRORS},
    summary="在本地（或本单位）务工的协作地区劳动力（脱敏）",
    tags=["referrals"],
)
def list_placed(request, params: Query[PageParams]):
    return page_of(placed_list(actor=request.user), params, _placed_out)


def _placed_out(spell) -> dict:
    return {
        "id": spell.pk,
        "worker_name": spell.worker.name,
        "worker_id_number": spell.worker.id_number_masked,
        "home_township": spell.worker.township.name,
        "employer_name": spell.employer_name,
        "place": spell.place.qualified_name if spell.place_id else None,
        "start": spell.start,
        "end": spell.end,
    }
