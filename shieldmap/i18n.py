"""The interface's language: gettext catalogues (``shieldmap/locale/LANG/LC_MESSAGES/shieldmap.po``,
compiled to ``.mo`` at install time by ``pybabel compile``) loaded through Babel, and the current
language of this run.

The current language is a :class:`contextvars.ContextVar`, not a module global: each Streamlit
session's script runs in its own thread (its own context) and sets it at the start of each run
(:func:`use`), so two visitors reading different languages at once never mix; the command line sets
it once from ``--lang``. Texts defined at import time (layer titles, basemap names) are marked with
:func:`N_` where they are defined and translated with :func:`_` where they are shown.

Dates are written with Babel's CLDR data (``31 октября 2013 г.``); country names come from CLDR's
territory names (:func:`country_name`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import re
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from geo.texts import Text, TextError

DOMAIN = "shieldmap"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"
LANGUAGES = {"en": "English", "ru": "Русский"}
"""Language codes and their names in their own language (the switch shows these)."""

_current: contextvars.ContextVar[str] = contextvars.ContextVar("shieldmap_lang", default=DEFAULT)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English, the source language: none). A missing ``.mo`` raises: the
    install step (``make``, the Dockerfile) compiles it, and a silent English fallback would hide that."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `pybabel compile -d {LOCALE_DIR} -D {DOMAIN}` (make does)")
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def parse(text: str) -> str:
    """A language code as given (``ru``, ``EN``) -> its code; ``ValueError`` naming the known ones."""
    code = str(text).strip().lower()
    if code not in LANGUAGES:
        raise TextError(N_("unknown language {value} (known: {known})"), value=repr(text), known=", ".join(LANGUAGES))
    return code


ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The variables a gettext program reads for its language, first set first (``LANGUAGE`` may list several)."""


def from_environment(environ) -> str:
    """The language ``environ`` asks for as gettext reads it (``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``: the first that is set; ``ru_RU.UTF-8`` -> ``ru``): one of :data:`LANGUAGES`, English otherwise
    (``C``, ``de_DE``, nothing set)."""
    for name in ENVIRONMENT:
        value = environ.get(name)
        if not value:
            continue
        for item in value.split(":") if name == "LANGUAGE" else (value,):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":  # LC_ALL=de_DE: German asked for, which we lack: English (not LANG's language)
            return DEFAULT
    return DEFAULT


def explain(error: Exception | str) -> str:
    """An error's (or a :class:`geo.texts.Text`'s) message in the current language: its template translated and
    filled in (its ``words`` translated too, an error or a ``Text`` among its values explained in turn, numbers in
    the language's notation), any other error's (or text's) as it is. English is the ``str()`` word for word."""
    if isinstance(error, Text):
        if current() == DEFAULT:
            return str(error)
        template = ngettext(error.template, error.plural, error.values["n"]) if error.plural else _(error.template)
        return template.format(**_filled(error.values, error.words))
    if not isinstance(error, TextError):
        return str(error)
    return _(error.template).format(**_filled(error.values, error.words))


def _filled(values: dict, words) -> dict:
    return {key: explain(value) if isinstance(value, (TextError, Text)) else _(value) if key in words
            else _Number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and current() != DEFAULT
            else value for key, value in values.items()}


class _Number:
    """A number among a text's values, written in the current language's notation whatever the template's
    format (``{n:,}`` -> ``5 000``, ``{size:.1f}`` -> ``1,5`` in Russian)."""

    def __init__(self, value):
        self.value = value

    def __format__(self, spec: str) -> str:
        match = re.fullmatch(r"(,?)(?:\.(\d+))?([dfg]?)", spec)
        if not match:
            return format(self.value, spec)
        digits = int(match[2]) if match[2] else (0 if isinstance(self.value, int) or match[3] == "d" else None)
        if match[3] == "g":
            digits = None
        pattern = ("#,##0" if match[1] else "0") + ("." + "0" * digits if digits else "" if digits == 0 else ".###")
        return format_decimal(self.value, format=pattern, locale=current(), decimal_quantization=True)

    def __str__(self) -> str:
        return format(self, "")


def current() -> str:
    """The language of this run (this thread's context)."""
    return _current.get()


def use(lang: str) -> None:
    """Make ``lang`` this run's language (the app, at the start of each run; the CLI, once)."""
    _current.set(parse(lang))


@contextlib.contextmanager
def language(lang: str):
    """``with language("ru"): ...``: ``lang`` inside the block, the previous language after it."""
    token = _current.set(parse(lang))
    try:
        yield
    finally:
        _current.reset(token)


def fixed(func):
    """``func`` run in the language that is current now, wherever it is called later: a widget's
    ``format_func`` (Streamlit may call it outside the run's context, e.g. its test harness)."""
    lang = current()

    def call(*args, **kwargs):
        with language(lang):
            return func(*args, **kwargs)

    return call


def _(message: str) -> str:
    """``message`` (English) in the current language."""
    return translations(_current.get()).gettext(message) if message else message


def translate(value) -> str:
    """A value from data whose words are marked elsewhere (a status, a holder: ``N_`` where their vocabulary is
    defined) in the current language; not a keyword of ``pybabel extract``, so ``translate(row["status"])`` does
    not extract the column name."""
    return _(value) if isinstance(value, str) else value


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural (Russian has three forms: the catalogue's plural rule picks) for ``n``."""
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined (import time); it is translated where shown."""
    return message


WIDGET_DATE = N_("YYYY-MM-DD")
"""How the date widgets (the sliders, the typed date) write a date, in Streamlit's notation: ISO in English,
``DD.MM.YYYY`` in Russian (its catalogue entry)."""


def widget_date() -> str:
    """:data:`WIDGET_DATE` in the current language."""
    return _(WIDGET_DATE)


def widget_date_text(day: dt.date) -> str:
    """``day`` as the date widgets show it in the current language (``2013-10-31``, ``31.10.2013``)."""
    return day.strftime(widget_date().replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d"))


def date_long(day: dt.date) -> str:
    """``31 October 2013`` / ``31 октября 2013 г.``."""
    return format_date(day, "d MMMM y", locale="en") if current() == DEFAULT else format_date(day, "long", locale=current())


def date_short(day: dt.date) -> str:
    """``8 Jun 2011`` / ``8 июн. 2011 г.``."""
    return f"{day:%-d %b %Y}" if current() == DEFAULT else format_date(day, "medium", locale=current())


def month(day: dt.date) -> str:
    """``Nov 2013`` / ``нояб. 2013 г.`` (a date known to the month)."""
    return format_skeleton("yMMM", day, locale=current())


def number(value: float, digits: int | None = 0) -> str:
    """A shown number in the current language's notation (CLDR through Babel): ``10,198.5`` in English,
    ``10 198,5`` in Russian, where ``10,198`` would read as ten point one nine eight. ``digits``: decimals
    shown (rounded half to even, as Python's format); None: up to three, trailing zeros left out (as ``:g``
    for the figures' own values, e.g. ``1.5`` or ``150``). Coordinates are not shown through this: they stay
    as machine-readable ``55.7558, 37.6173``."""
    return format(_Number(value), ",g" if digits is None else f",.{digits}f")


def percent(share: float) -> str:
    """A share (``0.588``) as the current language writes a percentage (CLDR's pattern), to a tenth at most:
    ``58.8%``, ``58,8 %``."""
    return format_percent(round(float(share), 3), locale=current(), decimal_quantization=False)


def country(english: str, lang: str | None = None) -> str:
    """A Natural Earth country name in ``lang`` (default: the current language), from CLDR's territory names
    (:func:`geo.names.country_names`); as it is in English or where CLDR has no name for it."""
    lang = lang or current()
    if lang == DEFAULT:
        return english
    from geo.names import country_names  # reads the borders: only when a name is asked for

    return country_names(lang).get(english, english)
