"""The one allow-list of Latin words a Russian reader may see (issue 34.3), and the check the Russian tests share
(``tests/unit/test_russian_everywhere.py``, ``tests/browser/test_browser_russian_all.py``).

A word in Latin letters is allowed in a Russian text only when Russian itself writes it so:

- a source as it is cited: its outlet and its title (``sources.csv``), and the source's own words a popup
  quotes (``quotes.csv``'s ``quote``): read from the seeds, not listed here; anything inside a URL or a web
  address;
- the source's own words where a Russian text quotes them (in "…", '…' or “…”: Russian quotes its own words
  in «…»), and the symbols of a model's formula (``R = 6371 км``);
- the few names below, each with its reason.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![A-Za-z])'.+?'(?![A-Za-z])")  # a source's own words, quoted
FORMULA = re.compile(r"\b[A-Za-z]\s*=\s*[^,;)]*\)?|[/*]\s*[A-Za-z]\b")  # a formula: R = 6371 км; ... / R
CUT = re.compile(r"[A-Za-z]+…")  # a word cut short where a label is shortened: no word to judge
ADDRESS = re.compile(r"\bhttps?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ru|by|md|az|pl|ro|ca|uk|gov|mil|int)\b\S*")

ALLOWED = {
    # Weapon and radar designations Russian writes in Latin (the project's own *_ru columns write them so):
    "Aegis Ashore": "the US system's name, not translated in Russian (sites.csv name_ru)",
    "Aegis": "the US system's name (эсминцы Aegis)", "THAAD": "US system's designation", "Patriot": "US system's name",
    "SM-3": "US missile designation", "Block": "SM-3 Block IB/IIA/IIB", "IB": "SM-3 Block IB",
    "IIA": "SM-3 Block IIA", "IIB": "SM-3 Block IIB", "AN/TPY-2": "US radar designation",
    "X": "X-band (РЛС X-диапазона)", "IA": "SM-3 Block IA", "SPY-1": "US radar designation (AN/SPY-1)",
    "NSF Deveselu": "the US Navy's name of the base (Naval Support Facility), as Russian writes it",
    "G8": "the summit as the Russian press writes it (саммит G8)", "GBI": "US interceptor designation",
    # File formats, standards and data the reader picks or types by these names:
    "GeoJSON": "file format", "KML": "file format", "GeoPackage": "file format", "Shapefile": "file format",
    "ZIP": "file format", "CSV": "file format", "WKT": "file format", "PNG": "file format", "GIF": "file format",
    "SVG": "file format", "PDF": "file format", "MP4": "file format", "lat/lon": "the columns an uploaded CSV has",
    "SHA-256": "checksum name", "ETRS89-extended / LAEA Europe": "the figure's projection, its registered name",
    "WGS84": "geodetic datum", "EPSG": "projection registry", "APA": "citation style",
    "BibTeX": "citation format", "RIS": "citation format", "CSL-JSON": "citation format",
    # Names of software, basemaps and this project:
    "Leaflet": "map library (its attribution)", "JavaScript": "the language Leaflet's link names",
    "МСЭ-R P.453": "the ITU-R recommendation's designation, as Russian writes it",
    "OpenStreetMap": "basemap name", "CartoDB": "basemap name",
    "Positron": "basemap name", "pyproj": "library named in the method", "IGN": "Institut Géographique National",
    "shieldmap": "the project's name", "English": "the language switch names each language in itself",
    "Language / Язык": "the language switch's label, in both languages so that either reader finds it",
}


def allowed_words(seeds) -> set[str]:
    """:data:`ALLOWED`, the texts of the sources as cited (outlets, titles) and quoted (``quotes.csv``), and each word
    of an outlet's name and each part of a hyphenated one (a figure wraps a list of sources between any two words
    and after a hyphen)."""
    cited = {str(text) for column in ("outlet", "title") for text in seeds.sources[column].dropna()}
    outlets = {part for outlet in seeds.sources["outlet"].dropna() for word in WORD.findall(str(outlet))
               for part in (word, *re.split(r"[-/]", word))}  # wrapped between words, or at a hyphen ("RBC-Ukraine")
    quoted = {str(text) for text in seeds.quotes["quote"].dropna() if str(text).strip()}
    return set(ALLOWED) | cited | outlets | quoted


def latin(text: str, allowed: set[str]) -> list[str]:
    """The Latin words of ``text`` (addresses and the allowed names of several words left out) not in ``allowed``."""
    text = text.replace("\\", "")  # a label's Markdown escapes (SM\-3), as a widget's accessible name keeps them
    for name in sorted((name for name in allowed if " " in name or not WORD.fullmatch(name)), key=len, reverse=True):
        text = text.replace(name, " ")
    text = CUT.sub(" ", ADDRESS.sub(" ", FORMULA.sub(" ", QUOTED.sub(" ", text))))
    return [word for word in WORD.findall(text) if word not in allowed]


def foreign(texts, allowed: set[str]) -> dict[str, list[str]]:
    """{text: its Latin words not allowed} for each of ``texts`` that has any."""
    found = {}
    for text in texts:
        words = latin(text, allowed)
        if words:
            found[text] = words
    return found
