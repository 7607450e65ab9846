from ninja import Field, Query, Router, Schema, Status

from laborbridge.core.schemas import ErrorOut, Id, Input, PathId
from laborbridge.employers.selectors import vacancy_get
from laborbridge.matching import selectors, services
from laborbridge.workers.selectors import worker_get

router = Router(tags=["matching"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RecommendationOut(Schema):
    vacancy: int
    title: str
    employer_name: str
    occupation: str
    place: str
    place_name: str
    pay_min: int
    pay_max: int
    score: float
    reasons: list[str]
    concerns: list[str]
    referred: bool = Field(description="已有尚未结束的推荐")


class CandidateOut(Schema):
    worker: int
    name: str
    id_number: str = Field(description="脱敏")
    age: int
    township_name: str
    score: float
    reasons: list[str]
    concerns: list[str]
    referred: bool = Field(description="已有尚未结束的推荐")


class MatchReferralIn(Input):
    worker: Id
    vacancy: Id


class MatchReferralOut(Schema):
    id: int
    worker: int
    vacancy: int
    source: str
    status: str


class RecommendationParams(Schema):
    limit: int = Field(10, ge=1, le=50)


class CandidateParams(Schema):
    limit: int = Field(20, ge=1, le=100)


def _recommendation(r: selectors.Recommendation) -> dict:
    v = r.vacancy
    return {
        "vacancy": v.pk,
        "title": v.title,
        "employer_name": v.employer.name,
        "occupation": v.occupation.name,
        "place": v.place_id,
        "place_name": v.place.qualified_name,
        "pay_min": v.pay_min,
        "pay_max": v.pay_max,
        "score": r.match.score,
        "reasons": list(r.match.reasons),
        "concerns": list(r.match.concerns),
        "referred": r.referred,
    }


@router.get(
    "/workers/{worker_id}/recommendations",
    response={200: list[RecommendationOut], **ERRORS},
    summary="智能匹配：劳动力的推荐岗位（附理由）",
)
def worker_recommendations(request, worker_id: PathId, params: Query[RecommendationParams]):
    worker = worker_get(actor=request.user, pk=worker_id)
    found = selectors.recommendations_for_worker(actor=request.user, worker=worker, limit=params.limit)
    return [_recommendation(r) for r in found]


@router.get(
    "/vacancies/{vacancy_id}/candidates",
    response={200: list[CandidateOut], **ERRORS},
    summary="智能匹配：岗位的匹配人员（本辖区，脱敏，附理由）",
)
def vacancy_candidates(request, vacancy_id: PathId, params: Query[CandidateParams]):
    vacancy = vacancy_get(actor=request.user, pk=vacancy_id)
    found = selectors.candidates_for_vacancy(actor=request.user, vacancy=vacancy, limit=params.limit)
    return [
        {
            "worker": c.worker.pk,
            "name": c.worker.name,
            "id_number": c.worker.id_number_masked,
            "age": c.worker.age,
            "township_name": c.worker.township.name,
            "score": c.match.score,
            "reasons": list(c.match.reasons),
            "concerns": list(c.match.concerns),
            "referred": c.referred,
        }
        for c in found
    ]


@router.post(
    "/matching/referrals",
    response={201: MatchReferralOut, **ERRORS},
    summary="按智能匹配结果推荐（来源：智能匹配）",
)
def match_referral(request, payload: MatchReferralIn):
    worker = worker_get(actor=request.user, pk=payload.worker)
    vacancy = vacancy_get(actor=request.user, pk=payload.vacancy)
    referral = services.matching_refer(actor=request.user, worker=worker, vacancy=vacancy, request=request)
    return Status(
        201,
        {
            "id": referral.pk,
            "worker": worker.pk,
            "vacancy": vacancy.pk,
            "source": referral.source,
            "status": referral.status,
        },
    )
