"""The files the browser loads from the app itself, so the map works offline.

Leaflet 1.9.3 comes from the ``xstatic-leaflet`` package (the version folium
uses); the offline basemap is the bundled Natural Earth borders, simplified; the
map's own scripts and styles are the package's ``shieldmap/web/static/`` files
(:mod:`shieldmap.web.scripts`), served from ``static/shieldmap/``.
:func:`prepare_static` puts them all under the app's ``static/`` folder, which
Streamlit serves at ``/app/static/`` (``server.enableStaticServing``). ``make``
writes them at install time (``python -m shieldmap.web.assets static``); they are
not in git. The app checks them once per process and writes them only when
they are missing or stale (an app started without ``make``). Each text file is also written
compressed (``<file>.gz``), once, for the static server (``static_server.py``) and nginx.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from shieldmap.web import scripts

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
BASEMAP_FILE = "basemap.geojson"
PRECOMPRESSED = ("leaflet/leaflet.js", "leaflet/leaflet.css", BASEMAP_FILE)


def leaflet_file(name: str) -> Path:
    """A file of the packaged Leaflet distribution (``leaflet.js``, ``leaflet.css``)."""
    return LEAFLET_DIR / name


def prepare_static(static_dir: Path) -> Path:
    """Copy Leaflet and the map's scripts and styles, and write the basemap, under ``static_dir``; idempotent."""
    from shieldmap.web.webmap import offline_basemap

    target = static_dir / "leaflet"
    if not (target / "leaflet.js").is_file() or (target / "leaflet.js").read_bytes() != leaflet_file("leaflet.js").read_bytes():
        shutil.copytree(LEAFLET_DIR, target, dirs_exist_ok=True, copy_function=shutil.copy,  # mtime now: .gz stale
                        ignore=shutil.ignore_patterns("*.map", "*esm*", "leaflet-src.js"))
    own = static_dir / scripts.STATIC_SUBDIR  # the map's scripts and styles (shieldmap/web/static/)
    own.mkdir(parents=True, exist_ok=True)
    for source in scripts.files():
        if not (own / source.name).is_file() or (own / source.name).read_bytes() != source.read_bytes():
            shutil.copyfile(source, own / source.name)
    basemap = json.dumps(offline_basemap(), separators=(",", ":")).encode()
    path = static_dir / BASEMAP_FILE
    if not path.is_file() or path.read_bytes() != basemap:
        path.write_bytes(basemap)
    for name in PRECOMPRESSED:
        precompress(static_dir / name)
    return static_dir


def precompress(path: Path) -> Path:
    """``path.gz`` beside ``path``, written when missing or older than the file: the app's static server
    (``static_server.py``) and nginx's ``gzip_static`` send it as is instead of compressing per request."""
    packed = path.with_name(path.name + ".gz")
    if not packed.is_file() or packed.stat().st_mtime_ns < path.stat().st_mtime_ns:
        partial = packed.with_name(f".{packed.name}.{os.getpid()}.tmp")
        partial.write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
        os.replace(partial, packed)
    return packed


def main(argv: list[str] | None = None) -> int:
    """``python -m shieldmap.web.assets DIR``: write the offline files into DIR (``make`` runs it at install time)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m shieldmap.web.assets DIR", file=sys.stderr)
        return 2
    folder = Path(args[0])
    folder.mkdir(parents=True, exist_ok=True)
    prepare_static(folder)
    print(f"offline assets (Leaflet, the map's scripts, basemap) in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
