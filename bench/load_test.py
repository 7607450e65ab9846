"""Run the locust load test headless against a running server and print its figures (docs/load-test.md).

    .venv/bin/python bench/load_test.py --host http://127.0.0.1:8765 --users 50 --run-time 3m [--json]

Needs `make loadtest` (locust, from requirements-load.lock) and a server prepared as docs/load-test.md says
(loadtest/prepare.py). Prints throughput (requests/s), failures, and the median and p95 of each request type,
as locust measured them at the client (so they include the queueing in the server), with the load average
of the machine before and at the end of the run. `--json` prints the figures in the bench protocol; progress
and locust's own output go to stderr.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUST = Path(sys.executable).with_name("locust")


def run(args) -> dict:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
        prefix = Path(folder) / "run"
        command = [
            str(LOCUST), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--host", args.host, "--headless",
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.run_time, "--csv", str(prefix),
            "--only-summary", "--stop-timeout", "30",
        ]  # fmt: skip
        print("running:", " ".join(command), file=sys.stderr)
        # Locust exits 1 when any request failed: the figures say so, the wrapper still reports them.
        subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr, check=False, timeout=args.timeout)
        load_end = os.getloadavg()
        with open(f"{prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
    return {"rows": rows, "load_before": load_before, "load_end": load_end}


def figures(result: dict, args) -> list[dict]:
    method = (
        f"locust {args.users} users (spawn {args.spawn_rate}/s) for {args.run_time}, headless on the same machine as "
        f"the server; client-side times; load average {result['load_before'][0]:.1f} before, "
        f"{result['load_end'][0]:.1f} at the end"
    )
    out = []
    for row in result["rows"]:
        name = row["Name"]
        if name == "Aggregated":
            out.append(
                _figure("throughput", float(row["Requests/s"]), "count", method + " (requests per second)")
            )
            out.append(_figure("requests", int(row["Request Count"]), "count", method))
            failures = int(row["Failure Count"])
            out.append(_figure("failures", failures, "count", method, target=0, met=failures == 0))
            out.append(_figure("all requests median", float(row["50%"]), "ms", method))
            out.append(_figure("all requests p95", float(row["95%"]), "ms", method))
            continue
        out.append(
            _figure(f"{name} median", float(row["50%"]), "ms", f"{method}; {row['Request Count']} requests")
        )
        out.append(
            _figure(f"{name} p95", float(row["95%"]), "ms", f"{method}; {row['Request Count']} requests")
        )
    return out


def _figure(name, value, unit, method, target=None, met=None) -> dict:
    return {"name": name, "value": value, "unit": unit, "method": method, "target": target, "target_met": met}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--host", default="http://127.0.0.1:8765", help="the server under test (loopback only)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="3m")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds before the run is stopped")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="the server's database (for the record; the server is started separately)")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not LOCUST.exists():
        sys.exit("locust is not installed: run `make loadtest` once (requirements-load.lock).")
    result = run(args)
    found = figures(result, args)
    if args.json:
        database = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
        print(json.dumps({"bench": "load_test", "database": database,
                          "size": {"users": args.users, "run_time": args.run_time}, "figures": found},
                         ensure_ascii=False))  # fmt: skip
        return
    for figure in found:
        print(f"{figure['name']:<45} {figure['value']:>10} {figure['unit']}")


if __name__ == "__main__":
    main()
