"""Closed vocabularies: the one place a concept's values, labels and the other words people write live.

A `Vocabulary` is built from the model's `TextChoices` (value and Chinese label) plus the synonyms found in
real sheets (技校, 专科 ...). Forms and models use `choices`, importers `parse`, exports and templates
`label`, and error messages list `labels`, so that a word added here is accepted everywhere at once.
"""

import re
import unicodedata

from django.db.models import TextChoices

# Control characters (NUL and the like; not tab or line breaks) mean nothing in what people write, and
# PostgreSQL's text and JSON cannot hold NUL: cells, places and stored messages drop them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def drop_controls(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


class UnknownWord(ValueError):
    """A word outside the vocabulary; the message (Chinese) lists what is allowed."""


def fold(text) -> str:
    """Fold a word for comparison: full-width to half-width, no spaces or line breaks, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).upper()


class Vocabulary:
    """The values of one concept, their labels, and every word accepted for each value."""

    def __init__(
        self,
        choices: type[TextChoices],
        *,
        synonyms: dict[str, str] | None = None,
        blank: str | None = "",
        message,
    ):
        # blank: what an empty cell means (None: an empty cell is refused); message: a lazy Chinese
        # text with %(allowed)s, the labels joined by 、.
        self.choices = choices
        self.blank = getattr(blank, "value", blank)
        self._message = message
        self.words: dict[str, str] = {fold(label): value for value, label in choices.choices}
        for word, value in (synonyms or {}).items():
            if value not in choices.values and value != blank:
                raise ValueError(f"{word!r} names {value!r}, which is not a value of {choices.__name__}")
            self.words[fold(word)] = getattr(value, "value", value)

    @property
    def values(self) -> list[str]:
        return list(self.choices.values)

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.choices.labels]

    def label(self, value) -> str:
        """The label of a value; empty for an empty or unknown value."""
        try:
            return str(self.choices(value).label) if value else ""
        except ValueError:
            return ""

    def parse(self, word) -> str:
        """The value a word names (a label, a synonym, or the value itself); raise UnknownWord."""
        if isinstance(word, self.choices):
            return word.value
        key = fold(word)
        if not key and self.blank is not None:
            return self.blank
        if key in self.words:
            return self.words[key]
        if str(word).strip() in self.choices.values:
            return str(word).strip()
        raise UnknownWord(self.message())

    def message(self) -> str:
        return str(self._message) % {"allowed": "、".join(self.labels)}
