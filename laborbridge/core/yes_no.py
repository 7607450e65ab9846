"""Yes and no as sheets, forms and the API write them: 是/否, 有/无, √/×, Y/N, 1/0, true/false."""

from django.utils.translation import gettext_lazy as _

from laborbridge.core.vocabulary import UnknownWord, fold

YES = frozenset({"是", "有", "√", "✓", "✔", "Y", "YES", "1", "TRUE", "ON"})
NO = frozenset({"否", "无", "×", "✗", "N", "NO", "0", "FALSE", "OFF", ""})
MESSAGE = _("应填写“是”或“否”")


def yes_no_parse(value) -> bool:
    """True or False from a yes/no word or a bool; blank is no; raise UnknownWord for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = fold(value)
    if word in YES:
        return True
    if word in NO:
        return False
    raise UnknownWord(str(MESSAGE))


def yes_no_word(value: bool) -> str:
    """是 or 否, as an export writes it."""
    return "是" if value else "否"
