"""Write the figures of a `bench/run.py` document into docs/performance.md, between markers.

    .venv/bin/python bench/report.py [docs/bench/latest.json] [--doc docs/performance.md] [--check]

Only the text between `<!-- bench:begin NAME -->` and `<!-- bench:end NAME -->` is replaced; the prose of
each section is left alone. NAME is `run` (the machine, the load, the commit, each script's time) or a
script's name (`worker_list`, `ledger_import`, ...): a table with a column per database, the target, and
the way each figure was measured. A script in the document without markers in the page is named on stderr;
markers without figures say that the run did not measure them. --check exits 1 when the page would change.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench:begin {} -->", "<!-- bench:end {} -->"
MARKER = re.compile(r"^<!-- bench:begin ([\w-]+) -->$", re.MULTILINE)
DATABASES = ["sqlite", "postgresql", None]
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL", None: "value"}


def number(value, unit: str) -> str:
    if isinstance(value, bool) or value is None:
        return "—"
    if unit == "ratio":
        return f"{value:.3g}"
    if unit in ("count", "rows/s", "pairs/s") or (isinstance(value, int)):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"


def run_block(document: dict) -> str:
    m, load = document["machine"], document["load_average"]
    git = document["git"]
    duration = document.get("duration_seconds") or 0
    cpu = document.get("cpu_seconds")
    lines = [
        f"Run `{document['preset']}` of {document['date']} at commit `{git['commit'][:10]}`"
        + (" (with uncommitted changes)" if git.get("dirty") else "")
        + f", {duration / 60:.1f} minutes in all"
        + (f" ({cpu / 60:.1f} minutes of CPU time in the scripts' processes)" if cpu else "")
        + ("." if document.get("complete", True) else "; **incomplete**: stopped after the scripts below."),
        f"Machine: {m['cores']} cores, {m['ram_gb']} GB, {m['cpu']}; Python {m['python']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m['postgresql'] or 'not reachable'}. Load average (1, 5, 15 min) at the start "
        f"{', '.join(map(str, load['start']))}, at the end {', '.join(map(str, load.get('end') or []))}.",
        *([document["note"]] if document.get("note") else []),
        "",
        "| script | database | wall s | CPU s | state |",
        "|---|---|---|---|---|",
    ]
    for result in document["results"]:
        state = "error: " + result["error"].replace("|", "/")[:160] if "error" in result else "ok"
        database = LABELS.get(result.get("database"), "—") if result.get("database") else "—"
        lines.append(
            f"| {result['bench']} | {database} | {result.get('wall_seconds', 0):,.1f} | "
            f"{result.get('cpu_seconds', 0):,.1f} | {state} |"
        )
    return "\n".join(lines)


def _pairs(names: list[str]) -> list[tuple[str, list[str]]]:
    """Rows of the table: "X, median" and "X, p95" side by side as one row "X (median / p95)"."""
    rows, taken = [], set()
    for name in names:
        if name in taken:
            continue
        if name.endswith(", median") and (p95 := name.removesuffix(", median") + ", p95") in names:
            rows.append((name.removesuffix(", median") + " (median / p95)", [name, p95]))
            taken.add(p95)
        else:
            rows.append((name, [name]))
    return rows


def _cell(figure: dict | None) -> str:
    if figure is None:
        return "—"
    cell = number(figure["value"], figure["unit"])
    return f"**{cell}** ✗" if figure.get("target_met") is False else cell


def bench_block(name: str, results: list[dict]) -> str:
    """One table for a script: a row per figure (a median with its p95), a column per database it ran on."""
    ok = [r for r in results if "error" not in r]
    errors = [r for r in results if "error" in r]
    lines = []
    if ok:
        columns = [d for d in DATABASES if any(r.get("database") == d for r in ok)]
        by_db = {r.get("database"): r for r in ok}
        names: list[str] = []
        figures: dict = {}
        for result in ok:
            for figure in result["figures"]:
                if figure["name"] not in figures:
                    names.append(figure["name"])
                figures.setdefault(figure["name"], {})[result.get("database")] = figure
        methods: list[str] = []
        header = ["figure", *(LABELS[d] for d in columns), "unit", "target", "how"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for label, parts in _pairs(names):
            cells = [" / ".join(_cell(figures[part].get(d)) for part in parts) for d in columns]
            first = next(iter(figures[parts[0]].values()))
            targets = [next(iter(figures[part].values())).get("target") for part in parts]
            target = next((t for t in targets if t is not None), None)
            method = first.get("method", "")
            if method not in methods:
                methods.append(method)
            lines.append(
                f"| {label} | " + " | ".join(cells) + f" | {first['unit']} | "
                f"{'—' if target is None else number(target, first['unit'])} | [{methods.index(method) + 1}] |"
            )
        sizes = "; ".join(
            f"{LABELS.get(d, d)}: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in
                                             (by_db[d].get("size") or {}).items())
            for d in columns
        )  # fmt: skip
        lines += ["", f"Size — {sizes}. A figure in bold with ✗ misses its target.", ""]
        lines += [f"- [{i}] {method}" for i, method in enumerate(methods, 1)]
    for result in errors:
        database = LABELS.get(result.get("database"), "") if result.get("database") else ""
        lines += ["", f"Not measured{' on ' + database if database else ''}: {result['error']}."]
        if result.get("text"):
            lines += ["", "```text", *result["text"], "```"]
    return "\n".join(lines).strip()


def render(document: dict, page: str) -> tuple[str, list[str]]:
    """The page with every marked block rewritten, and the scripts in the document that have no block."""
    by_name: dict[str, list[dict]] = {}
    for result in document["results"]:
        by_name.setdefault(result["bench"], []).append(result)
    blocks = {"run": run_block(document)} | {name: bench_block(name, rs) for name, rs in by_name.items()}
    placed = set(MARKER.findall(page))
    unplaced = [name for name in by_name if name not in placed]
    out, position = [], 0
    # A marker is a line of its own (a marker quoted in the prose is left alone).
    for match in MARKER.finditer(page):
        name = match.group(1)
        end = re.compile(rf"^{re.escape(END.format(name))}$", re.MULTILINE).search(page, match.end())
        if end is None:
            raise ValueError(f"{BEGIN.format(name)} has no {END.format(name)}")
        if match.start() < position:
            continue
        body = blocks.get(
            name, f"Not measured in the run of {document['date']} (preset {document['preset']})."
        )
        out.append(page[position : match.end()] + "\n" + body + "\n")
        position = end.start()
    out.append(page[position:])
    return "".join(out), unplaced


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("json", nargs="?", type=Path, default=ROOT / "docs" / "bench" / "latest.json")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is not up to date")
    args = parser.parse_args()
    document = json.loads(args.json.read_text())
    page = args.doc.read_text()
    new, unplaced = render(document, page)
    for name in unplaced:
        print(f"report: no <!-- bench:begin {name} --> block in {args.doc}", file=sys.stderr)
    if args.check:
        sys.exit(0 if new == page else 1)
    if new != page:
        args.doc.write_text(new)
        print(f"report: {args.doc} updated", file=sys.stderr)


if __name__ == "__main__":
    main()
