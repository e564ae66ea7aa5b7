"""Display GeoJSON as static, content-addressed files the map fetches.

A layer's display GeoJSON at a date is the same for every visitor, so it does
not belong in each websocket session: the app writes it once (from its cache)
as ``static/layers/<sha256>.geojson`` and the map fetches it from the same
origin (``/app/static/layers/...``, served by Streamlit's static serving). The
name is the hash of the bytes, so a URL never changes meaning: browsers, nginx
and CDNs may cache it for good (``deploy/`` sets ``immutable`` and gzip). The
plain app serves it with an ETag and Last-Modified (revalidated, answered 304)
and gzips it per request.

Example
-------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> publish(folder, '{"type":"FeatureCollection","features":[]}').startswith("/app/static/layers/")
True
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

FOLDER = "layers"
URL_PREFIX = f"/app/static/{FOLDER}/"
SUFFIX = ".geojson"


def publish(static_dir: Path, text: str) -> str:
    """Write ``text`` (JSON) under ``static_dir/layers/`` by the SHA-256 of its bytes, once; its URL.

    The write is atomic (a temporary file, then a rename), so concurrent app
    processes sharing the folder never serve half a file.
    """
    data = text.encode("utf-8")
    name = hashlib.sha256(data).hexdigest() + SUFFIX
    target = Path(static_dir) / FOLDER / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, target)
    return URL_PREFIX + name


def local_path(static_dir: Path, url: str) -> Path:
    """The file behind a URL made by :func:`publish` (for tests and tools)."""
    if not url.startswith(URL_PREFIX) or "/" in url[len(URL_PREFIX):]:
        raise ValueError(f"not a layer file URL: {url!r}")
    return Path(static_dir) / FOLDER / url[len(URL_PREFIX):]
