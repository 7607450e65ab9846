"""One write path per fact, read from the source: no other module writes a spell or a worker, or derives their columns."""

import re
from pathlib import Path

import laborbridge

ROOT = Path(laborbridge.__file__).parent
SPELL_WRITES = re.compile(
    r"Employment\.objects\.(create|bulk_create|get_or_create|update_or_create|update)\b"
    r"|(?<!class )\bEmployment\("
    r"|\.insert\(\s*Employment\b|\.update\(\s*Employment\b"
)
WORKER_WRITES = re.compile(
    r"Worker\.objects\.(create|bulk_create|get_or_create|update_or_create|update)\b"
    r"|(?<!class )\bWorker\(|\.insert\(\s*Worker\b|\.update\(\s*Worker\b|\bworker\.save\("
)
DERIVATIONS = re.compile(r"\bname_keys\(|\bblind_index\(|\bplace_class_for\(")


def sources():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_only_the_employment_services_write_spells():
    writers = {name for name, text in sources() if SPELL_WRITES.search(text)}
    assert writers == {"employment/services.py"}


def test_only_the_worker_services_write_workers():
    writers = {name for name, text in sources() if WORKER_WRITES.search(text)}
    assert writers == {"workers/services.py"}


def test_derived_columns_and_the_place_class_are_computed_in_one_place_each():
    computing = {name for name, text in sources() if DERIVATIONS.search(text)}
    assert computing == {
        "core/crypto.py",  # defines blind_index
        "core/keyrotation.py",  # re-indexes every encrypted field under a new key, whatever its model
        "core/pinyin.py",  # defines name_keys
        "employment/places.py",  # defines place_class_for
        "employment/services.py",  # the spell services, single and bulk
        "matching/scoring.py",  # a vacancy's place for a worker, to score the pair (never stored)
        "workers/derived.py",  # worker_derived and the two indexes
        "workers/selectors.py",  # a searched name's pinyin key, to use the stored key's index (never stored)
    }
