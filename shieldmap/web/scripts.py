"""The map's scripts and styles: real files in ``shieldmap/web/static/`` (package data), and the JSON
their functions are called with.

- ``map.js`` / ``map.css``: the map's own behaviour and looks (panes, hatch, names by zoom and their
  declutter, the layer style function, the key), for the app and the HTML export;
- ``fetch.js``: the app's layer loader (layer files fetched from the app);
- ``story.js`` / ``story.css`` / ``export.css``: the HTML export's guided tour and page.

The app serves them from ``static/shieldmap/`` (written with Leaflet by ``python -m
shieldmap.web.assets static``) at :func:`url`, which names the content's hash so a browser never
keeps an old copy; the self-contained HTML export puts them inline (:func:`inline`). A script is
called with its parameters as JSON (:func:`script_json`), never by formatting code as text.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "static"
STATIC_SUBDIR = "shieldmap"  # under the app's static/ folder
URL_PREFIX = f"/app/static/{STATIC_SUBDIR}/"


def script_json(data) -> str:
    """JSON for inside a ``<script>``: ``<``, ``>`` and ``&`` escaped as in Jinja's ``tojson``,
    and the line separators U+2028/U+2029 that old JavaScript parsers take for line ends."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def files() -> list[Path]:
    """Every script and style file the package ships."""
    return sorted(p for p in FOLDER.iterdir() if p.suffix in (".js", ".css"))


@lru_cache(maxsize=None)
def text(name: str) -> str:
    """A file's text (``map.js``, ...)."""
    return (FOLDER / name).read_text(encoding="utf-8")


def url(name: str) -> str:
    """Where the app serves a file: ``/app/static/shieldmap/<name>?v=<its hash>``."""
    return f"{URL_PREFIX}{name}?v={hashlib.sha256(text(name).encode()).hexdigest()[:12]}"


def inline(*names: str) -> str:
    """The files as ``<style>`` and ``<script>`` elements, in the order given (for the HTML export)."""
    parts = []
    for name in names:
        tag = "style" if name.endswith(".css") else "script"
        if f"</{tag}" in text(name).lower():
            raise RuntimeError(f"cannot inline {name}: it contains </{tag}")
        parts.append(f"<{tag}>\n{text(name)}</{tag}>")
    return "\n".join(parts)
