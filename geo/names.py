"""Country names in other languages, from Unicode CLDR (through Babel): Natural Earth's ``iso_n3`` (ISO
3166-1 numeric) -> CLDR's territory code -> its name in the language (``Romania`` -> ``Румыния``)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import get_global

from geo import borders


WITHOUT_NUMERIC = {"Kosovo": "XK"}
"""Natural Earth names with no ISO 3166-1 numeric code whose territory CLDR names by a code of its own."""


@lru_cache(maxsize=8)
def _territories(lang: str) -> dict:
    return dict(Locale.parse(lang).territories)


def by_code(iso_n3, lang: str) -> str | None:
    """The name of the territory with ISO 3166-1 numeric code ``iso_n3`` in ``lang`` (None: CLDR has none)."""
    if iso_n3 is None:
        return None
    alias = get_global("territory_aliases").get(str(iso_n3).strip().zfill(3))
    return _territories(lang).get(alias[0]) if alias else None


@lru_cache(maxsize=8)
def country_names(lang: str) -> dict[str, str]:
    """Natural Earth country name (``borders.load_borders()["name"]``) -> its name in ``lang``, where CLDR has one."""
    frame = borders.load_borders()
    found = {name: by_code(code, lang) or _territories(lang).get(WITHOUT_NUMERIC.get(name, ""))
             for name, code in zip(frame["name"], frame["iso_n3"])}
    return {name: text for name, text in found.items() if text}
