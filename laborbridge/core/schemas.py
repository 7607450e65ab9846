"""What the API's operations share: the error body, input that is checked before any query, pages of a list."""

from collections.abc import Callable
from typing import Annotated

from django.db.models import QuerySet
from ninja import Field, Path, Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator

from laborbridge.core.pagination import PAGE_SIZE, keyset_page

MAX_ID = 2**63 - 1  # the largest id a BigAutoField (and both databases) can hold
MAX_PAGE = 200

# An object's id in a path, a query or a body: a larger number cannot name a row and must not reach the database.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(..., ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class Input(Schema):
    """Input of an operation: a JSON object (ninja's Schema would read anything's attributes, a list's too),
    whose text holds no NUL character (PostgreSQL can neither store nor compare one)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        if not isinstance(data._obj if isinstance(data, DjangoGetter) else data, dict):
            raise ValueError("not a JSON object")
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL character")
        return value


class PageParams(Input):
    before: Id | None = Field(None, description="上一页返回的 next_before，取更早的一页")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE, description="每页条数，1–200")


class PageOut(Schema):
    count: int = Field(description="符合条件的总数（超过10000时为10000，count_capped 为真）")
    count_capped: bool
    next_before: int | None = Field(description="下一页的游标；为空表示没有更多")


def page_of(qs: QuerySet, params: PageParams, out: Callable) -> dict:
    """One page of a list, newest first by id, with the total and the cursor of the next page."""
    page = keyset_page(qs.order_by("-id"), before=params.before, size=params.limit)
    return {
        "items": [out(item) for item in page.items],
        "count": page.count,
        "count_capped": page.count_capped,
        "next_before": page.next_before,
    }
