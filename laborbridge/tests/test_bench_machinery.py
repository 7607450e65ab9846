"""The benchmark machinery (bench/run.py, bench/report.py, bench/province.py) on canned data and tiny scripts,
so that `make bench` cannot rot between the runs that measure. No figure is asserted: only the plumbing."""

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

from laborbridge.core import idnumber

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run, report, province = load("run"), load("report"), load("province")


def figure(name, value, unit="ms", target=None):
    met = None if target is None else value <= target
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "method": f"how {name}",
        "target": target,
        "target_met": met,
    }


DOCUMENT = {
    "preset": "quick",
    "date": "2026-11-27T11:00:00+00:00",
    "git": {"commit": "0123456789abcdef", "dirty": False},
    "machine": {"cores": 2, "ram_gb": 24.0, "cpu": "AMD EPYC", "python": "3.11.7", "sqlite": "3.40.1",
                "postgresql": "15.20"},
    "load_average": {"start": [1.0, 1.5, 2.0], "end": [2.0, 2.5, 3.0]},
    "duration_seconds": 100.0,
    "results": [
        {"bench": "worker_list", "database": "sqlite", "size": {"workers": 20000},
         "figures": [figure("list: first page, median", 3.0), figure("list: first page, p95", 4.0, target=50)],
         "wall_seconds": 1.0, "cpu_seconds": 0.9},
        {"bench": "worker_list", "database": "postgresql", "size": {"workers": 20000},
         "figures": [figure("list: first page, median", 60.0), figure("list: first page, p95", 70.0, target=50)],
         "wall_seconds": 2.0, "cpu_seconds": 1.0},
        {"bench": "indicators", "database": "sqlite", "error": "does not support --json yet: figures as printed in text",
         "text": ["all 44 indicators   0.53"], "wall_seconds": 3.0, "cpu_seconds": 2.0},
        {"bench": "bench_plan_trips", "database": None, "size": {"signups": 600},
         "figures": [figure("buses, this plan", 17, "count", target=17)], "wall_seconds": 1.0, "cpu_seconds": 1.0},
    ],
}  # fmt: skip

PAGE = textwrap.dedent("""\
    # Performance

    Prose that stays, naming a marker in passing: `<!-- bench:begin worker_list -->`.

    <!-- bench:begin run -->
    old run
    <!-- bench:end run -->

    ## List

    <!-- bench:begin worker_list -->
    old table
    <!-- bench:end worker_list -->

    More prose that stays.

    <!-- bench:begin indicators -->
    <!-- bench:end indicators -->

    <!-- bench:begin ledger_import -->
    <!-- bench:end ledger_import -->
    """)


def test_the_report_rewrites_only_what_lies_between_the_markers():
    page, _unplaced = report.render(DOCUMENT, PAGE)
    assert "old run" not in page and "old table" not in page
    assert "Prose that stays, naming a marker in passing" in page
    assert "More prose that stays." in page
    assert page.startswith("# Performance\n")


def test_the_report_puts_a_median_beside_its_p95_and_marks_a_missed_target():
    page, _unplaced = report.render(DOCUMENT, PAGE)
    assert "| list: first page (median / p95) | 3.00 / 4.00 | 60.00 / **70.00** ✗ | ms | 50 | [1] |" in page


def test_the_report_names_the_machine_the_load_and_the_commit():
    page, _unplaced = report.render(DOCUMENT, PAGE)
    assert "2 cores, 24.0 GB, AMD EPYC" in page
    assert "at the start 1.0, 1.5, 2.0, at the end 2.0, 2.5, 3.0" in page
    assert "`0123456789`" in page


def test_the_report_keeps_the_printed_figures_of_a_script_without_json_and_says_what_was_not_measured():
    page, _unplaced = report.render(DOCUMENT, PAGE)
    assert "Not measured on SQLite: does not support --json yet" in page
    assert "all 44 indicators   0.53" in page
    assert "Not measured in the run of 2026-11-27T11:00:00+00:00 (preset quick)." in page  # ledger_import


def test_the_report_names_a_script_that_has_no_place_in_the_page():
    _page, unplaced = report.render(DOCUMENT, PAGE)
    assert unplaced == ["bench_plan_trips"]


def test_a_second_report_of_the_same_run_changes_nothing():
    once, _ = report.render(DOCUMENT, PAGE)
    twice, _ = report.render(DOCUMENT, once)
    assert twice == once


def test_a_marker_without_its_end_is_refused():
    with pytest.raises(ValueError, match="has no"):
        report.render(DOCUMENT, "<!-- bench:begin run -->\nno end\n")


def script(tmp_path, body: str) -> Path:
    path = tmp_path / "fake_bench.py"
    path.write_text("import argparse, json, sys\n" + textwrap.dedent(body))
    return path


def test_the_runner_collects_a_scripts_json_and_its_time(tmp_path):
    path = script(
        tmp_path,
        """\
        parser = argparse.ArgumentParser()
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--rows", type=int)
        args = parser.parse_args()
        print("progress", file=sys.stderr)
        print(json.dumps({"bench": "fake", "database": "sqlite", "size": {"rows": args.rows},
                          "figures": [{"name": "speed", "value": 1, "unit": "rows/s", "method": "m",
                                       "target": None, "target_met": None}]}))
        """,
    )
    result = run.run_script("fake", ["--rows", "7"], 60, script=path)
    assert result["size"] == {"rows": 7}
    assert result["figures"][0]["name"] == "speed"
    assert result["wall_seconds"] >= 0 and result["cpu_seconds"] >= 0


def test_the_runner_runs_a_script_without_json_again_and_keeps_what_it_printed(tmp_path):
    path = script(
        tmp_path,
        """\
        parser = argparse.ArgumentParser()
        parser.add_argument("--rows", type=int)
        parser.parse_args()
        print("import   12,345 rows/s")
        """,
    )
    result = run.run_script("fake", ["--rows", "7"], 60, script=path)
    assert result["error"] == "does not support --json yet: figures as printed in text"
    assert result["text"] == ["import   12,345 rows/s"]


def test_the_runner_records_a_failing_script_and_goes_on(tmp_path):
    path = script(
        tmp_path,
        """\
        raise SystemExit("the database is not there")
        """,
    )
    result = run.run_script("fake", [], 60, script=path)
    assert result["error"] == "exit 1: the database is not there"
    assert "figures" not in result


def test_both_presets_name_every_script_with_its_sizes():
    for preset in run.PRESETS.values():
        names = [bench["name"] for bench in run.benches(preset)]
        assert names[0] == "province"
        assert {"worker_list", "indicators", "ledger_import", "bench_matching", "bench_plan_trips"} <= set(
            names
        )
        assert all((ROOT / "bench" / f"{name}.py").exists() for name in names)


def test_the_machine_is_described_for_the_document():
    described = run.machine("15.20")
    assert described["cores"] >= 1 and described["python"] and described["sqlite"]
    assert described["postgresql"] == "15.20"
    json.dumps(described)


def test_the_full_province_has_the_issues_sizes_and_a_small_one_scales_down():
    full = province.Size.for_workers(1_000_000)
    assert (full.workers, full.spells, full.employers, full.vacancies) == (
        1_000_000,
        1_000_000,
        50_000,
        200_000,
    )
    small = province.Size.for_workers(20_000)
    assert (small.employers, small.vacancies, small.spells) == (1_000, 4_000, 20_000)


def test_the_provinces_id_numbers_are_valid_and_never_repeat():
    indexes = [*range(0, 40_000), *range(999_000, 1_001_000), 15_999_999]
    numbers = [province.id_number(i) for i in indexes]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[::997]:
        assert idnumber.parse(number).number == number


def test_the_report_says_when_a_run_stopped_before_its_end():
    page, _unplaced = report.render(DOCUMENT | {"complete": False, "cpu_seconds": 120.0}, PAGE)
    assert "2.0 minutes of CPU time" in page
    assert "**incomplete**" in page


def test_the_runner_writes_the_document_after_each_script(tmp_path, monkeypatch):
    calls = []

    def fake_script(name, args, timeout, script=None):
        calls.append(name)
        return {"bench": name, "figures": [], "wall_seconds": 1.0, "cpu_seconds": 0.5}

    monkeypatch.setattr(run, "run_script", fake_script)
    monkeypatch.setattr(run, "ROOT", tmp_path)
    out = tmp_path / "run.json"
    document = run.run("quick", only=["bench_plan_trips", "province"], postgres=None, keep=False, out=out)
    assert calls == ["province", "bench_plan_trips"]
    assert document["complete"] is True and document["cpu_seconds"] == 1.0
    assert json.loads(out.read_text())["results"] == document["results"]
