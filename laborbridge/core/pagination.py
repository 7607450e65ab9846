"""Pages of long lists without OFFSET: a cursor on the id, and a count that stops at a cap."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

PAGE_SIZE = 50
COUNT_CAP = 10_000


@dataclass
class Page:
    items: list
    count: int
    count_capped: bool
    next_before: int | None
    prev_after: int | None


def keyset_page(
    qs: QuerySet, *, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> Page:
    """Keyset pagination on id, newest first (stays fast at a million rows); the total is counted up to a cap."""
    if after is not None:
        items = list(qs.filter(id__gt=after).order_by("id")[: size + 1])
        has_newer = len(items) > size
        items = list(reversed(items[:size]))
        has_older = qs.filter(id__lt=items[-1].id).exists() if items else False
    else:
        window = qs.filter(id__lt=before) if before is not None else qs
        items = list(window[: size + 1])
        has_older = len(items) > size
        items = items[:size]
        has_newer = before is not None and bool(items) and qs.filter(id__gt=items[0].id).exists()
    count = qs.order_by()[: COUNT_CAP + 1].count()
    return Page(
        items=items,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
        next_before=items[-1].id if has_older and items else None,
        prev_after=items[0].id if has_newer and items else None,
    )


def cursor(value) -> int | None:
    """A ?before= or ?after= cursor from the query string; anything but a whole number is ignored."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def page_from_request(qs: QuerySet, request, *, size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The page the request asks for, and the rest of its query string for the pager's links."""
    page = keyset_page(
        qs, before=cursor(request.GET.get("before")), after=cursor(request.GET.get("after")), size=size
    )
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    return page, query.urlencode()


@dataclass
class SortedPage:
    """A page of a list read forward in (field, id) order; `next_from` is the cursor of the next page."""

    items: list
    count: int
    count_capped: bool
    next_from: str | None
    first: bool


def sorted_page(qs: QuerySet, *, field: str, start: str | None = None, size: int = PAGE_SIZE) -> SortedPage:
    """Keyset pagination on a date field then id, ascending, forward only (a task list read from the top).

    `start` is a cursor "YYYY-MM-DD~id" from a previous page; anything else starts at the top.
    """
    ordered = qs.order_by(field, "id")
    window, first = ordered, True
    try:
        day, pk = (start or "").split("~")
        key = (datetime.date.fromisoformat(day), int(pk))
    except ValueError:
        key = None
    if key is not None:
        window = ordered.filter(Q(**{f"{field}__gt": key[0]}) | Q(**{field: key[0], "id__gt": key[1]}))
        first = False
    items = list(window[: size + 1])
    more = len(items) > size
    items = items[:size]
    count = qs.order_by()[: COUNT_CAP + 1].count()
    last = items[-1] if items else None
    return SortedPage(
        items=items,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
        next_from=f"{getattr(last, field).isoformat()}~{last.id}" if more and last else None,
        first=first,
    )


def sorted_page_from_request(qs: QuerySet, request, *, field: str, size: int = PAGE_SIZE):
    """The page the request's ?from= asks for, and the rest of its query string for the pager's links."""
    page = sorted_page(qs, field=field, start=request.GET.get("from"), size=size)
    query = request.GET.copy()
    query.pop("from", None)
    return page, query.urlencode()
