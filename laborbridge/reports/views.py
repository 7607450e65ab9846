import datetime
import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.pagination import page_from_request
from laborbridge.core.replica import reads_from_replica
from laborbridge.core.spreadsheets import XLSX_TYPE, attachment, escape_cell
from laborbridge.reports.exporting import official_workbook
from laborbridge.reports.indicators import REGISTRY, compute, period_problem
from laborbridge.reports.periods import reporting_today
from laborbridge.reports.selectors import (
    EMPLOYER_COLUMNS,
    OFFICIAL_COLUMNS,
    PAIRING_KEYS,
    PLACES,
    drill_records,
    employer_table,
    headline_keys,
    monthly_employed,
    official_report,
    pairing_table,
    poverty_split,
    receiving_region,
    report_context,
    report_regions,
    township_table,
    where_they_work,
    year_with_data,
)


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = reporting_today()
    try:
        start = datetime.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    start, end = (start, end) if start <= end else (end, start)
    if problem := period_problem(start, end):
        messages.error(request, problem)  # shown on the page, which falls back to this year
        return today.replace(month=1, day=1), today
    return start, end


def _context(request):
    start, end = _period(request)
    return report_context(actor=request.user, region=request.GET.get("region", ""), start=start, end=end)


def _query(ctx) -> str:
    return f"region={ctx.region.code}&from={ctx.start}&to={ctx.end}"


def _empty_hint(ctx, keys) -> dict:
    """For a period without any figure: the latest recent year that has some, to offer instead."""
    year = year_with_data(ctx, keys)
    if year is None:
        return {}
    return {"year": year, "query": f"region={ctx.region.code}&from={year}-01-01&to={year}-12-31"}


@login_required
@require_GET
@reads_from_replica
def dashboard_view(request):
    ctx = _context(request)
    receiving = receiving_region(ctx)
    headline = headline_keys(ctx)
    # A receiving district's page has no charts of its own workers: they are not read.
    keys = headline if receiving else list(dict.fromkeys(headline + PLACES))
    figures = compute(ctx, keys)
    months = [] if receiving else monthly_employed(ctx)
    chart = {
        "months": [m for m, _e, _a in months],
        "employed": [e for _m, e, _a in months],
        "alleviated": [a for _m, _e, a in months],
        "places": [{"name": REGISTRY[k].name, "value": figures[k]} for k in PLACES if k in figures],
        "provinces": {} if receiving else where_they_work(ctx),
    }
    # An all-zero series drawn as a chart looks like data (a donut of four equal slices): such a chart is
    # not drawn, and the page says 暂无数据 instead.
    has = {
        "trend": any(chart["employed"]),
        "places": any(figures.get(k) for k in PLACES),
        "map": any(chart["provinces"].values()),
    }
    poverty = {} if receiving else poverty_split(ctx)
    no_figures = not any(figures.values())
    return render(
        request,
        "reports/dashboard.html",
        {
            "ctx": ctx,
            "query": _query(ctx),
            "regions": report_regions(actor=request.user),
            "receiving": receiving,
            "headline": [(REGISTRY[k], figures[k]) for k in headline],
            "places": [(REGISTRY[k], figures[k]) for k in PLACES if k in figures],
            "poverty": poverty if any(poverty.values()) else {},
            "townships": [] if receiving or no_figures else township_table(ctx),
            "employers": employer_table(ctx) if receiving and not no_figures else [],
            "employer_columns": EMPLOYER_COLUMNS,
            "chart": chart,
            "has": has,
            "no_figures": no_figures,
            "empty_hint": _empty_hint(ctx, headline) if no_figures else None,
            # 协作方提供岗位 counts the vacancies posted in the period: when none were, say which year had some.
            "vacancy_hint": _empty_hint(ctx, ["vacancies_provided"])
            if not no_figures and "positions_provided" in figures and not figures["positions_provided"]
            else None,
            "indicators": REGISTRY.values(),
            "pairing_keys": [REGISTRY[k] for k in PAIRING_KEYS],
            "pairing": pairing_table(actor=request.user, start=ctx.start, end=ctx.end),
        },
    )


@login_required
@require_GET
@reads_from_replica
def drill_view(request, key):
    if key not in REGISTRY:
        raise Http404
    ctx = _context(request)
    item = REGISTRY[key]
    records = drill_records(actor=request.user, ctx=ctx, key=key)
    if request.GET.get("format") == "xlsx":
        return _drill_workbook(request, item, ctx, records)
    page, query = page_from_request(records, request)
    return render(
        request,
        "reports/drill.html",
        {
            "item": item,
            "ctx": ctx,
            "page": page,
            "query": query,
            "base_query": _query(ctx),
            "count": item.count(ctx),
        },
    )


def _drill_workbook(request, item, ctx, records) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(item.name[:31])
    sheet.write_row(0, 0, [f"{ctx.region.name} {item.name}（{ctx.start} 至 {ctx.end}）"])
    if item.subject == "workers":
        header = [_("姓名"), _("公民身份号码"), _("性别"), _("乡镇（街道）"), _("村（社区）"), _("脱贫属性")]
        rows = [
            [
                w.name,
                w.id_number_masked,
                w.get_sex_display(),
                w.township.name,
                (w.village.name if w.village_id else "") if w.in_registry else "—",
                w.get_poverty_status_display() if w.in_registry else "—",
            ]
            for w in records.iterator()
        ]
    else:
        header = [_("名称"), _("说明")]
        rows = [[str(r), ""] for r in records.iterator()]
    sheet.write_row(1, 0, header)
    for index, row in enumerate(rows, start=2):
        sheet.write_row(index, 0, [escape_cell(v) for v in row])
    book.close()
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        request=request,
        region_code=ctx.region.code,
        details={"indicator": item.key, "rows": len(rows), "from": str(ctx.start), "to": str(ctx.end)},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(item.name + ".xlsx")
    return response


@login_required
@require_GET
@reads_from_replica
def official_view(request):
    ctx = _context(request)
    report = official_report(ctx)
    if request.GET.get("format") == "xlsx":
        data = official_workbook(report)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            request=request,
            region_code=ctx.region.code,
            details={"report": "official", "from": str(ctx.start), "to": str(ctx.end)},
        )
        response = HttpResponse(data, content_type=XLSX_TYPE)
        name = f"{ctx.region.name}务工就业统计表-{ctx.start}-{ctx.end}.xlsx"
        response["Content-Disposition"] = attachment(name)
        return response
    return render(
        request,
        "reports/official.html",
        {
            "report": report,
            "ctx": ctx,
            "columns": OFFICIAL_COLUMNS,
            "employer_columns": EMPLOYER_COLUMNS,
            "query": _query(ctx),
            "empty_hint": _empty_hint(ctx, [item.key for item, _v in report.figures])
            if report.empty
            else None,
        },
    )
