import datetime

from ninja import Field, Schema

from laborbridge.core.schemas import ErrorOut, Input, PageOut

__all__ = ["ErrorOut", "SpellOut", "WorkerDetailOut", "WorkerIn", "WorkerOut", "WorkerPageOut"]


class WorkerIn(Input):
    """Fields to register or change a worker; all text, checked by the registry's own validation."""

    id_number: str | None = None
    name: str | None = None
    sex: str | None = None
    phone: str | None = None
    township: str | None = None
    village: str | None = None
    poverty_status: str | None = None
    education: str | None = None
    ethnicity: str | None = None
    skills: str | None = None
    notes: str | None = None
    # Job preferences (求职意愿), for matching
    wanted_occupations: list[str] | None = Field(None, description="期望工种：工种名称或编号")
    wanted_place_classes: list[str] | None = Field(
        None, description="期望务工地域：in_county、in_province、partner_province、other_province"
    )
    wanted_regions: list[str] | None = Field(None, description="期望就业地区：省、市或县（区）代码")
    wanted_pay: int | None = Field(None, description="期望月薪不低于（元）")
    needs_lodging: bool | None = None
    available_from: datetime.date | None = None


class SpellOut(Schema):
    id: int
    employer_name: str
    place: str | None
    place_name: str | None
    place_class: str
    start: datetime.date
    end: datetime.date | None
    monthly_income: int | None
    channel: str
    source: str


class WorkerOut(Schema):
    id: int
    name: str
    id_number: str
    sex: str
    age: int = Field(description="周岁（不显示出生日期：它与脱敏的证件号合起来可还原完整号码）")
    birth_year: int
    birth_date: datetime.date | None = Field(description="仅在 unmask=true 且有权查看完整号码时给出")
    phone: str
    township: str
    township_name: str
    village: str | None
    village_name: str | None
    poverty_status: str
    education: str
    ethnicity: str
    skills: str
    notes: str
    employed: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PreferenceOut(Schema):
    wanted_occupations: list[str]
    wanted_place_classes: list[str]
    wanted_regions: list[str]
    wanted_pay: int | None
    needs_lodging: bool
    available_from: datetime.date | None


class WorkerDetailOut(WorkerOut):
    employments: list[SpellOut]
    preferences: PreferenceOut


class WorkerPageOut(PageOut):
    items: list[WorkerOut]
