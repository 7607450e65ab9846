"""Run every benchmark in bench/ on SQLite and PostgreSQL and print one JSON document.

    .venv/bin/python bench/run.py --preset quick|full [--out FILE] [--only NAME ...] [--no-postgresql] [--keep]

For each database: a fresh synthetic province (`bench/province.py`: an empty SQLite file under var/bench/,
or a new PostgreSQL database), then the scripts that read it, then the ledger import into an empty database
of its own; the scripts that need no database (matching, bus planning) run once. Each script runs as a
subprocess with `--json`; one that fails is recorded as {"error": ...} and the run goes on (one that does
not know --json yet is run again without it, for its time and printed figures).

The protocol every bench/ script speaks: `--json` prints ONE JSON object on stdout, progress goes to stderr:
    {"bench": "<script name>", "database": "sqlite" | "postgresql" | null, "size": {...},
     "figures": [{"name": ..., "value": <number>, "unit": "s" | "ms" | "rows/s" | "pairs/s" | "MB" | "count"
                  | "ratio", "method": "<one sentence how measured>", "target": <number or null>,
                  "target_met": <bool or null>}]}
and `--database-url URL` selects PostgreSQL (default: SQLite under var/bench/). The document holds the machine (cores, RAM, CPU, Python, SQLite and PostgreSQL versions), the load
average at start and end, the git commit, the date, and each script's wall and CPU time (the CPU time is the
better figure on a loaded machine).

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server and a
database to connect to for CREATE/DROP DATABASE; the run's databases are dropped at the end unless --keep.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable

# The sizes of a run, in one place. "full" is the province; "quick" runs in a few minutes.
PRESETS = {
    "full": {
        "workers": 1_000_000,  # and as many spells; employers, vacancies ... scale with it (province.Size)
        "list_repeat": 30,
        "indicator_repeat": 3,
        "ledger_rows": 100_000,
        "matching": ["--workers", "100000", "--vacancies", "10000", "--repeat", "1"],
        "planning": ["--signups", "10000", "--days", "10", "--destinations", "40", "--seconds-per-day", "2"],
        "timeout": 1200,
    },
    "quick": {
        "workers": 20_000,
        "list_repeat": 10,
        "indicator_repeat": 1,
        "ledger_rows": 5_000,
        "matching": ["--workers", "1000", "--vacancies", "1000", "--dense-workers", "200", "--pure", "5"],
        "planning": ["--signups", "600", "--days", "3", "--destinations", "10", "--seconds-per-day", "0.3"],
        "timeout": 300,
    },
}


def benches(preset: dict) -> list[dict]:
    """The scripts: `db` "province" reads the province, "empty" gets an empty database, None needs none."""
    workers = str(preset["workers"])
    return [
        {"name": "province", "db": "province", "args": ["--workers", workers]},
        {"name": "worker_list", "db": "province", "args": ["--workers", workers, "--repeat", str(preset["list_repeat"])]},
        {"name": "indicators", "db": "province", "args": ["--workers", workers, "--repeat", str(preset["indicator_repeat"])]},
        {"name": "ledger_import", "db": "empty", "args": ["--rows", str(preset["ledger_rows"])]},
        {"name": "bench_matching", "db": None, "args": preset["matching"]},
        {"name": "bench_plan_trips", "db": None, "args": preset["planning"]},
    ]  # fmt: skip


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- machine ---------------------------------------------------------------------------------------------


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine(postgres_version: str) -> dict:
    memory_kb = _first("/proc/meminfo", "MemTotal").split()
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(int(memory_kb[0]) / 1024 / 1024, 1) if memory_kb else None,
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version,
    }


# --- PostgreSQL ------------------------------------------------------------------------------------------


class Postgres:
    """CREATE and DROP the run's databases through the server's maintenance database."""

    def __init__(self, url: str):
        self.url = url

    def _run(self, sql: str, params=()):
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchone() if cursor.description else None

    def version(self) -> str:
        try:
            return self._run("SHOW server_version")[0]
        except Exception as error:
            log(f"PostgreSQL not reachable ({error}); SQLite only")
            return ""

    def url_of(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def create(self, name: str, *, fresh: bool = True) -> str:
        """A new empty database (or, not fresh, the one there is)."""
        if fresh:
            self.drop(name)
        if fresh or not self._run("SELECT 1 FROM pg_database WHERE datname = %s", [name]):
            self._run(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def drop(self, name: str) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- running one script ----------------------------------------------------------------------------------


def _execute(command: list[str], timeout: int) -> tuple[str, str, int, float, float]:
    """stdout, stderr, exit code, wall and CPU seconds of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        # A benchmark is a development run: its secrets live in var/ unless the environment gives them.
        env = {**os.environ, "LOCAL_SECRETS": os.environ.get("LOCAL_SECRETS", "1")}
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
        output, errors, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as expired:
        errors = expired.stderr.decode() if isinstance(expired.stderr, bytes) else expired.stderr or ""
        output, errors, code = "", f"{errors}\ntimed out after {timeout} s", -1
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return output, errors, code, wall, cpu


def run_script(name: str, args: list[str], timeout: int, script: Path | None = None) -> dict:
    """Run bench/<name>.py --json: its JSON object, or {"error": ...}; with its wall and CPU seconds.

    A script that does not know --json yet is run again without it, so that its time and its printed
    figures are kept (as "text") until it speaks the protocol.
    """
    command = [PYTHON, str(script or BENCH / f"{name}.py"), "--json", *args]
    log("running " + shlex.join(command[1:]))
    output, errors, code, wall, cpu = _execute(command, timeout)
    result: dict | None = None
    if code == 0 and output.strip():
        try:
            result = json.loads(output.strip().splitlines()[-1])
        except ValueError:
            result = None
    if isinstance(result, dict) and "figures" in result:
        result = dict(result, bench=name)  # named by its script, as the report's markers are
    elif code == 2 and "unrecognized arguments: --json" in errors:
        log(f"{name}: no --json yet; running it without, for its time and printed figures")
        output, errors, code, wall, cpu = _execute([c for c in command if c != "--json"], timeout)
        result = {"bench": name, "error": "does not support --json yet: figures as printed in text"}
        result["text"] = output.strip().splitlines()[-40:]
        if code:
            result["error"] = f"does not support --json yet, and failed without it (exit {code}): " + _last(
                errors
            )
    else:
        reason = (
            f"exit {code}: {_last(errors)}"
            if code
            else "no JSON object with figures on the last line of stdout"
        )
        result = {"bench": name, "error": reason}
    if "error" in result:
        log(f"{name}: {result['error']}")
    result["wall_seconds"] = round(wall, 2)
    result["cpu_seconds"] = round(cpu, 2)
    log(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    return result


def _last(errors: str) -> str:
    lines = [line.strip() for line in (errors or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(nothing on stderr)"


def run(
    preset_name: str, *, only: list[str], postgres: Postgres | None, keep: bool, out: Path | None = None
) -> dict:
    """Run the preset; the document so far is written to `out` after each script ("complete": false until the end)."""
    preset = PRESETS[preset_name]
    started = time.perf_counter()
    version = postgres.version() if postgres else ""
    chosen = [b for b in benches(preset) if not only or b["name"] in only]
    results: list[dict] = []
    document = {
        "preset": preset_name,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": {
            "commit": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        },
        "machine": machine(version),
        "load_average": {"start": [round(x, 2) for x in os.getloadavg()], "end": None},
        "duration_seconds": None,
        "cpu_seconds": None,
        "complete": False,
        "results": results,
    }

    def record(result: dict) -> None:
        results.append(result)
        document["load_average"]["end"] = [round(x, 2) for x in os.getloadavg()]
        document["duration_seconds"] = round(time.perf_counter() - started, 1)
        document["cpu_seconds"] = round(sum(r.get("cpu_seconds", 0) for r in results), 1)
        if out:
            write(document, out)

    for database in ["sqlite"] + (["postgresql"] if version else []):
        made: list[str] = []
        try:
            if database == "sqlite":
                folder = ROOT / "var" / "bench"
                folder.mkdir(parents=True, exist_ok=True)
                province_file = folder / f"province-{preset_name}.sqlite3"
                if not keep:
                    for leftover in folder.glob(province_file.name + "*"):
                        leftover.unlink()
                urls = {
                    "province": f"sqlite:///{province_file}",
                    "empty": None,
                }  # None: the script's own file
            else:
                made = [f"lb_bench_province_{preset_name}", f"lb_bench_empty_{preset_name}"]
                urls = {
                    "province": postgres.create(made[0], fresh=not keep),
                    "empty": postgres.create(made[1]),
                }
            for bench in chosen:
                if bench["db"] is None:
                    continue
                url = urls[bench["db"]]
                args = [*bench["args"], *(["--database-url", url] if url else [])]
                result = run_script(bench["name"], args, preset["timeout"])
                result.setdefault("database", database)
                record(result)
        finally:
            if made and not keep:
                for name in made:
                    postgres.drop(name)
    for bench in chosen:
        if bench["db"] is None:
            record(run_script(bench["name"], bench["args"], preset["timeout"]))
    document["complete"] = True
    if out:
        write(document, out)
    return document


def write(document: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    parser.add_argument("--out", type=Path, help="also write the document to this file")
    parser.add_argument(
        "--only", nargs="*", default=[], help="only these scripts (the others write the province they need)"
    )
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the generated province")
    args = parser.parse_args()
    postgres = None
    if not args.no_postgresql:
        postgres = Postgres(
            os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        )
    document = run(args.preset, only=args.only, postgres=postgres, keep=args.keep, out=args.out)
    if args.out:
        log(f"written to {args.out}")
    print(json.dumps(document, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
