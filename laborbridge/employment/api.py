import datetime

from ninja import Router, Schema, Status

from laborbridge.core.pagination import keyset_page
from laborbridge.employers.selectors import base_list, vacancy_get
from laborbridge.employment.bases import base_months, base_summary
from laborbridge.employment.referrals import referral_advance, referral_create
from laborbridge.employment.selectors import placed_list, referral_get, referral_list
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


@router.get(
    "/bases",
    response={200: list[BaseOut], **ERRORS},
    summary="就业基地与帮扶车间，逐月本地务工人数",
    tags=["bases"],
)
def list_bases(request, year: int | None = None):
    today = datetime.date.today()
    year = min(max(year or today.year, 2015), today.year)
    out = []
    for base in base_list(actor=request.user):
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
        out.append(
            {
                "id": base.pk,
                "employer": base.employer_id,
                "employer_name": base.employer.name,
                "kind": base.kind,
                "recognised_on": base.recognised_on,
                "upgrade_candidates": summary["upgrade"],
                "upgrade_met": summary["upgrade_met"],
                "months": months,
            }
        )
    return out


@router.get(
    "/placed",
    response={200: list[PlacedOut], **ERRORS},
    summary="在本地（或本单位）务工的协作地区劳动力（脱敏）",
    tags=["referrals"],
)
def list_placed(request, before: int | None = None):
    page = keyset_page(placed_list(actor=request.user), before=before, size=200)
    return [
        {
            "id": s.pk,
            "worker_name": s.worker.name,
            "worker_id_number": s.worker.id_number_masked,
            "home_township": s.worker.township.name,
            "employer_name": s.employer_name,
            "place": s.place.qualified_name if s.place_id else None,
            "start": s.start,
            "end": s.end,
        }
        for s in page.items
    ]
