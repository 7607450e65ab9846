"""Benchmark the ledger import: a clean 100,000-row county ledger into an empty registry, then again.

    .venv/bin/python bench/ledger_import.py [--rows 100000] [--database-url URL] [--json]

Prints, from one run: the reference (reading the same file with python-calamine alone, in a fresh
process, best of three), the read in the capped child process the import uses, the first import (all
created) and the second (all unchanged), each with rows/s, its ratio to the reference, CPU time (this
process and its children: the reader and the second checking process) and the import's peak memory.
`--json` prints one JSON object (the benchmark protocol of the project brief) and logs to stderr.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
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


REFERENCE = """
import json, resource, sys, time
import python_calamine
started = time.perf_counter()
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
rows = [book.get_sheet_by_index(i).to_python(skip_empty_area=False) for i in range(len(book.sheet_names))]
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime}))
"""
IMPORT_TARGET = 20_000  # rows/s, first import (issue 16)
RATIO_TARGET = 0.30  # of the bare calamine read of the same file
MEMORY_TARGET = 500  # MB, peak of the importing process at 100,000 rows


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cpu_seconds() -> tuple[float, float]:
    """CPU time so far (user + system) of this process, and of its ended children (the reader, the checker)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measured(fn):
    """Run fn; return its value, wall seconds, and CPU seconds of this process and of its children."""
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    value = fn()
    wall = time.perf_counter() - started
    cpu_after = cpu_seconds()
    return value, wall, cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]


def reference_read(path: Path) -> tuple[float, float]:
    """The bare python-calamine read of the file in a fresh process, best of three: (wall s, CPU s)."""
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", REFERENCE, str(path)], capture_output=True, check=True, text=True
        )
        runs.append(json.loads(done.stdout))
    best = min(runs, key=lambda run: run["wall"])
    return best["wall"], best["cpu"]


def empty_registry(database_url: str) -> None:
    """Remove the county's workers and their spells left by an earlier run on PostgreSQL."""
    if not database_url:
        return  # a fresh SQLite file every run
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM employment_employment WHERE worker_id IN "
            "(SELECT id FROM workers_worker WHERE county_id = '451324')"
        )
        cursor.execute("DELETE FROM workers_worker WHERE county_id = '451324'")
        cursor.execute("ANALYZE workers_worker")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="print one JSON object; progress goes to stderr")
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
    from django.db import connection

    log("migrating and loading the divisions ...")
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0, stdout=sys.stderr)
    empty_registry(args.database_url)
    path = folder / f"ledger-{args.rows}-places.xlsx"
    if not path.exists():
        log(f"writing {path.name} ...")
        generate(path, args.rows)

    from laborbridge.core.spreadsheets import read_workbook
    from laborbridge.ledger.jobs import ledger_import_file

    rows = args.rows
    as_of = datetime.date(2024, 10, 31)
    log("reference: calamine alone, best of three ...")
    direct_s, direct_cpu = reference_read(path)
    log("reading in the capped child process ...")
    sheets, read_s, read_cpu, read_child_cpu = measured(lambda: read_workbook(path))
    del sheets
    log("first import ...")
    first, first_s, first_cpu, first_child_cpu = measured(
        lambda: ledger_import_file(path=path, county_code="451324", as_of=as_of)
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log("second import ...")
    second, second_s, second_cpu, second_child_cpu = measured(
        lambda: ledger_import_file(path=path, county_code="451324", as_of=as_of)
    )
    load = os.getloadavg()
    reference_rate = rows / direct_s

    def figure(name, value, unit, method, target=None, met=None):
        return {
            "name": name,
            "value": round(value, 3),
            "unit": unit,
            "method": method,
            "target": target,
            "target_met": met,
        }

    cpu_note = "CPU time by getrusage: this process, plus its children (the reader; the second checker)"
    figures = [
        figure(
            "read_calamine_reference",
            reference_rate,
            "rows/s",
            "python-calamine CalamineWorkbook.from_path + to_python of every sheet in a fresh process, best wall time of three",
        ),
        figure("read_calamine_reference_cpu", direct_cpu, "s", "CPU time of that best run, by getrusage"),
        figure(
            "read_capped_child",
            rows / read_s,
            "rows/s",
            "core.spreadsheets.read_workbook (capped child, pickled chunks), one run",
        ),
        figure("read_capped_child_cpu", read_cpu + read_child_cpu, "s", cpu_note),
        figure(
            "first_import",
            rows / first_s,
            "rows/s",
            "ledger_import_file into an empty registry, wall time of one run, reading and statistics refresh included",
            IMPORT_TARGET,
            rows / first_s >= IMPORT_TARGET,
        ),
        figure(
            "first_import_ratio_to_read",
            direct_s / first_s,
            "ratio",
            "wall time of the reference read divided by that of the first import, same run",
            RATIO_TARGET,
            direct_s / first_s >= RATIO_TARGET,
        ),
        figure(
            "first_import_cpu", first_cpu, "s", "CPU time of the importing process during the first import"
        ),
        figure(
            "first_import_children_cpu",
            first_child_cpu,
            "s",
            "CPU time of its children (reader, second checker)",
        ),
        figure(
            "first_import_peak_rss",
            peak_mb,
            "MB",
            "ru_maxrss of the importing process after the first import (the reference ran in its own process)",
            MEMORY_TARGET if rows == 100_000 else None,
            peak_mb < MEMORY_TARGET if rows == 100_000 else None,
        ),
        figure(
            "second_import",
            rows / second_s,
            "rows/s",
            "the same file again (every row unchanged), wall time of one run",
        ),
        figure(
            "second_import_ratio_to_read",
            direct_s / second_s,
            "ratio",
            "reference read wall time / second import wall time",
        ),
        figure(
            "second_import_cpu", second_cpu, "s", "CPU time of the importing process during the second import"
        ),
        figure(
            "second_import_children_cpu",
            second_child_cpu,
            "s",
            "CPU time of its children (reader, second checker)",
        ),
        figure("created", first.created, "count", "rows created by the first import"),
        figure("unchanged", second.unchanged, "count", "rows unchanged by the second import"),
        figure(
            "load_average_1min",
            load[0],
            "ratio",
            "os.getloadavg() at the end of the run, on a shared 2-core machine",
        ),
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "ledger_import",
                    "database": connection.vendor,
                    "size": {"rows": rows, "file_mb": round(path.stat().st_size / 1e6, 1)},
                    "figures": figures,
                },
                ensure_ascii=False,
            )
        )
        return
    print(
        f"database: {connection.vendor}, ledger: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'step':44} {'wall s':>7} {'rows/s':>8} {'÷ read':>7} {'CPU s':>6} {'+child':>6}")
    lines = [
        ("read: calamine alone (reference)", direct_s, direct_cpu, 0.0),
        ("read: capped child process", read_s, read_cpu, read_child_cpu),
        (f"import into empty registry ({first.created:,} created)", first_s, first_cpu, first_child_cpu),
        (f"import again ({second.unchanged:,} unchanged)", second_s, second_cpu, second_child_cpu),
    ]
    for label, wall, own, child in lines:
        print(f"{label:44} {wall:7.2f} {rows / wall:8,.0f} {direct_s / wall:7.2f} {own:6.2f} {child:6.2f}")
    print(f"peak memory of the importing process {peak_mb:,.0f} MB")
    print(
        f"targets: first import {IMPORT_TARGET:,} rows/s and {RATIO_TARGET} of the read; under {MEMORY_TARGET} MB"
    )


if __name__ == "__main__":
    main()
