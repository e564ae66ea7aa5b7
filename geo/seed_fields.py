"""The seed files' field parsers (:mod:`geo.seeds` declares which column takes which): each returns the value
or raises :class:`geo.texts.TextError` saying what is wrong with it (the reader adds the file, line and column)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from geo.seed_terms import INFERRED_PREFIX
from geo.texts import N_, TextError


def _text(value: str):
    return value


def _date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise TextError(N_("{value} is not a date of the form YYYY-MM-DD"), value=repr(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TextError(N_("{value} is not a real calendar date"), value=repr(value)) from None


def _partial_date(value: str) -> str:
    """A source's date: YYYY, YYYY-MM or YYYY-MM-DD."""
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        _date(value + "-01")
        return value
    _date(value)
    return value


def _number(lo: float, hi: float, *, open_lo: bool = False) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise TextError(N_("{value} is not a number"), value=repr(value)) from None
        if number != number or number > hi or number < lo or (open_lo and number == lo):
            bound = f"({lo}, {hi}]" if open_lo else f"[{lo}, {hi}]"
            raise TextError(N_("{value} is outside {bound}"), value=value, bound=bound)
        return number
    return parse


def _one_of(choices: frozenset[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise TextError(N_("{value} is not one of {choices}"), value=repr(value), choices=", ".join(sorted(choices)))
        return value
    return parse


def _id(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        raise TextError(N_("{value} is not an id (lower-case letters, digits, '.', '_', '-')"), value=repr(value))
    return value


def _id_list(value: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(";"))
    for item in items:
        _id(item)
    return items


def _step(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise TextError(N_("{value} is not a step number (1, 2, ...)"), value=repr(value))
    return int(value)


def _yes_no(value: str) -> bool:
    if value not in ("yes", "no"):
        raise TextError(N_("{value} is not yes or no"), value=repr(value))
    return value == "yes"


#: The longest quote: a record carries the few words that support it, not the source's text.
QUOTE_MAX_CHARS = 400


def _quote(value: str) -> str:
    if len(value) > QUOTE_MAX_CHARS:
        raise TextError(N_("{count} characters; a quote is at most {most} (the words that support the record)"),
                        count=len(value), most=QUOTE_MAX_CHARS)
    return value


def _inferred(value: str) -> str:
    if not value.startswith(INFERRED_PREFIX) or not value[len(INFERRED_PREFIX):].strip():
        raise TextError(N_("{value} does not start with {prefix} and the reasoning"), value=repr(value[:40]),
                        prefix=repr(INFERRED_PREFIX))
    return value
