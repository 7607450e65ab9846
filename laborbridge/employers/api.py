import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from laborbridge.accounts import policy
from laborbridge.core.schemas import ErrorOut, Id, Input, PageOut, PageParams, PathId, page_of
from laborbridge.employers.selectors import employer_get, employer_list, vacancy_get, vacancy_list
from laborbridge.employers.services import (
    employer_contact_unmask,
    employer_create,
    employer_update,
    vacancy_create,
    vacancy_update,
)

router = Router(tags=["employers"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class EmployerIn(Input):
    name: str | None = None
    uscc: str | None = None
    kind: str | None = None
    industry: str | None = None
    region: str | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    provided_by: str | None = None
    provided_on: str | None = None


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    kind: str
    industry: str
    region: str
    region_name: str
    address: str
    contact_name: str
    contact_phone: str
    provided_by: str | None
    provided_on: datetime.date | None


class VacancyIn(Input):
    title: str | None = None
    occupation: Id | None = None
    headcount: int | None = None
    pay_min: int | None = None
    pay_max: int | None = None
    place: str | None = None
    lodging: bool | None = None
    meals: bool | None = None
    age_min: int | None = None
    age_max: int | None = None
    education_min: str | None = None
    skills: str | None = None
    certificate: str | None = None
    description: str | None = None
    posted_on: str | None = None
    closes_on: str | None = None
    status: str | None = None


class VacancyCreateIn(VacancyIn):
    employer: Id


class VacancyOut(Schema):
    id: int
    employer: int
    employer_name: str
    title: str
    occupation: int
    occupation_name: str
    headcount: int
    pay_min: int
    pay_max: int
    place: str
    lodging: bool
    meals: bool
    age_min: int | None
    age_max: int | None
    education_min: str
    skills: str
    certificate: str
    description: str
    posted_on: datetime.date | None
    closes_on: datetime.date | None
    status: str


class EmployerListParams(PageParams):
    q: str = ""
    region: str = ""
    kind: str = ""


class VacancyListParams(PageParams):
    status: str = ""
    occupation: Id | None = None
    q: str = ""


class EmployerPageOut(PageOut):
    items: list[EmployerOut]


class VacancyPageOut(PageOut):
    items: list[VacancyOut]


def _employer_out(employer, *, revealed: str | None = None) -> dict:
    return {
        "id": employer.pk,
        "name": employer.name,
        "uscc": employer.uscc,
        "kind": employer.kind,
        "industry": employer.industry,
        "region": employer.region_id,
        "region_name": employer.region.qualified_name,
        "address": employer.address,
        "contact_name": employer.contact_name,
        "contact_phone": revealed if revealed is not None else employer.contact_phone_masked,
        "provided_by": employer.provided_by_id,
        "provided_on": employer.provided_on,
    }


def _vacancy_out(v) -> dict:
    fields = (
        "title",
        "headcount",
        "pay_min",
        "pay_max",
        "lodging",
        "meals",
        "age_min",
        "age_max",
        "education_min",
        "skills",
        "certificate",
        "description",
        "posted_on",
        "closes_on",
        "status",
    )
    return {
        "id": v.pk,
        "employer": v.employer_id,
        "employer_name": v.employer.name,
        "occupation": v.occupation_id,
        "occupation_name": v.occupation.name,
        "place": v.place_id,
        **{f: getattr(v, f) for f in fields},
    }


def _given(payload: Schema, exclude: set[str] = frozenset()) -> dict:
    return {
        k: ("" if v is None else v) for k, v in payload.dict(exclude_unset=True).items() if k not in exclude
    }


@router.get("/employers", response={200: EmployerPageOut, **ERRORS}, summary="用工单位列表（按权限范围）")
def list_employers(request, params: Query[EmployerListParams]):
    employers = employer_list(actor=request.user, q=params.q, region=params.region, kind=params.kind)
    return page_of(employers, params, _employer_out)


@router.post("/employers", response={201: EmployerOut, **ERRORS}, summary="登记用工单位")
def create_employer(request, payload: EmployerIn):
    if not policy.may_create_employers(request.user):
        raise PermissionDenied(_("您没有登记用工单位的权限"))
    employer = employer_create(actor=request.user, request=request, **_given(payload))
    return Status(201, _employer_out(employer_get(actor=request.user, pk=employer.pk)))


@router.get("/employers/{employer_id}", response={200: EmployerOut, **ERRORS}, summary="用工单位详情")
def get_employer(request, employer_id: PathId, unmask: bool = False):
    employer = employer_get(actor=request.user, pk=employer_id)
    revealed = (
        employer_contact_unmask(actor=request.user, employer=employer, request=request) if unmask else None
    )
    return _employer_out(employer, revealed=revealed)


@router.patch("/employers/{employer_id}", response={200: EmployerOut, **ERRORS}, summary="修改用工单位")
def update_employer(request, employer_id: PathId, payload: EmployerIn):
    employer = employer_get(actor=request.user, pk=employer_id)
    employer_update(actor=request.user, employer=employer, request=request, **_given(payload))
    return _employer_out(employer_get(actor=request.user, pk=employer_id))


@router.get("/vacancies", response={200: VacancyPageOut, **ERRORS}, summary="岗位列表（按权限范围）")
def list_vacancies(request, params: Query[VacancyListParams]):
    vacancies = vacancy_list(
        actor=request.user, status=params.status, occupation=params.occupation or "", q=params.q
    )
    return page_of(vacancies, params, _vacancy_out)


@router.post(
    "/vacancies", response={201: VacancyOut, **ERRORS}, summary="发布岗位（草稿；status=open 即发布）"
)
def create_vacancy(request, payload: VacancyCreateIn):
    employer = employer_get(actor=request.user, pk=payload.employer)
    data = _given(payload, exclude={"employer"})
    vacancy = vacancy_create(actor=request.user, employer=employer, request=request, **data)
    return Status(201, _vacancy_out(vacancy_get(actor=request.user, pk=vacancy.pk)))


@router.get("/vacancies/{vacancy_id}", response={200: VacancyOut, **ERRORS}, summary="岗位详情")
def get_vacancy(request, vacancy_id: PathId):
    return _vacancy_out(vacancy_get(actor=request.user, pk=vacancy_id))


@router.patch("/vacancies/{vacancy_id}", response={200: VacancyOut, **ERRORS}, summary="修改岗位或改变状态")
def update_vacancy(request, vacancy_id: PathId, payload: VacancyIn):
    vacancy = vacancy_get(actor=request.user, pk=vacancy_id)
    vacancy_update(actor=request.user, vacancy=vacancy, request=request, **_given(payload))
    return _vacancy_out(vacancy_get(actor=request.user, pk=vacancy_id))
