"""Find and mask ID numbers and mobile numbers inside free text."""

import re

from laborbridge.core import idnumber, phone
from laborbridge.core.vocabulary import drop_controls

ID_PATTERN = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])")
PHONE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def contains_personal_numbers(text: str) -> bool:
    """True if the text holds something shaped like an ID number or a mobile number."""
    return bool(ID_PATTERN.search(text) or PHONE_PATTERN.search(text))


def scrub(value):
    """Mask anything that looks like an ID number or a mobile number, recursively; drop control characters
    (`vocabulary.drop_controls`), which a hostile file can put in a message and PostgreSQL cannot hold."""
    if isinstance(value, str):
        value = ID_PATTERN.sub(lambda m: idnumber.mask(m.group()), value)
        return drop_controls(PHONE_PATTERN.sub(lambda m: phone.mask(m.group()), value))
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def full_numbers(text: str) -> list[str]:
    """The full ID numbers (18 characters with a valid check digit) and mobile numbers inside the text."""
    found = [
        number
        for number in re.findall(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])", text)
        if idnumber.check_digit(number[:17]) == number[17].upper()
    ]
    return found + PHONE_PATTERN.findall(text)
