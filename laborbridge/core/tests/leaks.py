"""Find full ID numbers and phones where they must never be: audit events, import error lists, log lines.

The root conftest runs `leaks_in_database` and the log check after every database test of the suite, so the
whole suite is the representative run; `test_no_leaks.py` shows that a planted leak is caught.
"""

import json
import logging

from laborbridge.core.redaction import full_numbers


def leaks_in_database() -> list[str]:
    from laborbridge.core.models import AuditEvent
    from laborbridge.ledger.models import LedgerImport

    found = []
    for event in AuditEvent.objects.values():
        text = json.dumps(event, default=str, ensure_ascii=False)
        found += [f"audit event {event['id']} ({event['action']}): {n}" for n in full_numbers(text)]
    for job in LedgerImport.objects.values("pk", "errors", "notices", "message"):
        text = json.dumps(job, default=str, ensure_ascii=False)
        found += [f"import {job['pk']} errors or message: {n}" for n in full_numbers(text)]
    return found


class LogCollector(logging.Handler):
    """Keeps every log line formatted as a log file would hold it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))

    def emit(self, record):
        try:
            self.lines.append(self.format(record))
        except Exception:  # a log call with bad arguments is not what this looks for
            self.lines.append(str(record.msg))

    def leaks(self) -> list[str]:
        return [f"log line: {line[:200]}" for line in self.lines if full_numbers(line)]
