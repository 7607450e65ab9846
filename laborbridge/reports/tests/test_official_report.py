"""The official report is fit to hand in: Chinese names only, one signed page per table, the page's figures."""

import datetime
import io
import re
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from laborbridge.employers.services import base_recognise, vacancy_set_status
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.factories import (
    DIANBAI,
    JINXIU,
    TONGMU,
    TOUPAI,
    XINCHENG,
    backdate_registration,
    make_employer,
    make_vacancy,
    make_worker,
)
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, Context
from laborbridge.reports.selectors import HEADLINE, PLACES

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2024, 1, 1), D(2024, 10, 31)
Q = "region=451324&from=2024-01-01&to=2024-10-31"
SIGNATURES = ("填表人：", "审核人：", "负责人：", "填报日期：", "单位（盖章）：")


@pytest.fixture
def demo_like(users):
    """A small county in the demo's shape: two townships, every place class, a partner employer and a base."""
    j, east = users["jinxiu"], users["dianbai"]
    employer = make_employer(east, name="电白水产", provided_by=DIANBAI, provided_on=D(2024, 3, 1))
    vacancy = make_vacancy(east, employer, headcount=30, posted_on=D(2024, 4, 1))
    vacancy_set_status(actor=east, vacancy=vacancy, status="open", today=D(2024, 4, 1))
    workshop = make_employer(j, name="头排车间", region=JINXIU, kind="individual")
    base_recognise(actor=j, employer=workshop, kind="workshop", recognised_on=D(2023, 6, 1))
    people = [
        ("黄一", TONGMU, "alleviated", TONGMU, D(2024, 1, 10), None, ""),
        ("黄二", TONGMU, "ordinary", XINCHENG, D(2024, 5, 1), D(2024, 6, 1), ""),
        ("黄三", TOUPAI, "monitored", DIANBAI, D(2024, 2, 1), None, "电白水产"),
        ("黄四", TOUPAI, "alleviated", TOUPAI, D(2024, 3, 1), None, "头排车间"),
        ("黄五", TOUPAI, "ordinary", "330782", D(2024, 8, 1), None, ""),
        ("黄六", TONGMU, "ordinary", None, None, None, ""),  # registered, never employed
    ]
    for name, township, poverty, place, start, end, employer_name in people:
        worker = make_worker(j, name=name, township=township, poverty_status=poverty)
        if place:
            spell = employment_start(
                actor=j, worker=worker, place=place, start=start, employer_name=employer_name
            )
            if end:
                employment_end(actor=j, spell=spell, end=end)
    from laborbridge.workers.models import Worker

    backdate_registration(Worker.objects, datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC))
    return users


def workbook(client) -> dict[str, list[list]]:
    response = client.get(f"/reports/official/?{Q}&format=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}, response.content


def page_rows(page: str, sheet: str) -> list[list[str]]:
    """The text of each data row of one sheet of the print page."""
    section = page.split(f'data-testid="sheet-{sheet}"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr data-row="[^"]*">(.*?)</tr>', section, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)]
        for r in rows
    ]


def numbers(rows) -> list[list]:
    """Workbook rows from the header down to the last row with a number (the table itself)."""
    table = [r for r in rows if len(r) > 1 and any(isinstance(c, float) for c in r[1:])]
    return [[r[0]] + [int(c) for c in r[1:] if c != ""] for r in table]


def test_the_workbook_shows_the_same_figures_as_the_page_and_the_indicator_registry(client, demo_like):
    client.force_login(demo_like["jinxiu"])
    page = client.get(f"/reports/official/?{Q}").content.decode()
    sheets, _data = workbook(client)
    townships, figures = sheets["务工就业统计"], sheets["主要指标"]
    on_page = [[r[0]] + [int(v) for v in r[1:]] for r in page_rows(page, "townships")]
    assert numbers(townships) == on_page
    on_page_figures = [[r[0], int(r[1])] for r in page_rows(page, "figures")]
    assert numbers(figures) == on_page_figures
    ctx = Context(region=Region.objects.get(code="451324"), start=START, end=END)
    registry = [[REGISTRY[k].name, REGISTRY[k].count(ctx)] for k in HEADLINE + PLACES]
    assert on_page_figures == registry
    assert dict(registry[:2]) == {"实现务工就业": 5, "其中脱贫劳动力": 2}
    assert [v for _n, v in registry[-4:]] == [2, 1, 1, 1]  # every place class, adding up to 5
    total = next(r for r in numbers(townships) if r[0] == "合计")
    assert total == ["合计", 6, 5, 2] and REGISTRY["workers_registered"].count(ctx) == 6


def test_the_workbook_carries_chinese_names_only(client, demo_like):
    client.force_login(demo_like["jinxiu"])
    sheets, _data = workbook(client)
    text = [c for rows in sheets.values() for row in rows for c in row if isinstance(c, str)]
    assert not [t for t in text if re.search(r"[A-Za-z]", t)]
    assert "稳定就业（3个月以上）" in text and not any("employed" in t for t in text)


def test_every_sheet_has_the_signature_lines_and_a_seal_space_inside_its_one_printed_page(client, demo_like):
    client.force_login(demo_like["jinxiu"])
    sheets, data = workbook(client)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d)">[^<]*\$(\d+)</definedName>',
                       archive.read("xl/workbook.xml").decode())  # fmt: skip
    last_printed = {int(sheet): int(row) for sheet, row in names}
    for index, rows in enumerate(sheets.values()):
        cells = {c: number for number, row in enumerate(rows, start=1) for c in row if isinstance(c, str)}
        for label in SIGNATURES:
            row = next(n for text, n in cells.items() if text.startswith(label))
            assert row <= last_printed[index], label
        assert last_printed[index] >= max(cells.values())  # the seal space is printed too
        setup = archive.read(f"xl/worksheets/sheet{index + 1}.xml").decode()
        assert '<pageSetUpPr fitToPage="1"/>' in setup
        # fitToWidth and fitToHeight default to 1 (one page across, one page down) when left out
        assert 'paperSize="9"' in setup and not re.search(r'fitTo(Width|Height)="(?!1")', setup)


def test_the_print_page_keeps_each_table_with_its_signatures_and_seal(client, demo_like):
    client.force_login(demo_like["jinxiu"])
    page = client.get(f"/reports/official/?{Q}").content.decode()
    for sheet in ("townships", "figures"):
        section = page.split(f'data-testid="sheet-{sheet}"', 1)[1].split("</section>", 1)[0]
        for label in ("填表人", "审核人", "负责人", "填报日期", "单位（盖章）", "填报单位", "统计期"):
            assert label in section, (sheet, label)
    assert "onclick" not in page and "<style" not in page and "<script>" not in page
    assert "employed" not in page.split('data-testid="sheet-townships"', 1)[1]


def test_the_print_stylesheet_prints_one_page_per_table():
    from pathlib import Path

    css = (Path(__file__).parents[2] / "static" / "css" / "app.css").read_text()
    printing = css.split("@media print", 1)[1]
    assert ".report-sheet { page-break-inside: avoid; break-inside: avoid; }" in printing
    assert "page-break-before: always" in printing
