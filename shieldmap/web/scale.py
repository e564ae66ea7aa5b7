"""The web map's scale bar in the current language (issue 24).

Leaflet's scale control writes ``500 km`` and ``300 mi`` in English and has no option for its words, so
``map.js`` draws its own (``L.Control.Scale`` with the labels made from :func:`units`, set as text).
The words come from the gettext catalogue, by number (``ngettext``): English keeps Leaflet's
abbreviations; Russian writes ``км`` and ``м`` and spells out the imperial units, which have no standard
Russian abbreviation, in the form the number takes (``1 миля``, ``2 мили``, ``5 миль``; ``1 фут``,
``3 фута``, ``500 футов``). The browser picks the form with ``Intl.PluralRules`` (CLDR's categories
``one``, ``few``, ``many``, ``other``), so each unit goes as ``{category: "{n} ..."}``, each form taken
from the catalogue at a number of that category.
"""

from __future__ import annotations

from typing import Callable

from babel import Locale

from shieldmap import i18n
from shieldmap.i18n import ngettext

SAMPLES = range(0, 1001)
"""Whole numbers searched for one of each plural category (Leaflet's labels are 1, 2, 3 or 5 times a power of 10)."""


def _forms(form: Callable[[int], str]) -> dict[str, str]:
    """``{CLDR plural category: form(n) at a number n of that category}``, ``other`` always there."""
    locale = Locale.parse(i18n.current())
    forms: dict[str, str] = {}
    for n in SAMPLES:
        forms.setdefault(locale.plural_form(n), form(n))
    forms.setdefault("other", form(SAMPLES[-1]))  # Russian's "other": fractions only
    return forms


def units() -> dict[str, dict[str, str]]:
    """The scale bar's labels in the current language: ``{"km" | "m" | "mi" | "ft": {category: "{n} ..."}}``
    (English keeps Leaflet's abbreviations, whatever the number)."""
    return {"km": _forms(lambda n: ngettext("{n} km", "{n} km", n)),
            "m": _forms(lambda n: ngettext("{n} m", "{n} m", n)),
            "mi": _forms(lambda n: ngettext("{n} mi", "{n} mi", n)),
            "ft": _forms(lambda n: ngettext("{n} ft", "{n} ft", n))}
