"""Pseudonymous participant codes: normalised, refused when they may identify a person, hashed.

A coordinator may note a code per participant (a number on a card, "SOE-0042") so that unique
participants can be counted apart from visits. The issue allows pseudonymous codes only, never
names or CPR numbers, so :func:`normalise_code` refuses what looks like a CPR number, a phone
number, an e-mail address or a name, and the database keeps only :func:`hash_code`'s keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from activities.errors import ActivityError

MIN_LENGTH, MAX_LENGTH = 3, 24
_ALLOWED = re.compile(r"[A-Z0-9]+")
_SEPARATORS = re.compile(r"[\s\-]+")
_DIGIT_RUN = re.compile(r"\d+")
_EMAIL = re.compile(r"\S+@\S+")
_LETTER_WORDS = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)+")  # "Anna Hansen", "ANNA B HANSEN"
_WORD = re.compile(r"[^\W\d_]{3,}")
CPR_LENGTH, PHONE_LENGTH = 10, 8


def normalise_code(raw: str) -> str:
    """The code as stored before hashing: stripped, upper-case, without spaces and hyphens.

    "soe-0042", " SOE 0042 " and "SOE0042" are one participant. Raises :class:`ActivityError`
    (with a catalogue key) for anything that is not a short code of A-Z and 0-9, and for what
    looks like personal data: once hashed, nobody could see that a name was typed in.
    """
    text = raw.strip()
    _refuse_personal_text(text)
    code = _SEPARATORS.sub("", text).upper()
    if not MIN_LENGTH <= len(code) <= MAX_LENGTH:
        raise ActivityError(
            f"a participant code has {MIN_LENGTH}-{MAX_LENGTH} letters or digits, not {len(code)}",
            key="activities.err.code_length", low=MIN_LENGTH, high=MAX_LENGTH, length=len(code),
        )  # fmt: skip
    if not _ALLOWED.fullmatch(code):
        raise ActivityError(
            "a participant code has only the letters A-Z and the digits 0-9",
            key="activities.err.code_characters",
        )
    _refuse_personal_numbers(code)
    return code


def _refuse_personal_text(text: str) -> None:
    """E-mail addresses and names, judged on the text as typed (case and spaces still there)."""
    if _EMAIL.search(text):
        raise ActivityError("an e-mail address is not a code", key="activities.err.code_email")
    if _LETTER_WORDS.fullmatch(text) or _has_lowercase_word(text):
        raise ActivityError("a name is not a code", key="activities.err.code_name")


def _has_lowercase_word(text: str) -> bool:
    """A word of 3+ letters with a lowercase letter, in text with a space ("anna 12") or on its
    own ("Mette"): people type names like that. Codes are typed in capitals or carry digits, so
    "AB12" and "soe0042" pass; an all-capital word ("ABCD") is taken as a code printed on a card."""
    words = text.split()
    if len(words) == 1:
        return bool(_WORD.fullmatch(text)) and not text.isupper()
    return any(_WORD.fullmatch(w) and not w.isupper() for w in words)


def _refuse_personal_numbers(code: str) -> None:
    """CPR numbers (10 digits starting with a real ddmmyy) and phone numbers (8 digits, or 10
    with the Danish 45 in front), anywhere in the code's runs of digits."""
    for run in _DIGIT_RUN.findall(code):
        if any(_looks_like_cpr(run[i : i + CPR_LENGTH]) for i in range(len(run) - 9)):
            raise ActivityError("a CPR number is not a code", key="activities.err.code_cpr")
        if len(run) == PHONE_LENGTH or (len(run) == PHONE_LENGTH + 2 and run.startswith("45")):
            raise ActivityError("a phone number is not a code", key="activities.err.code_phone")


def _looks_like_cpr(digits: str) -> bool:
    """Ten digits whose first six are a date that exists in the 1900s or the 2000s (the CPR
    century lies in the seventh digit; either reading is enough to refuse)."""
    if len(digits) != CPR_LENGTH:
        return False
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


_NOTE_CPR = re.compile(r"(?<!\d)(\d{6})[\s\-]?(\d{4})(?!\d)")  # 0101901234, 010190-1234


def personal_in_note(text: str) -> str | None:
    """The catalogue key naming the personal data a session's note seems to hold (a CPR
    number, an e-mail address), else None. A note is stored in the clear and shown to staff, so
    what a code may never be, a note may not hold either; names cannot be told from words."""
    if _EMAIL.search(text):
        return "activities.err.note_email"
    if any(_looks_like_cpr(a + b) for a, b in _NOTE_CPR.findall(text)):
        return "activities.err.note_cpr"
    return None


def hash_code(code: str, key: bytes, project: str) -> str:
    """The hex HMAC-SHA256 of ``project NUL normalised code`` under the secret ``key``.

    Keyed, because a plain hash of a short code is reversed by trying every code. The project is
    in the message so that the same card number in two projects gives two unrelated hashes: one
    project's table cannot be joined to another's to follow a person. NUL separates the two so
    that ("AB", "C12") and ("ABC", "12") cannot collide.
    """
    if not key:
        raise ActivityError("the code key is empty", key="activities.err.code_key")
    message = f"{project}\x00{normalise_code(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
