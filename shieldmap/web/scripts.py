"""Data for the map's scripts: JSON that is safe inside a ``<script>``."""

from __future__ import annotations

import json


def script_json(data) -> str:
    """JSON for inside a ``<script>``: ``<``, ``>`` and ``&`` escaped as in Jinja's ``tojson``,
    and the line separators U+2028/U+2029 that old JavaScript parsers take for line ends."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text
