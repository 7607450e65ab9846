"""Benchmark the ledger import: a clean 100,000-row county ledger into an empty SQLite registry, then again.

    .venv/bin/python bench/ledger_import.py [--rows 100000] [--database-url URL]

Prints rows/s for the first import (all created), the second (all unchanged) and, as the
reference in the same run, for merely reading the file with python-calamine; and peak memory.
"""

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HEADER = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "民族",
    "文化程度",
    "联系电话",
    "乡(镇)",
    "行政村",
    "是否脱贫劳动力",
    "就业状态",
    "就业地点",
    "就业单位",
    "月收入(元)",
    "务工时间",
]


# 务工地点 as clerks write it: class words and places at every level (each distinct text is read once).
PLACES = [
    "县内",
    "区内县外",
    "广东省",
    "其他省份",
    "广东省茂名市电白区",
    "茂名市茂南区",
    "深圳市宝安区",
    "广州",
    "佛山市南海区",
    "南宁市",
    "桂林",
    "桐木镇",
    "头排镇",
    "浙江义乌",
]


def generate(path: Path, rows: int) -> None:
    """A clean ledger of 金秀: unique IDs, real townships and villages, about 60% employed, places as clerks write them."""
    from laborbridge.core import idnumber
    from laborbridge.demo import data
    from laborbridge.regions.models import Region

    rng = random.Random(11)
    villages: dict[str, list[str]] = {}
    for name, parent in Region.objects.filter(code__startswith="451324", level="village").values_list(
        "name", "parent_id"
    ):
        villages.setdefault(parent, []).append(name)
    names = dict(Region.objects.filter(parent_id="451324").values_list("code", "name"))
    townships = list(data.TOWNSHIP_WEIGHTS)
    surnames = [s for s, _ in data.SURNAMES]
    given = data.GIVEN_MALE + data.GIVEN_FEMALE
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("台账")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(0, 0, "金秀瑶族自治县农村劳动力务工就业台账（2024年10月）")
    sheet.write_row(1, 0, HEADER)
    for index in range(rows):
        birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=index // 1000)
        order = index % 1000
        body = f"451324{birth:%Y%m%d}{order:03d}"
        township = rng.choice(townships)
        employed = rng.random() < 0.6
        place = rng.choice(PLACES)
        values = [
            index + 1,
            rng.choice(surnames) + rng.choice(given) + rng.choice(given),
            "男" if order % 2 else "女",
            body + idnumber.check_digit(body),
            rng.choice(["瑶族", "壮族", "汉族"]),
            rng.choice(["初中", "高中", "小学"]),
            f"13{rng.randrange(10**9):09d}",
            names[township],
            rng.choice(villages.get(township, [""])),
            rng.choice(["是", "否"]),
            "已就业" if employed else "未就业",
            place if employed else "",
            rng.choice(["电白水产厂", "茂南服装厂", "桐木茶厂", ""]) if employed else "",
            rng.randrange(2500, 6000, 100) if employed else "",
            None,
        ]
        r = index + 2
        for c, value in enumerate(values):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
        if employed:
            sheet.write_datetime(r, 14, datetime.date(2024, rng.randint(1, 10), 1), date_format)
    book.close()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "import.sqlite3"
    for leftover in folder.glob("import.sqlite3*"):
        leftover.unlink()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    if args.database_url:
        from laborbridge.workers.models import Worker

        Worker.objects.filter(county_id="451324").delete()
    path = folder / f"ledger-{args.rows}-places.xlsx"
    if not path.exists():
        generate(path, args.rows)

    from laborbridge.core.spreadsheets import read_workbook
    from laborbridge.ledger.jobs import ledger_import_file

    def timed(fn):
        started = time.perf_counter()
        value = fn()
        return value, time.perf_counter() - started

    def read_in_process():
        # What reading cost before the child process: calamine alone, no limits, no pickling.
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return [
            book.get_sheet_by_index(i).to_python(skip_empty_area=False) for i in range(len(book.sheet_names))
        ]

    sheets, direct_s = timed(read_in_process)
    sheets, read_s = timed(lambda: read_workbook(path))
    del sheets
    as_of = datetime.date(2024, 10, 31)
    first, first_s = timed(lambda: ledger_import_file(path=path, county_code="451324", as_of=as_of))
    second, second_s = timed(lambda: ledger_import_file(path=path, county_code="451324", as_of=as_of))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = args.rows
    print(
        f"database: {os.environ['DATABASE_URL'].split('://')[0]}, ledger: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB"
    )
    print(f"{'step':42} {'seconds':>8} {'rows/s':>10}")
    print(f"{'read only, in a capped child process':42} {read_s:8.2f} {rows / read_s:10,.0f}")
    print(f"{'read only, calamine in-process (reference)':42} {direct_s:8.2f} {rows / direct_s:10,.0f}")
    print(
        f"{'import into empty registry':42} {first_s:8.2f} {rows / first_s:10,.0f}   "
        f"created {first.created:,}, rejected {first.rejected:,}"
    )
    print(
        f"{'import again (all unchanged)':42} {second_s:8.2f} {rows / second_s:10,.0f}   "
        f"unchanged {second.unchanged:,}, updated {second.updated:,}"
    )
    print(
        f"import / read: {read_s / first_s:.0%} (first), {read_s / second_s:.0%} (again); peak memory {peak_mb:,.0f} MB"
    )


if __name__ == "__main__":
    main()
