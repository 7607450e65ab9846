"""docs/personal-data.md classifies every field of every model: a new field fails here until it is listed."""

import re
from pathlib import Path

from django.apps import apps

DOC = Path(__file__).resolve().parents[3] / "docs" / "personal-data.md"
FIELD = re.compile(r"`([a-z_]+\.[A-Za-z]+\.[a-z_0-9]+)`")


def sections() -> tuple[dict[str, list[str]], set[str]]:
    text = DOC.read_text(encoding="utf-8")
    personal_part, rest = text.split("## Fields holding no personal information")
    personal = {}
    for line in personal_part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = FIELD.fullmatch(cells[0]) if cells else None
        if match:
            personal[match.group(1)] = cells[1:]
    other = set(FIELD.findall(rest.split("## Erasure")[0]))
    return personal, other


def model_fields() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("laborbridge.")
        for field in model._meta.concrete_fields
    }


def test_every_field_of_every_model_is_classified():
    personal, other = sections()
    assert model_fields() - set(personal) - other == set(), "classify these in docs/personal-data.md"


def test_the_inventory_names_no_field_that_does_not_exist():
    personal, other = sections()
    assert (set(personal) | other) - model_fields() == set()


def test_no_field_is_both_personal_and_not():
    personal, other = sections()
    assert set(personal) & other == set()


def test_each_personal_field_says_why_it_is_kept_how_sensitive_it_is_and_how_it_is_protected():
    personal, _other = sections()
    for name, (purpose, sensitivity, protection) in personal.items():
        assert purpose and protection, name
        assert sensitivity.split()[0] in ("敏感", "一般", "关联"), name
