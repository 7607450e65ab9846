import datetime

from ninja import Router, Schema, Status

from laborbridge.employers.selectors import vacancy_get
from laborbridge.employment.referrals import referral_advance, referral_create
from laborbridge.employment.selectors import referral_get, referral_list
from laborbridge.workers.schemas import ErrorOut
from laborbridge.workers.selectors import worker_get

router = Router(tags=["referrals"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class StepOut(Schema):
    status: str
    on: datetime.date
    by: str | None
    note: str


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


class ReferralIn(Schema):
    worker: int
    vacancy: int
    source: str = "staff"
    on: datetime.date | None = None


class StepIn(Schema):
    status: str
    on: datetime.date | None = None
    reason: str = ""
    monthly_income: int | None = None


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
            {"status": s.status, "on": s.on, "by": s.by.username if s.by_id else None, "note": s.note}
            for s in referral.steps.all()
        ],
    }


@router.get(
    "/referrals",
    response={200: list[ReferralOut], **ERRORS},
    summary="推荐列表（本地劳动力的，或本单位岗位的）",
)
def list_referrals(request, status: str = "", vacancy: int | None = None):
    qs = referral_list(actor=request.user)
    if status:
        qs = qs.filter(status=status)
    if vacancy:
        qs = qs.filter(vacancy_id=vacancy)
    return [_out(r) for r in qs[:200]]


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
def advance_referral(request, referral_id: int, payload: StepIn):
    referral = referral_get(actor=request.user, pk=referral_id)
    referral_advance(
        actor=request.user,
        referral=referral,
        status=payload.status,
        on=payload.on,
        reason=payload.reason,
        monthly_income=payload.monthly_income,
        request=request,
    )
    return _out(referral_get(actor=request.user, pk=referral_id))
