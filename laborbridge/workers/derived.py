"""A worker's derived columns: what follows from the name, the ID number, the phone and the township.

Every write path (the registry's services, the ledger import, the demo) takes them from
`worker_derived`, so a form, a spreadsheet and the demo cannot disagree on a worker's pinyin, sex,
birth date, county or blind indexes (the ID number's, its tail's, the phone's).
"""

from laborbridge.core import crypto, idnumber
from laborbridge.core.pinyin import name_keys

ID_CONTEXT = "workers.Worker.id_number"
PHONE_CONTEXT = "workers.Worker.phone"


def id_number_index(number: str) -> str:
    """The keyed blind index of an 18-character ID number, for exact lookup and uniqueness."""
    return crypto.blind_index(number, context=ID_CONTEXT)


def id_number_tail_index(tail: str) -> str:
    """The keyed index of an ID number's last four characters (of a whole number, or of a typed tail)."""
    return crypto.blind_index_tail(tail, context=ID_CONTEXT)


def phone_index(number: str) -> str:
    """The keyed blind index of a phone number; blank for no phone."""
    return crypto.blind_index(number, context=PHONE_CONTEXT) if number else ""


def worker_derived(
    *,
    name: str | None = None,
    id_number: idnumber.CitizenId | str | None = None,
    phone: str | None = None,
    township_code: str | None = None,
) -> dict:
    """The derived columns of the sources given (None: not given), by column name."""
    columns: dict = {}
    if name is not None:
        columns["name_pinyin"], columns["name_initials"] = name_keys(name)
    if id_number is not None:
        ident = id_number if isinstance(id_number, idnumber.CitizenId) else idnumber.parse(id_number)
        columns["id_number_bidx"] = id_number_index(ident.number)
        columns["id_number_tail_bidx"] = id_number_tail_index(ident.number)
        columns["birth_year"], columns["sex"] = ident.birth_date.year, ident.sex
    if phone is not None:
        columns["phone_bidx"] = phone_index(phone)
    if township_code is not None:
        columns["county_id"] = township_code[:6]  # a township's first six digits are its county
    return columns
