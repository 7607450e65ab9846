"""Where the web workers' time went in a load-test run: server time per kind of request, from gunicorn's log.

    .venv/bin/python loadtest/worker_time.py var/loadtest-run/access.log

Reads an access log written with `--access-logformat '%(m)s %(U)s %(s)s %(M)s'` (method, path, status,
milliseconds in the worker) and prints, per kind of request (ids folded), the worker-seconds it took, its share,
count and mean: the requests that hold the workers longest are the first place to look (docs/load-test.md).
"""

import collections
import re
import sys

FOLD = [
    (re.compile(r"/\d+/"), "/N/"),
    (re.compile(r"^/reports/(?!official/)[a-z_]+/"), "/reports/KEY/"),
    (re.compile(r"^/fairs/p/[^/]+/"), "/fairs/p/SLUG/"),
]


def main() -> None:
    total, count, statuses = collections.Counter(), collections.Counter(), collections.Counter()
    for line in open(sys.argv[1], encoding="utf-8"):
        try:
            method, path, status, ms = line.split()
        except ValueError:
            continue
        for pattern, text in FOLD:
            path = pattern.sub(text, path)
        key = f"{method} {path}"
        total[key] += int(ms)
        count[key] += 1
        statuses[status] += 1
    spent = sum(total.values()) or 1
    print(f"{sum(count.values())} requests, {spent / 1000:.1f} worker-seconds; statuses {dict(statuses)}")
    for key, ms in total.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
        print(
            f"{ms / 1000:8.1f} s {100 * ms / spent:5.1f}%  n={count[key]:5d}  mean {ms / count[key]:7.0f} ms  {key}"
        )


if __name__ == "__main__":
    main()
